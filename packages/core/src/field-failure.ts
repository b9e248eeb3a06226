/**
 * The readers' shared way of refusing a member (parse-licence.ts, parse-trust-list.ts): a
 * `HutongError` whose params name the field, and an excerpt of the value found that keeps a
 * message short whatever the input held.
 */
import { HutongError, type HutongErrorCode } from './errors.js';

/** At most 60 characters of `value`, an ellipsis marking the cut. */
export function excerpt(value: string): string {
  return value.length <= 60 ? value : `${value.slice(0, 59)}…`;
}

/**
 * Throws `code` for `field`, with `field` among the params. `zhParams`: the Chinese readings of
 * any English prose among `params`.
 *
 * @example fail('ERR_LICENCE_MEMBER_TYPE', 'metadata.certificateVersion', { expected: 'a string', type: 'number' }, { expected: '字符串' })
 */
export function fail(
  code: HutongErrorCode,
  field: string,
  params: Record<string, string | number> = {},
  zhParams?: Record<string, string | number>,
): never {
  throw new HutongError(code, { field, params: { field, ...params }, ...(zhParams === undefined ? {} : { zhParams }) });
}
