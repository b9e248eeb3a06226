/** The identifiers `identifyKind` tells apart. */
export type IdentifierKind = 'licence' | 'citizen' | 'uscc';

// Only licence identifiers (OIDs) contain dots.
const DOTTED = /\./;
// Citizen-ID-like: digits, perhaps ending in X or x, of a length near 18 (so that a
// missing, extra or lower-case character still reaches the citizen ID parser and its
// precise error; 15 covers first-generation numbers).
const CITIZEN_LIKE = /^[0-9]{14,19}[0-9Xx]$/;
// USCC-like: letters and digits of a length near 18, not all digits.
const USCC_LIKE = /^[0-9A-Za-z]{16,20}$/;

/**
 * Guesses which identifier a value is meant to be, by shape only, before validation, so
 * that a wrong value still gets the precise error of its kind. A USCC made only of digits
 * (possible, though rare) looks like a citizen ID number: callers that know better say so
 * (`hutong id check --kind uscc`).
 *
 * @example identifyKind('1.2.156.3003.2.…') // 'licence' (its wrong root is then reported)
 * @example identifyKind('11010519491231002x') // 'citizen'
 * @example identifyKind('91350100M000100Y43') // 'uscc'
 * @example identifyKind('91350100M000100Y43 ') // 'uscc' (parseUscc then refuses the space)
 * @example identifyKind('hello') // undefined
 */
export function identifyKind(value: string): IdentifierKind | undefined {
  if (typeof value !== 'string') return undefined;
  // Whitespace pasted around a value does not change what it was meant to be; the parser
  // then refuses the untrimmed value with its own precise error (nothing is trimmed there).
  const shape = value.trim();
  if (DOTTED.test(shape)) return 'licence';
  if (CITIZEN_LIKE.test(shape)) return 'citizen';
  if (USCC_LIKE.test(shape)) return 'uscc';
  return undefined;
}
