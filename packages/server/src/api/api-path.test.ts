import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isApiPath } from './api-path.js';

/** The rule as first written: the path before any query, `/api` itself or below it. */
function byPath(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return path === '/api' || path.startsWith('/api/');
}

describe('isApiPath', () => {
  it('/api and paths below it, query ignored; nothing else', () => {
    for (const url of ['/api', '/api?x=1', '/api/', '/api/v1/verify', '/api/health?a=/b'])
      expect(isApiPath(url)).toBe(true);
    for (const url of ['/', '/apix', '/ap', '/v/HT1:abc', '/x/api/', '/API/health', '/api#x', ''])
      expect(isApiPath(url)).toBe(false);
  });

  it('agrees with the path-before-query rule on any URL (fast-check)', () => {
    const piece = fc.constantFrom('/api', '/', '?', 'api', 'x', '#', '/API', '?/api/');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), fc.string(), (pieces, tail) => {
        const url = pieces.join('') + tail;
        expect(isApiPath(url)).toBe(byPath(url));
      }),
      { numRuns: 2000 },
    );
  });
});
