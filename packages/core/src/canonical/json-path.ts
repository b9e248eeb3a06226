/**
 * JSON paths for error `field`s, in the JSONPath (RFC 9535) normalized style:
 * `$` is the root, `.name` a member with an identifier-like name, `["…"]` any other
 * member name, `[3]` an array element.
 */

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The path of member `name` inside the object at `path`.
 *
 * @example jsonPathMember('$', 'metadata') // '$.metadata'
 * @example jsonPathMember('$.face', 'a b') // '$.face["a b"]'
 */
export function jsonPathMember(path: string, name: string): string {
  if (IDENTIFIER.test(name)) return `${path}.${name}`;
  // Lone surrogates are written as \uXXXX by JSON.stringify (ES2019 well-formed
  // stringify), so even a hostile name yields a printable path.
  return `${path}[${JSON.stringify(name)}]`;
}

/**
 * The path of element `index` inside the array at `path`.
 *
 * @example jsonPathIndex('$.items', 2) // '$.items[2]'
 */
export function jsonPathIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}
