import { HutongError } from '../errors.js';
import { excerpt } from './describe-input.js';

// GB 11714-1997: the body is 8 digits or upper-case letters; a letter is worth 10 (A) to 35 (Z).
const BODY = /^[0-9A-Z]{8}$/;
// GB 11714-1997: weights of the 8 body characters, left to right.
const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * The GB 11714 check character of an 8-character organisation code body (characters 9–16
 * of a unified social credit code): c = 11 − (Σ vᵢ·wᵢ mod 11), written `X` for 10 and `0`
 * for 11.
 *
 * @example organisationCodeCheckCharacter('M000100Y') // '4'
 */
export function organisationCodeCheckCharacter(body: string): string {
  if (typeof body !== 'string' || !BODY.test(body)) {
    throw new HutongError('ERR_ORGANISATION_CODE_BODY', {
      field: 'organisationCode',
      params: { found: typeof body === 'string' ? excerpt(body) : typeof body },
    });
  }
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    // parseInt(…, 36) gives 0–9 for digits and 10–35 for A–Z: exactly GB 11714's values.
    sum += Number.parseInt(body.charAt(i), 36) * (WEIGHTS[i] ?? 0);
  }
  const c = 11 - (sum % 11);
  if (c === 10) return 'X';
  if (c === 11) return '0';
  return String(c);
}
