/**
 * A licence document (`hutong-licence/1`, the JSON a holder downloads) verified in this
 * browser: the issuer's signature against the node's trust list, and the licence's entry in
 * its issuer's status list (IETF Token Status List, docs/design/status-lists.md), fetched from
 * this node and opened with core (signature by the issuer's key, `sub` = the licence's
 * reference, `exp` at every use). With the network off the service worker answers the last
 * list it fetched; with no list at all the status is reported "not checked", never "valid".
 */
import {
  type OfflineStatus,
  openStatusListToken,
  type PreparedTrustList,
  type StatusLookup,
  statusListLookup,
  type Verdict,
  verifyLicence,
} from '@hutong/core';

const STATUS_LIST_PATH = /^\/api\/v1\/status-lists\/[^/]+\/[^/]+$/;

/** The status reference's URI of a licence document, when it names one (the signature is checked later). */
function statusUri(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    const reference = (value as { statusReference?: { uri?: unknown } } | null)?.statusReference;
    return typeof reference?.uri === 'string' ? reference.uri : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The status list token for `uri`, read from this node whatever host the URI names: a
 * licence's list lives on the node that issued it, which served this page (its public URL
 * may be another name of it), and the token's signature and `sub` bind it to the issuer and
 * the URI, so its source does not matter. Revalidated with the node (it lets caches keep it
 * 5 min), so a revocation shows at once. Undefined when the node cannot be reached.
 */
async function fetchToken(uri: string): Promise<string | undefined> {
  let path: string;
  try {
    path = new URL(uri).pathname;
  } catch {
    return undefined;
  }
  return fetchStatusListToken(path);
}

/**
 * The token of the status list at `path` (`/api/v1/status-lists/<issuer>/<id>`) from this
 * node, revalidated (the service worker answers its last copy when the network fails); with
 * the browser offline, straight from the copy the service worker kept, without a request that
 * can only fail. Undefined when neither can be had. Show codes and print codes name their list this way.
 */
export async function fetchStatusListToken(path: string): Promise<string | undefined> {
  if (!STATUS_LIST_PATH.test(path)) return undefined;
  try {
    if (navigator.onLine === false) {
      const cached = typeof caches === 'undefined' ? undefined : await caches.match(path);
      return cached?.ok === true ? await cached.text() : undefined;
    }
    const response = await fetch(path, { cache: 'no-cache', headers: { accept: 'application/statuslist+jwt' } });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies `text` (the licence's JSON) offline with the node's trust list and, when it can be
 * had, the issuer's status list.
 *
 * @example const verdict = await verifyLicenceDocument(await file.text(), trust.prepared, new Date());
 */
export async function verifyLicenceDocument(text: string, trust: PreparedTrustList, now: Date): Promise<Verdict> {
  const uri = statusUri(text);
  const token = uri === undefined ? undefined : await fetchToken(uri);
  let statusLookup: StatusLookup | undefined;
  if (token !== undefined) {
    try {
      statusLookup = statusListLookup([await openStatusListToken(token, trust.keys, { at: now })]);
    } catch (error) {
      // A list that does not open is said so in the status check, not ignored.
      statusLookup = (): OfflineStatus => {
        throw error;
      };
    }
  }
  return verifyLicence(text, { keys: trust.keys, at: now, ...(statusLookup === undefined ? {} : { statusLookup }) });
}
