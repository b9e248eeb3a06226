/** The node's public base URL as `serve` and `trust-list export` take it (`--public-url`, `$HUTONG_PUBLIC_URL`). */

/**
 * A public base URL: absolute http(s), no credentials, query or fragment (status-list URLs
 * are built by appending a path to it). Undefined when it is not one.
 */
export function parsePublicUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  if (text.includes('?') || text.includes('#')) return undefined;
  return url.href.replace(/\/+$/, '');
}
