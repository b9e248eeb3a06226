/**
 * Strict readers for the JSON bodies and query values of organisations, keys and the
 * catalogue: inputs are `unknown`, unknown members are refused (a misspelt `validUntill`
 * silently dropped would register a key that never expires), and every refusal is a typed
 * error naming the member at fault. Each domain passes its own `ERR_<AREA>_INPUT` code.
 */
import { HutongError } from '@hutong/core';
import { ServerError, type ServerErrorCode } from '../errors.js';

export type InputErrorCode = Extract<ServerErrorCode, `ERR_${string}_INPUT` | 'ERR_CATALOGUE_QUERY'>;

export function inputError(code: InputErrorCode, field: string, rule: string): ServerError {
  return new ServerError(code, { field, params: { field, rule } });
}

/** A plain JSON object (what `JSON.parse` makes): no arrays, class instances or accessors. */
export function readObject(
  code: InputErrorCode,
  input: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
  path = 'body',
): Readonly<Record<string, unknown>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw inputError(code, path, 'expected a JSON object');
  }
  const proto: unknown = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) throw inputError(code, path, 'expected a JSON object');
  const object = input as Readonly<Record<string, unknown>>;
  // Members of the body are named plainly (`suite`); nested ones by their path (`name.en`).
  const at = (name: string) => (path === 'body' ? name : `${path}.${name}`);
  for (const name of Object.keys(object)) {
    const descriptor = Object.getOwnPropertyDescriptor(object, name);
    if (descriptor === undefined || !('value' in descriptor)) throw inputError(code, path, 'expected a JSON object');
    if (!required.includes(name) && !optional.includes(name)) {
      throw inputError(code, at(name), `unknown member; allowed: ${[...required, ...optional].join(', ')}`);
    }
  }
  for (const name of required) {
    if (!Object.hasOwn(object, name)) throw inputError(code, at(name), 'required');
  }
  return object;
}

/** The value of an optional member; `undefined` when absent (an explicit null counts as absent too). */
export function optional(object: Readonly<Record<string, unknown>>, name: string): unknown {
  if (!Object.hasOwn(object, name)) return undefined;
  const value = object[name];
  return value === null ? undefined : value;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) return true;
    // A lone surrogate is not text (RFC 7493 §2.1) and breaks every UTF-8 encoder downstream.
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** Single-line text of 1 to `max` characters (code points), without control characters. */
export function readText(code: InputErrorCode, value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw inputError(code, field, 'expected a string');
  if (value.trim() === '' || hasControlCharacter(value) || [...value].length > max) {
    throw inputError(code, field, `expected text of 1 to ${max} characters without control characters`);
  }
  return value;
}

export function readOneOf<T extends string>(
  code: InputErrorCode,
  value: unknown,
  field: string,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw inputError(code, field, `expected one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

// RFC 3339 §5.6 date-time; the offset is required so that the instant is unambiguous.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 date-time with an offset, normalised to UTC with milliseconds (`2026-01-01T00:00:00.000Z`). */
export function readTimestamp(code: InputErrorCode, value: unknown, field: string): string {
  if (typeof value !== 'string' || !RFC3339.test(value)) {
    throw inputError(code, field, 'expected an RFC 3339 date-time with an offset, e.g. 2026-01-01T00:00:00Z');
  }
  const time = Date.parse(value);
  const [, y, mo, d] = RFC3339.exec(value) ?? [];
  // Date.parse rolls 2026-02-30 over into March: compare the calendar date it kept.
  const probe = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    Number.isNaN(time) ||
    probe.getUTCFullYear() !== Number(y) ||
    probe.getUTCMonth() + 1 !== Number(mo) ||
    probe.getUTCDate() !== Number(d)
  ) {
    throw inputError(code, field, 'not a real date and time');
  }
  return new Date(time).toISOString();
}

/**
 * Runs a core parser on one member and names that member as the field at fault, keeping
 * core's precise code (a wrong USCC check character stays `ERR_USCC_CHECK`).
 */
export function within<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof HutongError) {
      const params = error.field === undefined ? error.params : { ...error.params, segment: error.field };
      throw new HutongError(error.code, { field, params, cause: error });
    }
    throw error;
  }
}

/** `within` for an asynchronous core function (key imports). */
export async function withinAsync<T>(field: string, parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    return within(field, () => {
      throw error;
    });
  }
}
