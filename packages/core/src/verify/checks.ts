import { type ErrorParams, errorMessage, HutongError, type HutongErrorCode, type Language } from '../errors.js';
import type { Check } from './verdict.js';

/**
 * The three ways a check of a verdict ends, shared by every verifier in core (licence, show
 * code, print code, consent receipt) so that a failure reads the same whatever was checked:
 * the stable code, the message in the caller's language, the field at fault, the parameters.
 */

export function passCheck<Name extends string>(name: Name, reason: string): Check<Name> {
  return { name, ok: true, reason };
}

/** `zhParams`: the Chinese values of English-prose params (see `HutongErrorOptions.zhParams`). */
export function failCheck<Name extends string>(
  name: Name,
  code: HutongErrorCode,
  params: ErrorParams = {},
  field?: string,
  zhParams?: ErrorParams,
): Check<Name> {
  return codedCheck(name, false, code, params, field, zhParams);
}

/**
 * What went wrong in a call a verifier made (a key's verify, a caller's look-up), as a check's
 * `detail`: a HutongError's code and message in `language`; a foreign error's own words.
 */
export function describeError(error: unknown, language: Language = 'en'): string {
  if (error instanceof HutongError) return `${error.code}: ${error.localize(language)}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return typeof error;
}

/**
 * A check that carries a code whatever its outcome: a failure, or a check that could not run
 * and says so (`ok` as the verifier decides: a status not checked offline is ok).
 */
export function codedCheck<Name extends string>(
  name: Name,
  ok: boolean,
  code: HutongErrorCode,
  params: ErrorParams = {},
  field?: string,
  zhParams?: ErrorParams,
): Check<Name> {
  const reason = errorMessage(code, params);
  if (zhParams !== undefined) {
    return field === undefined
      ? { name, ok, reason, code, params, zhParams }
      : { name, ok, reason, code, field, params, zhParams };
  }
  // One object literal per shape, in the printed order, never members added to a made check
  // (nor `ok` written after): V8 keeps a literal's shape for good but drops the shape of an
  // object grown member by member whenever a full garbage collection finds none alive,
  // deoptimising the functions that made or read one (docs/design/show-code.md §8).
  if (isEmpty(params)) {
    return field === undefined ? { name, ok, reason, code } : { name, ok, reason, code, field };
  }
  return field === undefined ? { name, ok, reason, code, params } : { name, ok, reason, code, field, params };
}

function isEmpty(params: ErrorParams): boolean {
  for (const name in params) if (Object.hasOwn(params, name)) return false;
  return true;
}

export function checkFromError<Name extends string>(name: Name, error: HutongError): Check<Name> {
  return {
    name,
    ok: false,
    // Name the field unless the message already does.
    reason:
      error.field === undefined || error.message.includes(error.field)
        ? error.message
        : `${error.field}: ${error.message}`,
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(Object.keys(error.params).length === 0 ? {} : { params: error.params }),
    // The Chinese reading of English prose among the params, so that a zh-CN caller
    // re-formatting the message from `code` and `params` reads Chinese (the web verifier does).
    ...(error.zhParams === undefined ? {} : { zhParams: error.zhParams }),
  };
}
