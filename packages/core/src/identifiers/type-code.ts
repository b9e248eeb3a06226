import { HutongError } from '../errors.js';
import { describeType, excerpt } from './describe-input.js';
import { relabel } from './relabel.js';
import { parseUscc, type Uscc } from './uscc.js';

/** A licence type code (证照类型代码, GB/T 36902): defining authority's USCC + 3-digit sequence. */
export type TypeCode = string & { readonly __brand: 'TypeCode' };

export interface TypeCodeParts {
  /** The USCC of the authority that defined the type (characters 1–18). */
  readonly definingAuthorityCode: Uscc;
  /** The authority's own sequence number for the type (characters 19–21). */
  readonly sequence: string;
}

const SEQUENCE = /^[0-9]{3}$/;

/**
 * Parses a 21-character licence type code. The defining authority's USCC is validated in
 * full (GB 32100 and GB 11714 checks): every type code in GB/T 36904's published
 * identifiers (`11100000000013338W…`) passes both, so nothing argues for less.
 *
 * @example parseTypeCode('11100000000013338W032') // '11100000000013338W032' as TypeCode
 * @example parseTypeCode('11100000000013338W32')  // throws ERR_TYPE_CODE_LENGTH (field 'shape')
 */
export function parseTypeCode(input: unknown): TypeCode {
  if (typeof input !== 'string') {
    throw new HutongError('ERR_TYPE_CODE_NOT_STRING', { field: 'shape', params: { type: describeType(input) } });
  }
  if (input.length !== 21) {
    throw new HutongError('ERR_TYPE_CODE_LENGTH', { field: 'shape', params: { expected: 21, found: input.length } });
  }
  relabel('definingAuthorityCode', () => parseUscc(input.slice(0, 18)));
  const sequence = input.slice(18);
  if (!SEQUENCE.test(sequence)) {
    throw new HutongError('ERR_TYPE_CODE_SEQUENCE', { field: 'sequence', params: { found: excerpt(sequence) } });
  }
  return input as TypeCode;
}

/**
 * Splits a type code into the defining authority's USCC and the sequence.
 *
 * @example typeCodeParts(parseTypeCode('11100000000013338W032'))
 * // { definingAuthorityCode: '11100000000013338W', sequence: '032' }
 */
export function typeCodeParts(code: TypeCode): TypeCodeParts {
  // Re-parse: a brand can be forged with a cast, and a partial result is never returned.
  const valid = parseTypeCode(code);
  return { definingAuthorityCode: valid.slice(0, 18) as Uscc, sequence: valid.slice(18) };
}
