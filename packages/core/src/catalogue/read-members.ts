/**
 * Strict readers for catalogue documents (licence types, responsibility and scenario
 * entries). Internal to `catalogue/`: every parser here takes `unknown`, reads members
 * through these helpers, and so fails with one typed error whose `field` is the JSON
 * path (RFC 9535 normalized style, shared with `canonical/`) of the first fault.
 */
import { hasLoneSurrogate, jsonPathIndex, jsonPathMember } from '../canonical/index.js';
import { HutongError, isHutongError } from '../errors.js';

export type JsonObject = Readonly<Record<string, unknown>>;

/**
 * A plain data object: what `JSON.parse` produces. Arrays, class instances (Date, Map…)
 * and objects with accessors are refused: a getter could throw or answer differently
 * on each read, and a parser that promises typed errors must not run foreign code.
 */
export function asPlainObject(value: unknown): JsonObject | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor)) return undefined;
  }
  return value as JsonObject;
}

/**
 * Reads an object whose members are exactly `required` plus any of `optional`.
 * Unknown members are an error, not ignored: a misspelt `maxLenght` silently dropped
 * would publish a type without the limit its author meant.
 */
export function readMembers(
  input: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
): JsonObject {
  const object = asPlainObject(input);
  if (object === undefined) throw new HutongError('ERR_CATALOGUE_NOT_OBJECT', { field: path, params: { path } });
  for (const name of Object.keys(object)) {
    if (!required.includes(name) && !optional.includes(name)) {
      const at = jsonPathMember(path, name);
      throw new HutongError('ERR_CATALOGUE_UNKNOWN_MEMBER', {
        field: at,
        params: { path, name: JSON.stringify(name) },
      });
    }
  }
  for (const name of required) {
    if (!Object.hasOwn(object, name)) {
      const at = jsonPathMember(path, name);
      throw new HutongError('ERR_CATALOGUE_MISSING_MEMBER', { field: at, params: { path: at } });
    }
  }
  return object;
}

/** The value of an optional member, or undefined when the member is absent. */
export function optionalMember(object: JsonObject, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

const EXPECTED = {
  string: { en: 'a string', zh: '字符串' },
  boolean: { en: 'true or false', zh: '布尔值（true 或 false）' },
  array: { en: 'an array', zh: '数组' },
  integer: { en: 'an integer', zh: '整数' },
} as const;

export function typeError(path: string, expected: keyof typeof EXPECTED): HutongError {
  const { en, zh } = EXPECTED[expected];
  return new HutongError('ERR_CATALOGUE_MEMBER_TYPE', { field: path, params: { path, expected: en, expectedZh: zh } });
}

/**
 * True when the text holds a C0 or C1 control character or DEL (U+0000–U+001F,
 * U+007F–U+009F); with `allowLineFeed`, LF alone is allowed (multi-line face text such as
 * a business scope). A stray NUL or escape sequence ends up on printed licences and in terminals.
 */
export function hasControlCharacter(value: string, allowLineFeed = false): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0a && allowLineFeed) continue;
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

/** Number of Unicode code points: what a person counts as characters in 张三 or 𠮷. */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** Non-empty single-line text of at most `max` code points, well-formed (RFC 7493 §2.1). */
export function readText(value: unknown, path: string, max: number): string {
  if (typeof value !== 'string') throw typeError(path, 'string');
  if (value.length === 0 || hasControlCharacter(value) || hasLoneSurrogate(value) || codePointLength(value) > max) {
    throw new HutongError('ERR_CATALOGUE_TEXT', { field: path, params: { path, max } });
  }
  return value;
}

export function readPattern(value: unknown, path: string, pattern: RegExp, rule: string): string {
  if (typeof value !== 'string') throw typeError(path, 'string');
  if (!pattern.test(value)) throw new HutongError('ERR_CATALOGUE_PATTERN', { field: path, params: { path, rule } });
  return value;
}

export function readOneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== 'string') throw typeError(path, 'string');
  if (!(allowed as readonly string[]).includes(value)) {
    throw new HutongError('ERR_CATALOGUE_ONE_OF', { field: path, params: { path, allowed: allowed.join(', ') } });
  }
  return value as T;
}

export function readInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(path, 'integer');
  if (value < min || value > max) {
    throw new HutongError('ERR_CATALOGUE_INTEGER_RANGE', { field: path, params: { path, min, max } });
  }
  return value;
}

export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw typeError(path, 'boolean');
  return value;
}

/** An array of `min`..`max` items, each read by `item` at its own path. */
export function readArray<T>(
  value: unknown,
  path: string,
  min: number,
  max: number,
  item: (element: unknown, path: string) => T,
): T[] {
  if (!Array.isArray(value)) throw typeError(path, 'array');
  if (value.length < min || value.length > max) {
    throw new HutongError('ERR_CATALOGUE_LIST_LENGTH', { field: path, params: { path, min, max } });
  }
  const out: T[] = [];
  // Index loop, not for-of: holes in a sparse array must reach `item` as undefined.
  for (let i = 0; i < value.length; i++) out.push(item(value[i], jsonPathIndex(path, i)));
  return out;
}

/**
 * Throws ERR_CATALOGUE_DUPLICATE for the first value seen twice; `paths[i]` locates `values[i]`.
 */
export function refuseDuplicates(values: readonly string[], paths: readonly string[]): void {
  const seen = new Map<string, string>();
  values.forEach((value, i) => {
    const path = paths[i] ?? '$';
    const first = seen.get(value);
    if (first !== undefined) {
      throw new HutongError('ERR_CATALOGUE_DUPLICATE', { field: path, params: { path, value, first } });
    }
    seen.set(value, path);
  });
}

/** A bilingual label `{ zh, en }` (Chinese first, as users say it). */
export interface Label {
  readonly zh: string;
  readonly en: string;
}

export function readLabel(value: unknown, path: string, max = 200): Label {
  const object = readMembers(value, path, ['zh', 'en']);
  return {
    zh: readText(object.zh, jsonPathMember(path, 'zh'), max),
    en: readText(object.en, jsonPathMember(path, 'en'), max),
  };
}

/**
 * Runs a parser from another domain (identifiers) and re-points its error at `path`,
 * keeping that domain's precise code (e.g. a wrong check character) and its params.
 */
export function atPath<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isHutongError(error)) {
      throw new HutongError(error.code, { field: path, params: { ...error.params, path }, cause: error });
    }
    throw error;
  }
}

// Service matter codes (事项编码) differ by region and by level (basic codes, implementation
// codes of 30-odd characters); only a conservative token shape is enforced.
const MATTER_CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

/** A government service matter code (政务服务事项编码). */
export function readMatterCode(value: unknown, path: string): string {
  return readPattern(value, path, MATTER_CODE, '[0-9A-Za-z][0-9A-Za-z._-]{0,63}');
}
