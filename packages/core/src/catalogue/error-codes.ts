import type { ErrorTable } from '../errors.js';

/** Error codes of `catalogue/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const catalogueErrors = {
  // --- shape of catalogue documents (licence types, responsibility and scenario entries) ---
  ERR_CATALOGUE_NOT_OBJECT: {
    en: '{path} must be a JSON object',
    zh: '{path} 必须是 JSON 对象',
  },
  ERR_CATALOGUE_UNKNOWN_MEMBER: {
    en: 'Unknown member {name} at {path}',
    zh: '{path} 处有未知成员 {name}',
  },
  ERR_CATALOGUE_MISSING_MEMBER: {
    en: '{path} is required',
    zh: '缺少必填项 {path}',
  },
  ERR_CATALOGUE_MEMBER_TYPE: {
    en: '{path} must be {expected}',
    zh: '{path} 应为{expectedZh}',
  },
  ERR_CATALOGUE_TEXT: {
    en: '{path} must be text of 1 to {max} characters without control characters',
    zh: '{path} 应为 1 至 {max} 个字符的文本，且不含控制字符',
  },
  ERR_CATALOGUE_PATTERN: {
    en: '{path} does not have the required form ({rule})',
    zh: '{path} 格式不符合要求（{rule}）',
  },
  ERR_CATALOGUE_ONE_OF: {
    en: '{path} must be one of: {allowed}',
    zh: '{path} 只能取以下值之一：{allowed}',
  },
  ERR_CATALOGUE_INTEGER_RANGE: {
    en: '{path} must be an integer from {min} to {max}',
    zh: '{path} 应为 {min} 至 {max} 之间的整数',
  },
  ERR_CATALOGUE_LIST_LENGTH: {
    en: '{path} must list {min} to {max} items',
    zh: '{path} 应包含 {min} 至 {max} 项',
  },
  ERR_CATALOGUE_DUPLICATE: {
    en: '{path} repeats {value}, already given at {first}',
    zh: '{path} 与 {first} 重复（{value}）',
  },
  ERR_CATALOGUE_FIELD_KEY: {
    en: 'Face field key {key} at {path} must be lowerCamelCase ASCII of 1 to 48 characters and not a reserved name',
    zh: '{path} 处的照面字段键 {key} 须为 1 至 48 位小驼峰 ASCII 字符，且不得使用保留名称',
  },
  ERR_CATALOGUE_FIELD_MEMBER_NOT_APPLICABLE: {
    en: '{path}: member {member} does not apply to a face field of type {type}',
    zh: '{path}：成员 {member} 不适用于类型为 {type} 的照面字段',
  },
  ERR_CATALOGUE_ENUM_REQUIRED: {
    en: '{path}: a face field of type enum needs a non-empty enum list',
    zh: '{path}：枚举类型的照面字段必须给出非空的枚举值列表',
  },
  ERR_CATALOGUE_TYPE_CODE_AUTHORITY: {
    en: 'Type code {typeCode} must begin with the defining authority code {code} (GB/T 36904: type code = authority USCC + 3-digit sequence)',
    zh: '证照类型代码 {typeCode} 应以定义机构代码 {code} 开头（GB/T 36904：类型代码 = 定义机构统一社会信用代码 + 3 位顺序号）',
  },
  ERR_CATALOGUE_VALIDITY_EMPTY: {
    en: '{path}: a validity period must be longer than zero',
    zh: '{path}：有效期限必须大于零',
  },
  ERR_CATALOGUE_VALIDITY_RANGE_ORDER: {
    en: '{path}: the shortest validity (min) may be longer than the longest (max) for some effective dates',
    zh: '{path}：最短有效期限（min）可能长于最长有效期限（max）',
  },
  ERR_CATALOGUE_SCENARIO_TARGET: {
    en: '{path}: a scenario must name a service matter (matterCode), a venue, or both',
    zh: '{path}：应用场景须至少给出服务事项编码（matterCode）或场所（venue）之一',
  },
  ERR_CATALOGUE_CLEARANCE: {
    en: 'Clearance must be a sensitivity grade 1 to 4, got {value}',
    zh: '查看权限级别须为 1 至 4 的敏感级别，实际为 {value}',
  },

  // --- validity of one licence against its type's rule ---
  ERR_CATALOGUE_DATE_INVALID: {
    en: '{path} must be a real calendar date as yyyyMMdd or yyyy-MM-dd between 1000 and 9999',
    zh: '{path} 应为 1000 至 9999 年间的有效日期，格式为 yyyyMMdd 或 yyyy-MM-dd',
  },
  ERR_CATALOGUE_VALIDITY_LONG_TERM: {
    en: 'This licence type is valid long-term: certificateExpiringDate must be absent, got {expiringDate}',
    zh: '该证照类型长期有效，不应有有效期截止日期，实际为 {expiringDate}',
  },
  ERR_CATALOGUE_VALIDITY_EXPIRING_REQUIRED: {
    en: 'This licence type has a limited validity: certificateExpiringDate is required',
    zh: '该证照类型有有效期限，必须填写有效期截止日期',
  },
  ERR_CATALOGUE_VALIDITY_ORDER: {
    en: 'certificateExpiringDate {expiringDate} must be later than certificateEffectiveDate {effectiveDate}',
    zh: '有效期截止日期 {expiringDate} 应晚于有效期起始日期 {effectiveDate}',
  },
  ERR_CATALOGUE_VALIDITY_PERIOD: {
    en: 'certificateExpiringDate {expiringDate} does not match the type’s validity period: expected {expected} (or the day before)',
    zh: '有效期截止日期 {expiringDate} 与该类型的有效期限不符：应为 {expected}（或其前一日）',
  },
  ERR_CATALOGUE_VALIDITY_RANGE: {
    en: 'certificateExpiringDate {expiringDate} is outside the range the type allows: {earliest} to {latest}',
    zh: '有效期截止日期 {expiringDate} 超出该类型允许的范围：{earliest} 至 {latest}',
  },
  ERR_CATALOGUE_VALIDITY_CHOICE_REQUIRED: {
    en: 'This licence type lets the issuer choose the expiring date within a range; there is no single expiring date to compute',
    zh: '该证照类型的有效期由颁发机构在范围内选定，无法直接推算唯一的截止日期',
  },

  // --- face validation (照面信息) ---
  ERR_CATALOGUE_FACE_INVALID: {
    en: 'The face has {count} invalid field(s): {fields}',
    zh: '照面信息有 {count} 处错误：{fields}',
  },
  ERR_CATALOGUE_FACE_NOT_OBJECT: {
    en: 'The face must be a JSON object of field values',
    zh: '照面信息必须是由字段值组成的 JSON 对象',
  },
  ERR_CATALOGUE_FACE_UNKNOWN_FIELD: {
    en: 'Field {key} is not a face field of this licence type',
    zh: '字段 {key} 不是该证照类型的照面字段',
  },
  ERR_CATALOGUE_FACE_REQUIRED: {
    en: '{labelEn} is required',
    zh: '{labelZh}为必填项',
  },
  ERR_CATALOGUE_FACE_TYPE: {
    en: '{labelEn} must be {expected}',
    zh: '{labelZh}应为{expectedZh}',
  },
  ERR_CATALOGUE_FACE_TEXT: {
    en: '{labelEn} contains control characters or unpaired surrogates',
    zh: '{labelZh}含有控制字符或不成对的代理字符',
  },
  ERR_CATALOGUE_FACE_TOO_LONG: {
    en: '{labelEn} must be at most {max} characters, got {length}',
    zh: '{labelZh}最多 {max} 个字符，实际 {length} 个',
  },
  ERR_CATALOGUE_FACE_DATE: {
    en: '{labelEn} must be a real date as yyyyMMdd or yyyy-MM-dd',
    zh: '{labelZh}应为有效日期，格式为 yyyyMMdd 或 yyyy-MM-dd',
  },
  ERR_CATALOGUE_FACE_ENUM: {
    en: '{labelEn} must be one of: {allowed}',
    zh: '{labelZh}只能取以下值之一：{allowed}',
  },
  ERR_CATALOGUE_FACE_FORMAT: {
    en: '{labelEn} is not a valid {format}',
    zh: '{labelZh}不是有效的{formatZh}',
  },
  ERR_CATALOGUE_FACE_IMAGE: {
    en: '{labelEn} must be a PNG or JPEG image (a base64 data URL of at most {maxBytes} bytes) or its sha256- digest reference',
    zh: '{labelZh}应为 PNG 或 JPEG 图像（不超过 {maxBytes} 字节、以 base64 编码的 data: URL）或其 sha256- 摘要引用',
  },
} as const satisfies ErrorTable;
