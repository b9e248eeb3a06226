import { describe, expect, it } from 'vitest';
import { mayHaveHolderSession } from './holder-cookie.js';

describe('whether the browser may have a holder session', () => {
  it('looks for a non-empty holder CSRF cookie, with or without the __Host- prefix', () => {
    expect(mayHaveHolderSession('')).toBe(false);
    expect(mayHaveHolderSession('hutong-holder-csrf=abc')).toBe(true);
    expect(mayHaveHolderSession('a=1; __Host-hutong-holder-csrf=abc; b=2')).toBe(true);
    expect(mayHaveHolderSession('hutong-holder-csrf=')).toBe(false);
    // The staff session's cookie is not the holder's.
    expect(mayHaveHolderSession('hutong-csrf=abc')).toBe(false);
  });
});
