import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalMember, canonicalMembers, joinCanonicalMembers } from './canonical-members.js';
import { canonicalize } from './canonicalize.js';
import { canonicalOutcome as outcome } from './test-support/outcome.js';

describe('canonical members', () => {
  const object = fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), fc.jsonValue({ maxDepth: 4 }));

  it('joined, all or all but some, are canonicalize of the object holding exactly them (fast-check)', () => {
    fc.assert(
      fc.property(object, fc.array(fc.boolean()), (value, keep) => {
        const members = canonicalMembers(value);
        expect(joinCanonicalMembers(members)).toBe(canonicalize(value));
        const kept = members.filter((_, i) => keep[i] !== false);
        const subset = Object.fromEntries(kept.map((m) => [m.name, value[m.name]]));
        expect(joinCanonicalMembers([...kept].reverse())).toBe(canonicalize(subset));
      }),
    );
  });

  it('writes a member as the one-member object without braces, refusals included (fast-check)', () => {
    const name = fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('a\ud800', '"', '\u0001'));
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.constantFrom(Number.NaN, undefined, new Date(0), new Array(2), '\udc00'),
    );
    fc.assert(
      fc.property(name, value, (n, v) => {
        const expected = outcome(() => canonicalize({ [n]: v }).slice(1, -1));
        expect(outcome(() => canonicalMember(n, v).text)).toEqual(expected);
      }),
    );
  });

  it('adds a member made apart in its canonical place', () => {
    const members = canonicalMembers({ statusReference: { uri: 'u', index: 1 }, face: {}, format: 'f' });
    members.push(canonicalMember('proof', { suite: 'ed25519', created: 'c' }));
    expect(joinCanonicalMembers(members)).toBe(
      '{"face":{},"format":"f","proof":{"created":"c","suite":"ed25519"},"statusReference":{"index":1,"uri":"u"}}',
    );
    expect(joinCanonicalMembers([])).toBe('{}');
  });

  it('refuses as canonicalize refuses the whole object: same code, same path, cycles through the root included', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.b = { back: cyclic };
    const cases: Array<Record<string, unknown>> = [
      { a: Number.NaN },
      { a: { b: [1, undefined] } },
      { 'x\ud800': 1 },
      { a: new Date(0) },
      cyclic,
    ];
    for (const value of cases) {
      const expected = outcome(() => canonicalize(value));
      expect(expected).toHaveProperty('code');
      expect(outcome(() => joinCanonicalMembers(canonicalMembers(value)))).toEqual(expected);
    }
  });
});
