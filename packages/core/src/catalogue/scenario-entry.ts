/**
 * The scenario (usage) list (电子证照应用场景清单 / 用证清单): where a licence type is
 * accepted and for which service matters, published so that relying parties stop
 * asking for paper.
 */
import { jsonPathMember } from '../canonical/index.js';
import { HutongError } from '../errors.js';
import { parseTypeCode, type TypeCode } from '../identifiers/index.js';
import { atPath, optionalMember, readMatterCode, readMembers, readText } from './read-members.js';

export interface ScenarioEntry {
  readonly certificateTypeCode: TypeCode;
  /** The service matter (政务服务事项) code the licence is accepted for. */
  readonly matterCode?: string;
  /** The venue or setting (hospital admission, hotel check-in, a government hall …). */
  readonly venue?: string;
  readonly description: string;
}

const MAX_VENUE = 200;
const MAX_DESCRIPTION = 1000;

/**
 * Parses one scenario-list entry from untrusted input. A scenario names a matter, a
 * venue, or both: an entry with neither says nothing about where the licence is used.
 *
 * @example
 * parseScenarioEntry({ certificateTypeCode: '11100000000013338W032', venue: '酒店入住',
 *   description: '住宿登记时以电子身份证照替代实体证件' })
 */
export function parseScenarioEntry(input: unknown, path = '$'): ScenarioEntry {
  const object = readMembers(input, path, ['certificateTypeCode', 'description'], ['matterCode', 'venue']);
  const at = (name: string) => jsonPathMember(path, name);
  const entry: { -readonly [K in keyof ScenarioEntry]: ScenarioEntry[K] } = {
    certificateTypeCode: atPath(at('certificateTypeCode'), () => parseTypeCode(object.certificateTypeCode)),
    description: readText(object.description, at('description'), MAX_DESCRIPTION),
  };
  const matterCode = optionalMember(object, 'matterCode');
  if (matterCode !== undefined) {
    entry.matterCode = readMatterCode(matterCode, at('matterCode'));
  }
  const venue = optionalMember(object, 'venue');
  if (venue !== undefined) entry.venue = readText(venue, at('venue'), MAX_VENUE);
  if (entry.matterCode === undefined && entry.venue === undefined) {
    throw new HutongError('ERR_CATALOGUE_SCENARIO_TARGET', { field: path, params: { path } });
  }
  return entry;
}
