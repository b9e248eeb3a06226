import { describe, expect, it } from 'vitest';
import type { LicenceType } from '../api/catalogue-api.js';
import { toFormValues, toTypeInput } from './type-form-values.js';

const TYPE: LicenceType = {
  certificateTypeCode: '11100000000013338W001',
  name: { zh: '示例许可证', en: 'Sample permit' },
  definingAuthority: { name: '示例部', code: '11100000000013338W', level: 'national' },
  relatedMatter: { name: '示例事项', code: '000000000001' },
  holderCategory: 'organisation',
  validity: { kind: 'range', min: { years: 1 }, max: { years: 5, months: 6 } },
  issuingAuthorityLevel: ['provincial', 'county'],
  faceFields: [
    {
      key: 'holderName',
      label: { zh: '名称', en: 'Name' },
      type: 'string',
      format: 'person-name',
      required: true,
      maxLength: 100,
      sensitivity: 2,
    },
    {
      key: 'category',
      label: { zh: '类别', en: 'Category' },
      type: 'enum',
      required: false,
      sensitivity: 1,
      enum: [{ value: 'A', label: { zh: '甲', en: 'A' } }],
    },
    { key: 'issuedOn', label: { zh: '日期', en: 'Date' }, type: 'date', required: true, sensitivity: 1 },
  ],
  templateId: 'sample-v1',
  suites: ['sm2-sm3'],
  version: 2,
  status: 'draft',
};

describe('the type editor values', () => {
  it('give back the document they were made from (a round trip loses nothing)', () => {
    const { version: _v, status: _s, ...document } = TYPE;
    expect(toTypeInput(toFormValues(TYPE))).toEqual(document);
  });

  it('trim text, leave out a blank related matter and the members a field type does not take', () => {
    const input = toTypeInput({
      certificateTypeCode: ' 11100000000013338W002 ',
      name: { zh: ' 新证 ', en: 'New ' },
      relatedMatter: { name: ' ', code: '' },
      validity: { kind: 'period', years: 3, months: null },
      faceFields: [
        // A field changed from text to date keeps its old format and length in the form: dropped here.
        { key: 'issuedOn', label: { zh: '日期', en: 'Date' }, type: 'date', format: 'citizen-id', maxLength: 18 },
        // A field changed from a choice to text keeps its options in the form: dropped here.
        { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'string', enum: [{ value: 'x' }], format: null },
      ],
      suites: [],
    });
    expect(input.certificateTypeCode).toBe('11100000000013338W002');
    expect(input.name).toEqual({ zh: '新证', en: 'New' });
    expect(input).not.toHaveProperty('relatedMatter');
    expect(input).not.toHaveProperty('suites');
    expect(input.validity).toEqual({ kind: 'period', years: 3 });
    expect(input.faceFields).toEqual([
      { key: 'issuedOn', label: { zh: '日期', en: 'Date' }, type: 'date', required: false, sensitivity: 1 },
      { key: 'note', label: { zh: '备注', en: 'Note' }, type: 'string', required: false, sensitivity: 1 },
    ]);
  });

  it('start a new type long-term, for persons, with no field', () => {
    const input = toTypeInput(toFormValues(undefined));
    expect(input.validity).toEqual({ kind: 'long-term' });
    expect(input.holderCategory).toBe('person');
    expect(input.faceFields).toEqual([]);
  });
});
