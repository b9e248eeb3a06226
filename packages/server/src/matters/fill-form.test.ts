import type { FormField, FormValue } from '@hutong/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { type AvailableLicence, fillForm } from './fill-form.js';
import { completeForm, readFormValue } from './kiosk-sessions.js';
import type { Matter } from './matter.js';

const L = (zh: string) => ({ zh, en: zh });
const ID_CARD = '11100000000013469Q001';
const HOUSEHOLD = '11100000000013469Q002';
const MARRIAGE = '11100000000013551W001';

const matter: Matter = {
  code: 'M-1',
  version: 3,
  updatedAt: '2026-11-29T00:00:00.000Z',
  name: L('生育登记'),
  departmentCode: '11650000MB0000000X',
  holderCategory: 'person',
  materials: [
    { key: 'identity', name: L('身份证明'), kind: 'licence', anyOf: [ID_CARD, HOUSEHOLD] },
    { key: 'marriage', name: L('结婚证'), kind: 'licence', anyOf: [MARRIAGE] },
    { key: 'photo', name: L('照片'), kind: 'other' },
  ],
  fields: [
    { key: 'name', label: L('姓名'), type: 'string', required: true, source: { kind: 'holder', attribute: 'name' } },
    {
      key: 'address',
      label: L('住址'),
      type: 'string',
      required: true,
      source: {
        kind: 'licence',
        from: [
          { typeCode: HOUSEHOLD, path: 'face.address' },
          { typeCode: ID_CARD, path: 'face.address' },
        ],
      },
    },
    {
      key: 'spouse',
      label: L('配偶'),
      type: 'string',
      required: true,
      source: { kind: 'licence', from: [{ typeCode: MARRIAGE, path: 'face.spouseName' }] },
    },
    { key: 'phone', label: L('电话'), type: 'string', required: false, maxLength: 20, source: { kind: 'input' } },
  ],
};

function licence(
  typeCode: string,
  serial: string,
  values: Record<string, FormValue>,
  extra: Partial<AvailableLicence> = {},
): AvailableLicence {
  return {
    identifier: `1.2.156.3005.2.${typeCode}.11650000MB0000000X.${serial}.001.X`,
    version: '001',
    typeCode,
    issuerCode: '11650000MB0000000X',
    status: 'valid',
    valueAt: (path) => values[path],
    ...extra,
  };
}

describe('fillForm', () => {
  it('attaches one licence per material from its “any one of” group, fills fields with their sources, lists the rest', () => {
    const idCard = licence(ID_CARD, 'A1', {
      'face.address': '乌鲁木齐市天山区',
      'metadata.certificateHolderName': '张三',
    });
    const form = fillForm(matter, [idCard]);
    expect(form.matter).toEqual({ code: 'M-1', version: 3, name: L('生育登记') });
    expect(form.attached).toEqual([
      expect.objectContaining({ material: 'identity', identifier: idCard.identifier, typeCode: ID_CARD }),
    ]);
    expect(form.fields.find((f) => f.key === 'address')).toMatchObject({
      value: '乌鲁木齐市天山区',
      source: {
        kind: 'licence',
        identifier: idCard.identifier,
        version: '001',
        typeCode: ID_CARD,
        path: 'face.address',
      },
    });
    expect(form.fields.find((f) => f.key === 'name')).toMatchObject({
      value: '张三',
      source: { kind: 'holder', attribute: 'name', identifier: idCard.identifier },
    });
    expect(form.missing.materials.map((m) => [m.key, m.reason])).toEqual([
      ['marriage', 'no-licence'],
      ['photo', 'not-a-licence'],
    ]);
    expect(form.missing.fields.map((f) => [f.key, f.reason])).toEqual([
      ['spouse', 'not-available'],
      ['phone', 'holder-input'],
    ]);
    expect(form.complete).toBe(false);
  });

  it('prefers the first source path that gives a value, and ignores licences that are not valid', () => {
    const idCard = licence(ID_CARD, 'A1', { 'face.address': '身份证上的住址' });
    const household = licence(HOUSEHOLD, 'B1', { 'face.address': '户口簿上的住址' });
    const revoked = licence(HOUSEHOLD, 'B2', { 'face.address': '已吊销' }, { status: 'revoked' });
    const form = fillForm(matter, [revoked, idCard, household]);
    expect(form.fields.find((f) => f.key === 'address')?.value).toBe('户口簿上的住址');
    // The group's first type with a valid licence is attached: 居民身份证 before 居民户口簿.
    expect(form.attached[0]?.typeCode).toBe(ID_CARD);
    expect(form.attached.some((a) => a.identifier === revoked.identifier)).toBe(false);
  });

  it('never fills a field without naming its source, and never invents a value (property)', () => {
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
    const arbitraryLicence = fc
      .record({
        type: fc.constantFrom(ID_CARD, HOUSEHOLD, MARRIAGE),
        serial: fc.stringMatching(/^[A-Z][0-9]{3}$/),
        status: fc.constantFrom('valid', 'revoked', 'suspended'),
        values: fc.dictionary(
          fc.constantFrom('face.address', 'face.spouseName', 'metadata.certificateHolderName'),
          value,
        ),
      })
      .map((l) => licence(l.type, l.serial, l.values, { status: l.status }));
    fc.assert(
      fc.property(fc.array(arbitraryLicence, { maxLength: 6 }), (licences) => {
        const form = fillForm(matter, licences);
        for (const field of form.fields) {
          if (field.value === undefined) {
            expect(form.missing.fields.some((m) => m.key === field.key)).toBe(true);
            continue;
          }
          const source = field.source;
          expect(source).toBeDefined();
          const from = licences.find((l) => l.identifier === source?.identifier && l.status === 'valid');
          expect(from?.valueAt(source?.path ?? '')).toEqual(field.value);
        }
        for (const attached of form.attached) {
          expect(licences.some((l) => l.identifier === attached.identifier && l.status === 'valid')).toBe(true);
        }
        expect(form.attached.length + form.missing.materials.length).toBe(matter.materials.length);
        expect(form.complete).toBe(false); // the photo is never fetched
      }),
    );
  });
});

describe('readFormValue (a parser of holder input)', () => {
  const field = (type: FormField['type'], maxLength?: number): FormField => ({
    key: 'x',
    label: L('x'),
    type,
    required: true,
    ...(maxLength === undefined ? {} : { maxLength }),
    source: { kind: 'input' },
  });

  it('normalises dates and numbers and refuses what does not fit, naming the field', () => {
    expect(readFormValue(field('date'), '2026-03-01')).toBe('20260301');
    expect(readFormValue(field('integer'), ' 42 ')).toBe(42);
    expect(readFormValue(field('decimal'), '12.5')).toBe(12.5);
    expect(readFormValue(field('string', 5), '  张三  ')).toBe('张三');
    for (const [type, raw] of [
      ['date', '2026-02-30'],
      ['integer', '4.2'],
      ['boolean', 'true'],
      ['string', 'a\u0007b'],
    ] as const) {
      try {
        readFormValue(field(type, 20), raw);
        expect.unreachable(`${type} ${raw}`);
      } catch (error) {
        expect(isServerError(error) && error.code === 'ERR_KIOSK_FORM_INVALID' && error.field === 'values.x').toBe(
          true,
        );
      }
    }
    expect(() => readFormValue(field('string', 3), '四个汉字')).toThrow();
  });

  it('answers any input with a value or ERR_KIOSK_FORM_INVALID, never another error (property)', () => {
    const raw = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean());
    fc.assert(
      fc.property(
        fc.constantFrom('string', 'date', 'integer', 'decimal', 'boolean') as fc.Arbitrary<FormField['type']>,
        raw,
        (type, value) => {
          try {
            const read = readFormValue(field(type, 50), value);
            expect(['string', 'number', 'boolean']).toContain(typeof read);
          } catch (error) {
            expect(isServerError(error) && error.code === 'ERR_KIOSK_FORM_INVALID').toBe(true);
          }
        },
      ),
    );
  });

  it('completes a form: licence values stay, holder values fill the rest, unknown keys are refused', () => {
    const idCard = licence(ID_CARD, 'A1', { 'face.address': '住址', 'metadata.certificateHolderName': '张三' });
    const marriage = licence(MARRIAGE, 'C1', { 'face.spouseName': '李四' });
    const form = fillForm(matter, [idCard, marriage]);
    expect(completeForm(matter, form, { phone: '13800000000' })).toEqual({
      name: '张三',
      address: '住址',
      spouse: '李四',
      phone: '13800000000',
    });
    expect(completeForm(matter, form, {})).not.toHaveProperty('phone');
    expect(() => completeForm(matter, form, { nope: '1' })).toThrow(/nope/);
    expect(() => completeForm(matter, form, { spouse: '王五' })).toThrow();
  });
});
