import { describe, expect, it } from 'vitest';
import type { Matter } from '../api/matters-api.js';
import { formNameOf, matterFormValues, matterInputOf } from './matter-form-values.js';

const MATTER: Matter = {
  code: '000121001000',
  version: 3,
  updatedAt: '2026-11-29T12:00:00.000Z',
  name: { zh: '医保电子凭证激活', en: 'Activation of the medical insurance e-voucher' },
  departmentCode: '11650000MB0000000X',
  holderCategory: 'person',
  materials: [
    { key: 'idCard', name: { zh: '居民身份证', en: 'ID card' }, kind: 'licence', anyOf: ['111'] },
    { key: 'photo', name: { zh: '相片', en: 'Photo' }, kind: 'other' },
    { key: 'proof', name: { zh: '缴存证明', en: 'Statement' }, kind: 'other', commitment: true },
  ],
  fields: [
    {
      key: 'applicant',
      label: { zh: '申请人', en: 'Applicant' },
      type: 'string',
      required: true,
      source: { kind: 'holder', attribute: 'name' },
    },
    {
      key: 'idNumber',
      label: { zh: '公民身份号码', en: 'ID number' },
      type: 'string',
      required: true,
      source: { kind: 'licence', from: [{ typeCode: '111', path: 'face.idNumber' }] },
    },
    {
      key: 'phone',
      label: { zh: '电话', en: 'Phone' },
      type: 'string',
      required: false,
      maxLength: 20,
      source: { kind: 'input' },
    },
  ],
  output: {
    typeCode: '222',
    face: { holderName: { field: 'applicant' }, level: { value: 2 }, insured: { value: true } },
  },
};

/** The face of the output type, as the catalogue lists it (keys are what the editor needs). */
const OUTPUT_TYPE = { faceFields: [{ key: 'holderName' }, { key: 'level' }, { key: 'insured' }, { key: 'note' }] };

describe('the matters editor form values', () => {
  it('give back the document they were made from, the output included', () => {
    const { version: _v, updatedAt: _u, ...document } = MATTER;
    expect(matterInputOf(matterFormValues(MATTER), OUTPUT_TYPE)).toEqual(document);
    // A type the editor does not know keeps every mapping it had.
    expect(matterInputOf(matterFormValues(MATTER), undefined)).toEqual(document);
  });

  it('set the output: a type, face fields from form fields or fixed values, nothing when unmapped or cleared', () => {
    const values = matterFormValues(MATTER);
    values.output = {
      typeCode: '333',
      face: {
        holderName: { kind: 'field', field: 'applicant' },
        level: { kind: 'value', value: '  A  ' },
        insured: { kind: 'none', value: true },
        note: { kind: 'value', value: '' },
        // Left over from the type chosen before: not a face field of 333.
        stale: { kind: 'field', field: 'phone' },
      },
    };
    expect(matterInputOf(values, OUTPUT_TYPE).output).toEqual({
      typeCode: '333',
      face: { holderName: { field: 'applicant' }, level: { value: 'A' } },
    });
    values.output = { typeCode: null, face: { holderName: { kind: 'field', field: 'applicant' } } };
    expect(matterInputOf(values, OUTPUT_TYPE)).not.toHaveProperty('output');
    expect(matterInputOf({ ...values, output: {} }, undefined)).not.toHaveProperty('output');
  });

  it('send only the members of each kind, trimmed, without empty optional ones', () => {
    const values = matterFormValues(MATTER);
    values.name.zh = '  医保电子凭证激活 ';
    values.materials[1] = { ...values.materials[1], kind: 'other', description: '  ', anyOf: ['111'] } as never;
    values.fields[0] = { ...values.fields[0], source: { kind: 'input', attribute: 'name' } } as never;
    values.fields[2] = { ...values.fields[2], maxLength: null } as never;
    const input = matterInputOf(values, OUTPUT_TYPE);
    expect(input.name.zh).toBe('医保电子凭证激活');
    expect(input.materials[1]).toEqual({ key: 'photo', name: { zh: '相片', en: 'Photo' }, kind: 'other' });
    expect(input.fields[0]?.source).toEqual({ kind: 'input' });
    expect(input.fields[2]).not.toHaveProperty('maxLength');
  });
});

describe('formNameOf (the form item a problem names)', () => {
  it.each([
    ['fields[1].source.from[0].path', ['fields', 1, 'source', 'from', 0, 'path']],
    ['materials[2].anyOf[0]', ['materials', 2, 'anyOf']],
    ['name', ['name', 'zh']],
    ['fields[0].label', ['fields', 0, 'label', 'zh']],
    ['fields[3].source', ['fields', 3, 'source', 'kind']],
    ['fields[3].source.from', ['fields', 3, 'source', 'kind']],
    ['/departmentCode', ['departmentCode']],
    ['code', ['code']],
    ['output.typeCode', ['output', 'typeCode']],
    // A face key that is also a leaf's name still names the row's source.
    ['output.face.code', ['output', 'face', 'code', 'kind']],
    ['output.face.holderName', ['output', 'face', 'holderName', 'kind']],
    ['output.face.holderName.field', ['output', 'face', 'holderName', 'field']],
  ])('%s → %j', (field, name) => {
    expect(formNameOf(field)).toEqual(name);
  });

  it.each([undefined, '', 'materials', 'output.face', 'values[0]'])('names no item for %j', (field) => {
    expect(formNameOf(field)).toBeUndefined();
  });
});
