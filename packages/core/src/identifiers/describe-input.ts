/**
 * How identifier errors quote what they were given. Internal to `identifiers/`.
 * Hostile input may be huge or not a string at all: messages never coerce a value
 * (`String(Symbol())` throws a TypeError) and never echo more than a short excerpt.
 */

const MAX_EXCERPT = 40;

/** The JSON-ish type of a value, for "must be a string, got …" messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A string cut to a length that keeps messages and logs readable. */
export function excerpt(value: string): string {
  if (value.length <= MAX_EXCERPT) return value;
  // Cut on a code point boundary so the excerpt never ends in half a surrogate pair.
  return `${Array.from(value.slice(0, MAX_EXCERPT + 1))
    .slice(0, MAX_EXCERPT - 1)
    .join('')}…`;
}
