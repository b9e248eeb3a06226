import { type ErrorParams, errorMessage, type HutongError, type HutongErrorCode } from '../errors.js';
import type { Check } from './verdict.js';

/**
 * The three ways a check of a verdict ends, shared by every verifier in core (licence, show
 * code, print code, consent receipt) so that a failure reads the same whatever was checked:
 * the stable code, the message in the caller's language, the field at fault, the parameters.
 */

export function passCheck<Name extends string>(name: Name, reason: string): Check<Name> {
  return { name, ok: true, reason };
}

export function failCheck<Name extends string>(
  name: Name,
  code: HutongErrorCode,
  params: ErrorParams = {},
  field?: string,
): Check<Name> {
  // Member by member in the printed order, without spreading conditional objects: verifiers
  // make several of these per verdict (docs/design/show-code.md §8).
  const check: { -readonly [K in keyof Check<Name>]: Check<Name>[K] } = {
    name,
    ok: false,
    reason: errorMessage(code, params),
    code,
  };
  if (field !== undefined) check.field = field;
  if (!isEmpty(params)) check.params = params;
  return check;
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
  };
}
