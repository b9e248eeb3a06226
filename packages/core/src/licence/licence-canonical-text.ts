/**
 * The RFC 8785 text of a signed licence, written member by member in the order the format fixes
 * instead of found by the generic walk: what a library node hashes for the document digest of
 * every licence it holds or is shown (server library/licence-document-digest.ts, online
 * verification's held-copy check). The generic walk sorts the names of every object it meets;
 * four of a licence's five objects have names the format fixes (docs/design/licence-format.md
 * §1–2, parse-licence.ts's member lists), sorted here once, so only the face's own names are
 * sorted per licence.
 */
import { canonicalize, canonicalStringText } from '../canonical/index.js';
import type { Licence } from './licence.js';
import { METADATA_MEMBERS, PROOF_MEMBERS, STATUS_MEMBERS, TOP_MEMBERS } from './parse-licence.js';

/** Member names in RFC 8785 §3.2.3 order (UTF-16 code units: the default sort), each with its `"name":` text. */
function sortedMembers(names: readonly string[]): readonly { readonly name: string; readonly key: string }[] {
  return [...names].sort().map((name) => ({ name, key: `${JSON.stringify(name)}:` }));
}

const TOP = sortedMembers(TOP_MEMBERS);
const METADATA = sortedMembers(METADATA_MEMBERS);
const PROOF = sortedMembers(PROOF_MEMBERS);
const STATUS_REFERENCE = sortedMembers(STATUS_MEMBERS);

const OBJECT_PROTOTYPE: unknown = Object.prototype;

/**
 * Thrown inside the writer for anything it does not write exactly as canonicalize would; never
 * escapes this module ({@link licenceCanonicalText} then asks canonicalize).
 */
const NOT_FIXED = Symbol('not-fixed');

/**
 * The own enumerable string-keyed members of `value`, a plain object of this realm without
 * symbol-keyed members (what canonicalize's fast path accepts), else {@link NOT_FIXED}.
 */
function plainMembers(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw NOT_FIXED;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== OBJECT_PROTOTYPE && proto !== null) throw NOT_FIXED;
  if (Object.getOwnPropertySymbols(value).length > 0) throw NOT_FIXED;
  return value as Record<string, unknown>;
}

function stringText(value: unknown): string {
  const text = typeof value === 'string' ? canonicalStringText(value) : undefined;
  if (text === undefined) throw NOT_FIXED;
  return text;
}

/** A face value: a string, a finite number (ECMA-262 Number::toString, RFC 8785 §3.2.2.3) or a boolean. */
function scalarText(value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return stringText(value);
}

/**
 * `{…}` of an object whose members are some of `members` (already sorted), each written by
 * `write`. An own enumerable member not in the list — or a listed one that is own but not
 * enumerable, which canonicalize leaves out — makes the counts differ: not fixed.
 */
function fixedObject(
  value: unknown,
  members: readonly { readonly name: string; readonly key: string }[],
  write: (member: string, value: unknown) => string,
): string {
  const object = plainMembers(value);
  let text = '{';
  let written = 0;
  for (const { name, key } of members) {
    if (!Object.hasOwn(object, name)) continue;
    text += `${written === 0 ? '' : ','}${key}${write(name, object[name])}`;
    written += 1;
  }
  if (Object.keys(object).length !== written) throw NOT_FIXED;
  return `${text}}`;
}

function faceText(value: unknown): string {
  const face = plainMembers(value);
  // RFC 8785 §3.2.3, as canonicalize sorts.
  const names = Object.keys(face).sort();
  let text = '{';
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    text += `${i === 0 ? '' : ','}${stringText(name)}:${scalarText(face[name])}`;
  }
  return `${text}}`;
}

function statusReferenceMember(name: string, value: unknown): string {
  return name === 'index' ? scalarNumberText(value) : stringText(value);
}

function scalarNumberText(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw NOT_FIXED;
  return JSON.stringify(value);
}

function topMember(name: string, value: unknown): string {
  switch (name) {
    case 'face':
      return faceText(value);
    case 'metadata':
      return fixedObject(value, METADATA, metadataMember);
    case 'proof':
      return fixedObject(value, PROOF, metadataMember);
    case 'statusReference':
      return fixedObject(value, STATUS_REFERENCE, statusReferenceMember);
    default:
      return stringText(value);
  }
}

/** Metadata and proof members are all strings (licence.ts). */
function metadataMember(_name: string, value: unknown): string {
  return stringText(value);
}

/**
 * `canonicalize(licence)`: the same text for every value (tested against it, with fast-check
 * over licences and their variations), written from the format's fixed member lists when the
 * licence has exactly the members and value types the format gives it (every licence
 * `parseLicence` returns), else by canonicalize itself — which also names any fault.
 *
 * @example licenceCanonicalText(licence) === canonicalize(licence) // true
 */
export function licenceCanonicalText(licence: Licence): string {
  try {
    return fixedObject(licence, TOP, topMember);
  } catch (error) {
    if (error !== NOT_FIXED) throw error;
  }
  return canonicalize(licence);
}
