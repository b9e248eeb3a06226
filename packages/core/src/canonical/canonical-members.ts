/**
 * RFC 8785 texts of an object's members, each canonicalised once, so that the canonical text
 * of the object with and without some member is joined instead of canonicalised again: a
 * licence's signature covers it without its `proof` (licence-format.md §4), and the library's
 * document digest covers it with (server library/licence-document-digest.ts), so a signing
 * thread canonicalised each licence twice.
 */
import { canonicalize, canonicalMemberText } from './canonicalize.js';

/** One member of a JSON object in canonical form: its name and its `"name":value` text. */
export interface CanonicalMember {
  readonly name: string;
  readonly text: string;
}

/**
 * The member `name: value` in canonical form: the text of the one-member object `{name: value}`
 * without its braces, so its quoting, escaping, refusals and error paths (`$.name…`) are
 * {@link canonicalize}'s own (tested against it).
 *
 * @example canonicalMember('b', { y: 1, x: 2 }).text // '"b":{"x":2,"y":1}'
 */
export function canonicalMember(name: string, value: unknown): CanonicalMember {
  return { name, text: canonicalMemberText(name, value) };
}

/**
 * The canonical members of `value` (its own enumerable string-keyed members). Throws as
 * `canonicalize(value)` does: on a fault the whole value is canonicalised again, so the error
 * (code and JSON path) is the one the whole walk names, a cycle through `value` included.
 *
 * @example canonicalMembers({ b: 1, a: 'x' }).map((m) => m.text) // ['"b":1', '"a":"x"']
 */
export function canonicalMembers(value: Record<string, unknown>): CanonicalMember[] {
  try {
    return Object.keys(value).map((name) => canonicalMember(name, value[name]));
  } catch (error) {
    canonicalize(value);
    throw error;
  }
}

/**
 * The canonical text of the object holding exactly `members` (distinct names), in RFC 8785
 * §3.2.3 order (UTF-16 code units of the names), whatever their order here.
 *
 * @example joinCanonicalMembers([canonicalMember('b', 1), canonicalMember('a', [])]) // '{"a":[],"b":1}'
 */
export function joinCanonicalMembers(members: readonly CanonicalMember[]): string {
  const sorted = [...members].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  let text = '{';
  for (let i = 0; i < sorted.length; i++)
    text += i === 0 ? (sorted[i] as CanonicalMember).text : `,${(sorted[i] as CanonicalMember).text}`;
  return `${text}}`;
}
