/**
 * The public base URL the node serves under, kept in its store: the trust list carries it as
 * `node.url` (docs/design/trust-list.md), and `hutong trust-list export`, which builds the
 * list offline from the data directory, has no running server to ask. The list's version
 * moves whenever its content does (build-node-trust-list.ts), URL included, so an export that
 * left the URL out, or put another in, made a new version, and the node's next list another.
 */
import type { AppContext } from '../app-context.js';
import { META_KEYS, readMeta, writeMeta } from '../store/meta.js';

/**
 * Records `url` as the node's public URL unless it is already the recorded one; true when it
 * wrote. Restarts under the same URL write nothing, and the list's version stays (its content
 * did not change); a new URL makes exactly one new version, at the next list built.
 *
 * @example await recordNodePublicUrl(ctx, 'https://licences.xj.gov.cn') // true at the first start
 */
export async function recordNodePublicUrl(ctx: Pick<AppContext, 'store'>, url: string): Promise<boolean> {
  if ((await readMeta(ctx.store.db, META_KEYS.publicUrl)) === url) return false;
  await writeMeta(ctx.store.db, META_KEYS.publicUrl, url);
  return true;
}

/** The public URL the node last served under, or undefined when it never served (a store only imported into). */
export async function nodePublicUrlOf(ctx: Pick<AppContext, 'store'>): Promise<string | undefined> {
  return readMeta(ctx.store.db, META_KEYS.publicUrl);
}
