import type { ErrorTable } from '../errors.js';

/** Error codes of `canonical/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const canonicalErrors = {
  ERR_CANONICAL_NON_FINITE_NUMBER: {
    en: 'Number {value} at {path} cannot be represented in JSON (only finite numbers can)',
    zh: '{path} 处的数值 {value} 无法用 JSON 表示(只允许有限数值)',
  },
  ERR_CANONICAL_UNSUPPORTED_TYPE: {
    en: 'A value of type {type} at {path} has no JSON form',
    zh: '{path} 处的 {type} 类型的值没有对应的 JSON 表示',
  },
  ERR_CANONICAL_LONE_SURROGATE: {
    en: 'The string at {path} contains a lone UTF-16 surrogate, which I-JSON forbids',
    zh: '{path} 处的字符串含有孤立的 UTF-16 代理项,I-JSON 不允许',
  },
  ERR_CANONICAL_NOT_PLAIN_OBJECT: {
    en: 'The {type} object at {path} is not a plain JSON object or array',
    zh: '{path} 处的 {type} 对象不是普通的 JSON 对象或数组',
  },
  ERR_CANONICAL_CYCLE: {
    en: 'The value at {path} refers back to one of its ancestors (a cycle has no JSON form)',
    zh: '{path} 处的值引用了其上层对象(循环结构无法表示为 JSON)',
  },
  ERR_CANONICAL_TOO_DEEP: {
    en: 'The value at {path} is nested deeper than {max} levels',
    zh: '{path} 处的值嵌套层数超过 {max} 层',
  },
  ERR_CANONICAL_JSON_SYNTAX: {
    en: 'Invalid JSON at character {offset}: {detail}',
    zh: 'JSON 语法错误(第 {offset} 个字符):{detail}',
  },
  ERR_CANONICAL_DUPLICATE_MEMBER: {
    en: 'The object at {path} has the member "{name}" more than once (I-JSON forbids duplicates)',
    zh: '{path} 处的对象重复出现成员 "{name}"(I-JSON 不允许重复成员)',
  },
} as const satisfies ErrorTable;
