import { describe, expect, it } from 'vitest';
import { parseResponsibilityEntry } from './responsibility-entry.js';
import { parseScenarioEntry } from './scenario-entry.js';
import { refusal } from './test-support/sample-licence-type.js';

const responsibility = {
  departmentCode: '11100000000013338W',
  certificateTypeCode: '11100000000013338W032',
  deadline: '2025-12-31',
  paperCount: 12000,
};

describe('parseResponsibilityEntry (责任清单)', () => {
  it('parses and normalises the deadline', () => {
    expect(parseResponsibilityEntry(responsibility)).toEqual({ ...responsibility, deadline: '20251231' });
  });

  it('leaves paperCount out when it is unknown', () => {
    const { paperCount: _, ...rest } = responsibility;
    expect(parseResponsibilityEntry(rest)).toEqual({ ...rest, deadline: '20251231' });
    expect('paperCount' in parseResponsibilityEntry(rest)).toBe(false);
  });

  it.each([
    [{ ...responsibility, departmentCode: '91350100M000100Y44' }, 'ERR_USCC_CHECK', '$.departmentCode'],
    [
      { ...responsibility, certificateTypeCode: '11100000000013338W03' },
      'ERR_TYPE_CODE_LENGTH',
      '$.certificateTypeCode',
    ],
    [{ ...responsibility, deadline: '2025-02-29' }, 'ERR_CATALOGUE_DATE_INVALID', '$.deadline'],
    [{ ...responsibility, deadline: 20251231 }, 'ERR_CATALOGUE_DATE_INVALID', '$.deadline'],
    [{ ...responsibility, paperCount: -1 }, 'ERR_CATALOGUE_INTEGER_RANGE', '$.paperCount'],
    [{ ...responsibility, paperCount: '12' }, 'ERR_CATALOGUE_MEMBER_TYPE', '$.paperCount'],
    [{ ...responsibility, owner: 'x' }, 'ERR_CATALOGUE_UNKNOWN_MEMBER', '$.owner'],
    [
      { departmentCode: '11100000000013338W', certificateTypeCode: '11100000000013338W032' },
      'ERR_CATALOGUE_MISSING_MEMBER',
      '$.deadline',
    ],
    [[responsibility], 'ERR_CATALOGUE_NOT_OBJECT', '$'],
  ])('refuses %j', (input, code, field) => {
    const error = refusal(() => parseResponsibilityEntry(input));
    expect({ code: error.code, field: error.field }).toEqual({ code, field });
  });

  it('reports paths under the caller’s prefix (a row of a list)', () => {
    const error = refusal(() => parseResponsibilityEntry({ ...responsibility, deadline: 'soon' }, '$[7]'));
    expect(error.field).toBe('$[7].deadline');
  });
});

const scenario = {
  certificateTypeCode: '11100000000013338W032',
  matterCode: '000117012000',
  venue: '政务服务大厅',
  description: '办理建筑施工特种作业人员延期复核时免提交实体证书',
};

describe('parseScenarioEntry (应用场景清单)', () => {
  it('parses a scenario with a matter and a venue, or either alone', () => {
    expect(parseScenarioEntry(scenario)).toEqual(scenario);
    const { venue: _v, ...matterOnly } = scenario;
    expect(parseScenarioEntry(matterOnly)).toEqual(matterOnly);
    const { matterCode: _m, ...venueOnly } = scenario;
    expect(parseScenarioEntry(venueOnly)).toEqual(venueOnly);
  });

  it.each([
    [{ certificateTypeCode: scenario.certificateTypeCode, description: 'x' }, 'ERR_CATALOGUE_SCENARIO_TARGET', '$'],
    [{ ...scenario, description: '' }, 'ERR_CATALOGUE_TEXT', '$.description'],
    [{ ...scenario, description: 'a'.repeat(1001) }, 'ERR_CATALOGUE_TEXT', '$.description'],
    [{ ...scenario, venue: 'hall\u0007' }, 'ERR_CATALOGUE_TEXT', '$.venue'],
    [{ ...scenario, matterCode: '事项' }, 'ERR_CATALOGUE_PATTERN', '$.matterCode'],
    [{ ...scenario, certificateTypeCode: '11100000000013338W0AB' }, 'ERR_TYPE_CODE_SEQUENCE', '$.certificateTypeCode'],
    [{ ...scenario, grant: true }, 'ERR_CATALOGUE_UNKNOWN_MEMBER', '$.grant'],
    ['hotel', 'ERR_CATALOGUE_NOT_OBJECT', '$'],
  ])('refuses %j', (input, code, field) => {
    const error = refusal(() => parseScenarioEntry(input));
    expect({ code: error.code, field: error.field }).toEqual({ code, field });
  });
});
