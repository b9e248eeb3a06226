import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { faceFieldOf, parseLicenceType } from './licence-type.js';
import { refusal, sampleLicenceTypeDocument } from './test-support/sample-licence-type.js';

type Doc = Record<string, unknown>;
type FieldDoc = Record<string, unknown>;

function fieldAt(doc: Doc, i: number): FieldDoc {
  return (doc.faceFields as FieldDoc[])[i] as FieldDoc;
}

describe('parseLicenceType — a well-formed catalogue entry', () => {
  it('parses every member and keeps the face schema in order', () => {
    const type = parseLicenceType(sampleLicenceTypeDocument());
    expect(type.certificateTypeCode).toBe('11100000000013338W032');
    expect(type.definingAuthority).toEqual({ name: '住房和城乡建设部', code: '11100000000013338W', level: 'national' });
    expect(type.relatedMatter).toEqual({ name: '建筑施工特种作业人员操作资格核准', code: '000117012000' });
    expect(type.validity).toEqual({ kind: 'period', years: 2 });
    expect(type.issuingAuthorityLevel).toEqual(['provincial']);
    expect(type.suites).toEqual(['sm2-sm3']);
    expect(type.faceFields.map((f) => f.key)).toEqual([
      'holderName',
      'idNumber',
      'gender',
      'birthDate',
      'photo',
      'operationCategory',
      'phone',
      'email',
      'employerCode',
      'areaCode',
      'postalCode',
      'address',
      'previousLicence',
      'examScore',
      'fee',
      'certified',
      'remarks',
    ]);
    expect(faceFieldOf(type, 'gender')?.enum?.map((o) => o.value)).toEqual(['1', '2']);
    expect(faceFieldOf(type, 'nope')).toBeUndefined();
  });

  it('omits optional members that are absent (no undefined-valued keys)', () => {
    const doc = sampleLicenceTypeDocument();
    delete doc.relatedMatter;
    delete doc.suites;
    const type = parseLicenceType(doc);
    expect('relatedMatter' in type).toBe(false);
    expect('suites' in type).toBe(false);
    expect('format' in (faceFieldOf(type, 'birthDate') ?? {})).toBe(false);
  });

  it('accepts a type without face fields and with several issuing levels', () => {
    const doc = sampleLicenceTypeDocument();
    doc.faceFields = [];
    doc.issuingAuthorityLevel = ['county', 'prefecture', 'provincial'];
    doc.validity = { kind: 'long-term' };
    const type = parseLicenceType(doc);
    expect(type.faceFields).toEqual([]);
    expect(type.issuingAuthorityLevel).toEqual(['county', 'prefecture', 'provincial']);
  });

  it('does not keep references to the input (mutating the document later changes nothing)', () => {
    const doc = sampleLicenceTypeDocument();
    const type = parseLicenceType(doc);
    (fieldAt(doc, 0).label as { zh: string }).zh = '改';
    expect(type.faceFields[0]?.label.zh).toBe('姓名');
  });
});

/** [description, mutation of a fresh sample document, expected code, expected field]. */
const REFUSALS: ReadonlyArray<readonly [string, (doc: Doc) => unknown, string, string]> = [
  ['not an object', () => 'type', 'ERR_CATALOGUE_NOT_OBJECT', '$'],
  ['an array', () => [], 'ERR_CATALOGUE_NOT_OBJECT', '$'],
  ['null', () => null, 'ERR_CATALOGUE_NOT_OBJECT', '$'],
  ['a class instance', () => new Date(), 'ERR_CATALOGUE_NOT_OBJECT', '$'],
  [
    'an object with a getter',
    (doc) => Object.defineProperty(doc, 'status', { get: () => 'published', enumerable: true }),
    'ERR_CATALOGUE_NOT_OBJECT',
    '$',
  ],
  ['an unknown top-level member', (doc) => ({ ...doc, colour: 'red' }), 'ERR_CATALOGUE_UNKNOWN_MEMBER', '$.colour'],
  [
    'a misspelt member with an odd name',
    (doc) => ({ ...doc, 'max len': 1 }),
    'ERR_CATALOGUE_UNKNOWN_MEMBER',
    '$["max len"]',
  ],
  [
    'a missing type code',
    ({ certificateTypeCode: _, ...rest }) => rest,
    'ERR_CATALOGUE_MISSING_MEMBER',
    '$.certificateTypeCode',
  ],
  ['a missing status', ({ status: _, ...rest }) => rest, 'ERR_CATALOGUE_MISSING_MEMBER', '$.status'],
  [
    'a type code of the wrong length',
    (doc) => ({ ...doc, certificateTypeCode: '11100000000013338W32' }),
    'ERR_TYPE_CODE_LENGTH',
    '$.certificateTypeCode',
  ],
  [
    'a type code whose authority part has I (outside the GB 32100 charset)',
    (doc) => ({ ...doc, certificateTypeCode: '11100000000013338I032' }),
    'ERR_USCC_CHARSET',
    '$.certificateTypeCode',
  ],
  [
    'a type code whose authority part has a wrong check character',
    (doc) => ({ ...doc, certificateTypeCode: '11100000000013338Y032' }),
    'ERR_USCC_CHECK',
    '$.certificateTypeCode',
  ],
  [
    'a numeric type code',
    (doc) => ({ ...doc, certificateTypeCode: 1 }),
    'ERR_TYPE_CODE_NOT_STRING',
    '$.certificateTypeCode',
  ],
  [
    'a defining authority whose USCC check fails',
    (doc) => ({ ...doc, definingAuthority: { name: '某部', code: '91350100M000100Y44', level: 'national' } }),
    'ERR_USCC_CHECK',
    '$.definingAuthority.code',
  ],
  [
    'a legacy pilot USCC (strict here: a catalogue is authored, not imported)',
    (doc) => ({ ...doc, definingAuthority: { name: '某部', code: '91350100M0001TGQXM', level: 'national' } }),
    'ERR_USCC_CHECK',
    '$.definingAuthority.code',
  ],
  [
    'a type code that does not begin with the defining authority code',
    (doc) => ({ ...doc, definingAuthority: { name: '某局', code: '91350100M000100Y43', level: 'provincial' } }),
    'ERR_CATALOGUE_TYPE_CODE_AUTHORITY',
    '$.definingAuthority.code',
  ],
  [
    'an unknown authority level',
    (doc) => ({ ...doc, definingAuthority: { ...(doc.definingAuthority as object), level: 'township' } }),
    'ERR_CATALOGUE_ONE_OF',
    '$.definingAuthority.level',
  ],
  [
    'an extra member in the defining authority',
    (doc) => ({ ...doc, definingAuthority: { ...(doc.definingAuthority as object), phone: '1' } }),
    'ERR_CATALOGUE_UNKNOWN_MEMBER',
    '$.definingAuthority.phone',
  ],
  ['a name without English', (doc) => ({ ...doc, name: { zh: '证' } }), 'ERR_CATALOGUE_MISSING_MEMBER', '$.name.en'],
  ['an empty Chinese name', (doc) => ({ ...doc, name: { zh: '', en: 'x' } }), 'ERR_CATALOGUE_TEXT', '$.name.zh'],
  [
    'a name with a control character',
    (doc) => ({ ...doc, name: { zh: '证\u0000', en: 'x' } }),
    'ERR_CATALOGUE_TEXT',
    '$.name.zh',
  ],
  [
    'a name with a lone surrogate',
    (doc) => ({ ...doc, name: { zh: '证\ud800', en: 'x' } }),
    'ERR_CATALOGUE_TEXT',
    '$.name.zh',
  ],
  [
    'a name of 201 characters',
    (doc) => ({ ...doc, name: { zh: '证'.repeat(201), en: 'x' } }),
    'ERR_CATALOGUE_TEXT',
    '$.name.zh',
  ],
  ['a numeric name', (doc) => ({ ...doc, name: { zh: 1, en: 'x' } }), 'ERR_CATALOGUE_MEMBER_TYPE', '$.name.zh'],
  [
    'a related matter code with spaces',
    (doc) => ({ ...doc, relatedMatter: { name: '事项', code: '0001 17' } }),
    'ERR_CATALOGUE_PATTERN',
    '$.relatedMatter.code',
  ],
  [
    'an unknown holder category',
    (doc) => ({ ...doc, holderCategory: 'robot' }),
    'ERR_CATALOGUE_ONE_OF',
    '$.holderCategory',
  ],
  [
    'an unknown validity kind',
    (doc) => ({ ...doc, validity: { kind: 'forever' } }),
    'ERR_CATALOGUE_ONE_OF',
    '$.validity.kind',
  ],
  [
    'a zero-length period',
    (doc) => ({ ...doc, validity: { kind: 'period', years: 0 } }),
    'ERR_CATALOGUE_VALIDITY_EMPTY',
    '$.validity',
  ],
  [
    'a period with no unit',
    (doc) => ({ ...doc, validity: { kind: 'period' } }),
    'ERR_CATALOGUE_VALIDITY_EMPTY',
    '$.validity',
  ],
  [
    'a fractional period',
    (doc) => ({ ...doc, validity: { kind: 'period', years: 1.5 } }),
    'ERR_CATALOGUE_MEMBER_TYPE',
    '$.validity.years',
  ],
  [
    'a negative period',
    (doc) => ({ ...doc, validity: { kind: 'period', months: -6 } }),
    'ERR_CATALOGUE_INTEGER_RANGE',
    '$.validity.months',
  ],
  [
    'a long-term rule with a period',
    (doc) => ({ ...doc, validity: { kind: 'long-term', years: 5 } }),
    'ERR_CATALOGUE_UNKNOWN_MEMBER',
    '$.validity.years',
  ],
  [
    'a period rule with range bounds',
    (doc) => ({ ...doc, validity: { kind: 'period', years: 1, max: { years: 2 } } }),
    'ERR_CATALOGUE_UNKNOWN_MEMBER',
    '$.validity.max',
  ],
  [
    'a range whose min exceeds its max',
    (doc) => ({ ...doc, validity: { kind: 'range', min: { years: 5 }, max: { years: 1 } } }),
    'ERR_CATALOGUE_VALIDITY_RANGE_ORDER',
    '$.validity',
  ],
  [
    'a range whose order depends on the month (31 days vs 1 month)',
    (doc) => ({ ...doc, validity: { kind: 'range', min: { days: 31 }, max: { months: 1 } } }),
    'ERR_CATALOGUE_VALIDITY_RANGE_ORDER',
    '$.validity',
  ],
  [
    'a range without max',
    (doc) => ({ ...doc, validity: { kind: 'range', min: { years: 1 } } }),
    'ERR_CATALOGUE_MISSING_MEMBER',
    '$.validity.max',
  ],
  [
    'no issuing level',
    (doc) => ({ ...doc, issuingAuthorityLevel: [] }),
    'ERR_CATALOGUE_LIST_LENGTH',
    '$.issuingAuthorityLevel',
  ],
  [
    'a repeated issuing level',
    (doc) => ({ ...doc, issuingAuthorityLevel: ['county', 'county'] }),
    'ERR_CATALOGUE_DUPLICATE',
    '$.issuingAuthorityLevel[1]',
  ],
  [
    'an issuing level as a string (not a list)',
    (doc) => ({ ...doc, issuingAuthorityLevel: 'county' }),
    'ERR_CATALOGUE_MEMBER_TYPE',
    '$.issuingAuthorityLevel',
  ],
  ['face fields as an object', (doc) => ({ ...doc, faceFields: {} }), 'ERR_CATALOGUE_MEMBER_TYPE', '$.faceFields'],
  [
    'more than 200 face fields',
    (doc) => ({ ...doc, faceFields: Array.from({ length: 201 }, () => fieldAt(doc, 0)) }),
    'ERR_CATALOGUE_LIST_LENGTH',
    '$.faceFields',
  ],
  [
    'a duplicate face field key',
    (doc) => ({
      ...doc,
      faceFields: [...(doc.faceFields as FieldDoc[]), { ...fieldAt(doc, 1), label: { zh: '又', en: 'again' } }],
    }),
    'ERR_CATALOGUE_DUPLICATE',
    '$.faceFields[17].key',
  ],
  [
    'a hole in the face fields',
    (doc) => ({ ...doc, faceFields: Object.assign(new Array(3), { 0: fieldAt(doc, 0), 2: fieldAt(doc, 1) }) }),
    'ERR_CATALOGUE_NOT_OBJECT',
    '$.faceFields[1]',
  ],
  [
    'a face field key in snake_case',
    (doc) => withField(doc, 0, { key: 'holder_name' }),
    'ERR_CATALOGUE_FIELD_KEY',
    '$.faceFields[0].key',
  ],
  [
    'a face field key in UpperCamelCase',
    (doc) => withField(doc, 0, { key: 'HolderName' }),
    'ERR_CATALOGUE_FIELD_KEY',
    '$.faceFields[0].key',
  ],
  [
    'a face field key of 49 characters',
    (doc) => withField(doc, 0, { key: `a${'b'.repeat(48)}` }),
    'ERR_CATALOGUE_FIELD_KEY',
    '$.faceFields[0].key',
  ],
  [
    'a face field key in Chinese',
    (doc) => withField(doc, 0, { key: '姓名' }),
    'ERR_CATALOGUE_FIELD_KEY',
    '$.faceFields[0].key',
  ],
  [
    'an empty face field key',
    (doc) => withField(doc, 0, { key: '' }),
    'ERR_CATALOGUE_FIELD_KEY',
    '$.faceFields[0].key',
  ],
  [
    'the reserved key constructor',
    (doc) => withField(doc, 0, { key: 'constructor' }),
    'ERR_CATALOGUE_FIELD_KEY',
    '$.faceFields[0].key',
  ],
  [
    'the reserved key toString',
    (doc) => withField(doc, 0, { key: 'toString' }),
    'ERR_CATALOGUE_FIELD_KEY',
    '$.faceFields[0].key',
  ],
  [
    'a numeric face field key',
    (doc) => withField(doc, 0, { key: 7 }),
    'ERR_CATALOGUE_MEMBER_TYPE',
    '$.faceFields[0].key',
  ],
  [
    'an unknown face field type',
    (doc) => withField(doc, 3, { type: 'datetime' }),
    'ERR_CATALOGUE_ONE_OF',
    '$.faceFields[3].type',
  ],
  [
    'an unknown format',
    (doc) => withField(doc, 0, { format: 'passport' }),
    'ERR_CATALOGUE_ONE_OF',
    '$.faceFields[0].format',
  ],
  [
    'a format on a date field',
    (doc) => withField(doc, 3, { format: 'citizen-id' }),
    'ERR_CATALOGUE_FIELD_MEMBER_NOT_APPLICABLE',
    '$.faceFields[3].format',
  ],
  [
    'maxLength on an image',
    (doc) => withField(doc, 4, { maxLength: 10 }),
    'ERR_CATALOGUE_FIELD_MEMBER_NOT_APPLICABLE',
    '$.faceFields[4].maxLength',
  ],
  [
    'an enum list on a string field',
    (doc) => withField(doc, 0, { enum: [{ value: 'a', label: { zh: '甲', en: 'A' } }] }),
    'ERR_CATALOGUE_FIELD_MEMBER_NOT_APPLICABLE',
    '$.faceFields[0].enum',
  ],
  [
    'an enum field without its list',
    (doc) => withField(doc, 2, { enum: undefined }),
    'ERR_CATALOGUE_ENUM_REQUIRED',
    '$.faceFields[2]',
  ],
  [
    'an enum field with an empty list',
    (doc) => withField(doc, 2, { enum: [] }),
    'ERR_CATALOGUE_LIST_LENGTH',
    '$.faceFields[2].enum',
  ],
  [
    'an enum with a repeated value',
    (doc) =>
      withField(doc, 2, {
        enum: [
          { value: '1', label: { zh: '男', en: 'Male' } },
          { value: '1', label: { zh: '女', en: 'Female' } },
        ],
      }),
    'ERR_CATALOGUE_DUPLICATE',
    '$.faceFields[2].enum[1].value',
  ],
  [
    'an enum option without a label',
    (doc) => withField(doc, 2, { enum: [{ value: '1' }] }),
    'ERR_CATALOGUE_MISSING_MEMBER',
    '$.faceFields[2].enum[0].label',
  ],
  [
    'an enum value with a space',
    (doc) => withField(doc, 2, { enum: [{ value: 'a b', label: { zh: '甲', en: 'A' } }] }),
    'ERR_CATALOGUE_PATTERN',
    '$.faceFields[2].enum[0].value',
  ],
  [
    'required as a string',
    (doc) => withField(doc, 0, { required: 'yes' }),
    'ERR_CATALOGUE_MEMBER_TYPE',
    '$.faceFields[0].required',
  ],
  [
    'a missing sensitivity',
    (doc) => withField(doc, 0, { sensitivity: undefined }),
    'ERR_CATALOGUE_MISSING_MEMBER',
    '$.faceFields[0].sensitivity',
  ],
  [
    'sensitivity 5',
    (doc) => withField(doc, 0, { sensitivity: 5 }),
    'ERR_CATALOGUE_INTEGER_RANGE',
    '$.faceFields[0].sensitivity',
  ],
  [
    'sensitivity 0',
    (doc) => withField(doc, 0, { sensitivity: 0 }),
    'ERR_CATALOGUE_INTEGER_RANGE',
    '$.faceFields[0].sensitivity',
  ],
  [
    'maxLength 0',
    (doc) => withField(doc, 0, { maxLength: 0 }),
    'ERR_CATALOGUE_INTEGER_RANGE',
    '$.faceFields[0].maxLength',
  ],
  [
    'maxLength beyond what a licence can carry',
    (doc) => withField(doc, 0, { maxLength: 4097 }),
    'ERR_CATALOGUE_INTEGER_RANGE',
    '$.faceFields[0].maxLength',
  ],
  [
    'an unknown face field member',
    (doc) => withField(doc, 0, { hint: 'x' }),
    'ERR_CATALOGUE_UNKNOWN_MEMBER',
    '$.faceFields[0].hint',
  ],
  [
    'a label without Chinese',
    (doc) => withField(doc, 0, { label: { en: 'Name' } }),
    'ERR_CATALOGUE_MISSING_MEMBER',
    '$.faceFields[0].label.zh',
  ],
  [
    'a template id with a slash',
    (doc) => ({ ...doc, templateId: '../etc/passwd' }),
    'ERR_CATALOGUE_PATTERN',
    '$.templateId',
  ],
  [
    'a template id in upper case',
    (doc) => ({ ...doc, templateId: 'Template' }),
    'ERR_CATALOGUE_PATTERN',
    '$.templateId',
  ],
  ['an unknown suite', (doc) => ({ ...doc, suites: ['rsa'] }), 'ERR_CATALOGUE_ONE_OF', '$.suites[0]'],
  ['a repeated suite', (doc) => ({ ...doc, suites: ['sm2-sm3', 'sm2-sm3'] }), 'ERR_CATALOGUE_DUPLICATE', '$.suites[1]'],
  ['an empty suite list', (doc) => ({ ...doc, suites: [] }), 'ERR_CATALOGUE_LIST_LENGTH', '$.suites'],
  ['version 0', (doc) => ({ ...doc, version: 0 }), 'ERR_CATALOGUE_INTEGER_RANGE', '$.version'],
  ['version as a string', (doc) => ({ ...doc, version: '1' }), 'ERR_CATALOGUE_MEMBER_TYPE', '$.version'],
  ['version NaN', (doc) => ({ ...doc, version: Number.NaN }), 'ERR_CATALOGUE_MEMBER_TYPE', '$.version'],
  ['an unknown status', (doc) => ({ ...doc, status: 'active' }), 'ERR_CATALOGUE_ONE_OF', '$.status'],
];

function withField(doc: Doc, index: number, changes: Record<string, unknown>): Doc {
  const fields = [...(doc.faceFields as FieldDoc[])];
  const field: FieldDoc = { ...fields[index], ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete field[k];
  fields[index] = field;
  return { ...doc, faceFields: fields };
}

describe('parseLicenceType — refusals name the code and the JSON path', () => {
  it.each(REFUSALS)('%s', (_name, mutate, code, field) => {
    const error = refusal(() => parseLicenceType(mutate(sampleLicenceTypeDocument())));
    expect({ code: error.code, field: error.field }).toEqual({ code, field });
  });

  it('keeps the identifiers module’s segment and params when it re-points an error', () => {
    const doc = {
      ...sampleLicenceTypeDocument(),
      definingAuthority: { name: '某部', code: '91350100M000100Y44', level: 'national' },
    };
    const error = refusal(() => parseLicenceType(doc));
    expect(error.params).toMatchObject({ expected: '3', found: '4', path: '$.definingAuthority.code' });
    expect(error.cause).toBeInstanceOf(HutongError);
    expect((error.cause as HutongError).field).toBe('check');
  });

  it('has English and Chinese messages for its own codes', () => {
    const error = refusal(() => parseLicenceType({ ...sampleLicenceTypeDocument(), status: 'active' }));
    expect(error.message).toBe('$.status must be one of: draft, published, retired');
    expect(error.localize('zh-CN')).toBe('$.status 只能取以下值之一：draft, published, retired');
  });
});
