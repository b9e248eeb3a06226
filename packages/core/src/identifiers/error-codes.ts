import type { ErrorTable } from '../errors.js';

/**
 * Error codes of `identifiers/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese;
 * `{name}` takes a param. Every parser here names the segment at fault in the error's
 * `field`; when a nested code (the USCC inside a type code, the type code inside a
 * licence identifier) is at fault, the nested code's error keeps its `code` and the
 * outer parser re-labels `field` with the outer segment (the inner error is the `cause`).
 */
export const identifierErrors = {
  ERR_IDENTIFIER_KIND_UNKNOWN: {
    en: 'cannot tell whether "{value}" is a licence identifier, a citizen ID number or a unified social credit code',
    zh: '无法判断“{value}”是电子证照标识、公民身份号码还是统一社会信用代码',
  },

  // Licence identifier, GB/T 36904.
  ERR_LICENCE_ID_NOT_STRING: {
    en: 'a licence identifier must be a string, got {type}',
    zh: '电子证照标识必须是字符串，实际为 {type}',
  },
  ERR_LICENCE_ID_ROOT: {
    en: 'a licence identifier must begin with the root {expected}, found "{found}"',
    zh: '电子证照标识必须以根 {expected} 开头，实际为“{found}”',
  },
  ERR_LICENCE_ID_SEGMENTS: {
    en: 'a licence identifier has {expected} dot-separated segments (5 of root, type code, issuer code, serial, version, check), found {found}',
    zh: '电子证照标识应由 {expected} 段以点分隔（根 5 段、类型代码、颁发机构代码、流水号、版本号、校验位），实际为 {found} 段',
  },
  ERR_LICENCE_ID_PARTS: {
    en: 'licence identifier parts must be strings; "{part}" is {type}',
    zh: '电子证照标识的各部分必须是字符串；“{part}”为 {type}',
  },
  ERR_LICENCE_ID_SERIAL_LENGTH: {
    en: 'the serial of a licence identifier must be {min} to {max} characters, found {found}',
    zh: '电子证照标识的流水号长度应为 {min} 至 {max} 位，实际为 {found} 位',
  },
  ERR_LICENCE_ID_SERIAL_CHARSET: {
    en: 'the serial of a licence identifier may contain only digits and upper-case letters A-Z; character {position} is "{char}"',
    zh: '电子证照标识的流水号只能包含数字和大写字母 A-Z；第 {position} 位为“{char}”',
  },
  ERR_LICENCE_ID_VERSION_SHAPE: {
    en: 'the version of a licence identifier must be exactly 3 digits, found "{found}"',
    zh: '电子证照标识的版本号必须为 3 位数字，实际为“{found}”',
  },
  ERR_LICENCE_ID_VERSION_RANGE: {
    en: 'the version of a licence identifier starts at 001, found "{found}"',
    zh: '电子证照标识的版本号从 001 开始，实际为“{found}”',
  },
  ERR_LICENCE_ID_VERSION_EXHAUSTED: {
    en: 'version {found} is the last version a licence identifier can carry; there is no next version',
    zh: '版本号 {found} 已是电子证照标识的最后一个版本，无法再升版',
  },
  ERR_LICENCE_ID_CHECK: {
    en: 'the check character of the licence identifier is wrong (ISO/IEC 7064 MOD 37,36): expected "{expected}", found "{found}"',
    zh: '电子证照标识的校验位错误（ISO/IEC 7064 MOD 37,36）：应为“{expected}”，实际为“{found}”',
  },
  ERR_LICENCE_ID_BODY_EMPTY: {
    en: 'a licence identifier check character needs a non-empty body',
    zh: '计算电子证照标识校验位需要非空的标识主体',
  },
  ERR_LICENCE_ID_BODY_CHARSET: {
    en: 'a licence identifier body may contain only digits and upper-case letters A-Z; character {position} is "{char}"',
    zh: '电子证照标识主体只能包含数字和大写字母 A-Z；第 {position} 位为“{char}”',
  },

  // Licence type code, GB/T 36902 / GB/T 36904.
  ERR_TYPE_CODE_NOT_STRING: {
    en: 'a licence type code must be a string, got {type}',
    zh: '证照类型代码必须是字符串，实际为 {type}',
  },
  ERR_TYPE_CODE_LENGTH: {
    en: 'a licence type code is {expected} characters (defining authority USCC + 3-digit sequence), found {found}',
    zh: '证照类型代码应为 {expected} 位（定义机构统一社会信用代码 + 3 位顺序号），实际为 {found} 位',
  },
  ERR_TYPE_CODE_SEQUENCE: {
    en: 'the last 3 characters of a licence type code must be digits, found "{found}"',
    zh: '证照类型代码的最后 3 位必须是数字，实际为“{found}”',
  },

  // Unified social credit code, GB 32100 (with the GB 11714 organisation code inside).
  ERR_USCC_NOT_STRING: {
    en: 'a unified social credit code must be a string, got {type}',
    zh: '统一社会信用代码必须是字符串，实际为 {type}',
  },
  ERR_USCC_LENGTH: {
    en: 'a unified social credit code must be {expected} characters here, found {found}',
    zh: '统一社会信用代码此处应为 {expected} 位，实际为 {found} 位',
  },
  ERR_USCC_CHARSET: {
    en: 'a unified social credit code uses only digits and upper-case letters other than I, O, S, V, Z; character {position} is "{char}"',
    zh: '统一社会信用代码只使用数字和除 I、O、S、V、Z 以外的大写字母；第 {position} 位为“{char}”',
  },
  ERR_USCC_DEPARTMENT: {
    en: 'the first character of a unified social credit code (registration department) cannot be "{char}"',
    zh: '统一社会信用代码第 1 位（登记管理部门代码）不能为“{char}”',
  },
  ERR_USCC_ORGANISATION_TYPE: {
    en: 'registration department "{department}" assigns organisation types {allowed}; the second character is "{char}"',
    zh: '登记管理部门“{department}”的机构类别代码只有 {allowed}；第 2 位为“{char}”',
  },
  ERR_USCC_AREA_CODE: {
    en: 'characters 3-8 of a unified social credit code are the registration authority\'s GB/T 2260 area code (6 digits), found "{found}"',
    zh: '统一社会信用代码第 3-8 位为登记管理机关行政区划码（6 位数字），实际为“{found}”',
  },
  ERR_USCC_ORGANISATION_CODE_CHECK: {
    en: 'the organisation code inside the unified social credit code (characters 9-17, GB 11714) has a wrong check character: expected "{expected}", found "{found}"',
    zh: '统一社会信用代码中的组织机构代码（第 9-17 位，GB 11714）校验码错误：应为“{expected}”，实际为“{found}”',
  },
  ERR_USCC_CHECK: {
    en: 'the check character of the unified social credit code is wrong (GB 32100): expected "{expected}", found "{found}"',
    zh: '统一社会信用代码校验码错误（GB 32100）：应为“{expected}”，实际为“{found}”',
  },
  ERR_ORGANISATION_CODE_BODY: {
    en: 'an organisation code body (GB 11714) is 8 digits or upper-case letters, found "{found}"',
    zh: '组织机构代码本体（GB 11714）应为 8 位数字或大写字母，实际为“{found}”',
  },

  // Citizen ID number, GB 11643.
  ERR_CITIZEN_ID_NOT_STRING: {
    en: 'a citizen ID number must be a string, got {type}',
    zh: '公民身份号码必须是字符串，实际为 {type}',
  },
  ERR_CITIZEN_ID_LENGTH: {
    en: 'a citizen ID number must be {expected} characters here, found {found}',
    zh: '公民身份号码此处应为 {expected} 位，实际为 {found} 位',
  },
  ERR_CITIZEN_ID_CHARSET: {
    en: 'a citizen ID number is 17 digits and a check character (a digit or X); character {position} is "{char}"',
    zh: '公民身份号码由 17 位数字和 1 位校验码（数字或 X）组成；第 {position} 位为“{char}”',
  },
  ERR_CITIZEN_ID_LOWERCASE_X: {
    en: 'the check character of a citizen ID number is an upper-case "X", found a lower-case "x"',
    zh: '公民身份号码的校验码应为大写“X”，实际为小写“x”',
  },
  ERR_CITIZEN_ID_AREA_CODE: {
    en: 'the area code of a citizen ID number must start with a GB/T 2260 province code, found "{found}"',
    zh: '公民身份号码的地址码必须以 GB/T 2260 省级行政区划代码开头，实际为“{found}”',
  },
  ERR_CITIZEN_ID_BIRTH_DATE: {
    en: 'the birth date of a citizen ID number is not a real date: "{found}"',
    zh: '公民身份号码的出生日期不是有效日期：“{found}”',
  },
  ERR_CITIZEN_ID_BIRTH_DATE_TOO_EARLY: {
    en: 'the birth date of a citizen ID number cannot be before {min}, found "{found}"',
    zh: '公民身份号码的出生日期不能早于 {min}，实际为“{found}”',
  },
  ERR_CITIZEN_ID_BIRTH_DATE_FUTURE: {
    en: 'the birth date of a citizen ID number is in the future: "{found}" (today is {today})',
    zh: '公民身份号码的出生日期晚于今天：“{found}”（今天为 {today}）',
  },
  ERR_CITIZEN_ID_CHECK: {
    en: 'the check character of the citizen ID number is wrong (GB 11643, ISO 7064 MOD 11-2): expected "{expected}", found "{found}"',
    zh: '公民身份号码校验码错误（GB 11643，ISO 7064 MOD 11-2）：应为“{expected}”，实际为“{found}”',
  },

  // Area code, GB/T 2260.
  ERR_AREA_CODE_NOT_STRING: {
    en: 'an area code must be a string, got {type}',
    zh: '行政区划代码必须是字符串，实际为 {type}',
  },
  ERR_AREA_CODE_SHAPE: {
    en: 'an area code (GB/T 2260) is 6 digits, found "{found}"',
    zh: '行政区划代码（GB/T 2260）应为 6 位数字，实际为“{found}”',
  },
  ERR_AREA_CODE_PROVINCE: {
    en: 'an area code must start with a GB/T 2260 province code; "{prefix}" is not one',
    zh: '行政区划代码必须以 GB/T 2260 省级代码开头；“{prefix}”不是省级代码',
  },

  // Holder code and its type, GB/T 36903.
  ERR_HOLDER_CODE_TYPE_NOT_STRING: {
    en: 'a holder code type must be a string of 3 digits, got {type}',
    zh: '持证主体代码类型必须是 3 位数字字符串，实际为 {type}',
  },
  ERR_HOLDER_CODE_TYPE_UNKNOWN: {
    en: 'unknown holder code type "{found}"',
    zh: '未知的持证主体代码类型“{found}”',
  },
  ERR_HOLDER_CODE_NOT_STRING: {
    en: 'a holder code must be a string, got {type}',
    zh: '持证主体代码必须是字符串，实际为 {type}',
  },
  ERR_HOLDER_CODE_EMPTY: {
    en: 'a holder code cannot be empty',
    zh: '持证主体代码不能为空',
  },
  ERR_HOLDER_CODE_TOO_LONG: {
    en: 'a holder code is at most {max} characters, found {found}',
    zh: '持证主体代码最多 {max} 个字符，实际为 {found} 个',
  },
  ERR_HOLDER_CODE_UNPRINTABLE: {
    en: 'a holder code must be printable; character {position} is {codePoint}',
    zh: '持证主体代码必须为可打印字符；第 {position} 个字符为 {codePoint}',
  },
  ERR_HOLDER_CODE_EDGE_WHITESPACE: {
    en: 'a holder code cannot begin or end with whitespace',
    zh: '持证主体代码首尾不能有空白字符',
  },
} as const satisfies ErrorTable;
