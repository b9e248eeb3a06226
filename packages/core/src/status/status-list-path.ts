/**
 * Where an issuer's status list lives on its node (docs/design/status-lists.md): the path
 * `/api/v1/status-lists/<issuer USCC>/<list id>` under the node's public URL. Licences carry
 * the full URL; show codes and print codes carry only the list id (the issuer is in the
 * identifier, the host is the node's), so both ends need the one spelling of the path.
 */

/** Largest list id a node serves (the route takes 1–9 digits). */
export const MAX_STATUS_LIST_ID = 999_999_999;

/** The path of issuer `issuerCode`'s list `listId`. @example statusListPath('11220000013544541J', 1) // '/api/v1/status-lists/11220000013544541J/1' */
export function statusListPath(issuerCode: string, listId: number): string {
  return `/api/v1/status-lists/${issuerCode}/${listId}`;
}

const LIST_URI = /^https?:\/\/[^/?#]+(?:\/[^?#]*)?\/api\/v1\/status-lists\/([0-9A-Z]{18})\/([1-9][0-9]{0,8})$/;

/**
 * The list id of a status list URL of `issuerCode` (`…/api/v1/status-lists/<issuer>/<id>`),
 * or undefined for any other URL (another issuer's list, another shape of list address).
 *
 * @example statusListIdOf('https://node.example/api/v1/status-lists/11220000013544541J/3', '11220000013544541J') // 3
 */
export function statusListIdOf(uri: unknown, issuerCode: string): number | undefined {
  if (typeof uri !== 'string') return undefined;
  const match = LIST_URI.exec(uri);
  if (match === null || match[1] !== issuerCode) return undefined;
  return Number(match[2]);
}
