import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../canonical/index.js';
import { canonicalOutcome as outcome } from '../canonical/test-support/outcome.js';
import type { Licence } from './licence.js';
import { licenceCanonicalText } from './licence-canonical-text.js';
import { parseLicence } from './parse-licence.js';
import { sampleSignedLicenceJson } from './test-support/sample-licence.js';

// biome-ignore lint/suspicious/noExplicitAny: the property test builds licence-like values freely.
type Json = Record<string, any>;

function signedJson(): Json {
  return sampleSignedLicenceJson();
}

const agrees = (value: unknown) =>
  expect(outcome(() => licenceCanonicalText(value as Licence))).toEqual(outcome(() => canonicalize(value)));

describe('licenceCanonicalText', () => {
  it('is the RFC 8785 text of a parsed licence, with and without its optional members', () => {
    const licence = parseLicence(signedJson());
    expect(licenceCanonicalText(licence)).toBe(canonicalize(licence));
    const { statusReference: _s, ...withoutStatus } = signedJson();
    const { certificateExpiringDate: _e, ...longTerm } = signedJson().metadata;
    for (const json of [withoutStatus, { ...signedJson(), metadata: longTerm }]) {
      const parsed = parseLicence(json);
      expect(licenceCanonicalText(parsed)).toBe(canonicalize(parsed));
    }
    expect(licenceCanonicalText(licence).startsWith('{"face":{"gender":"2","holderName":"张三"')).toBe(true);
  });

  // Code units of every kind: lone surrogates and the characters that need escaping included.
  const unit = fc.oneof(
    fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', 'é', '证', '😂'),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    fc.string({ unit: 'binary', maxLength: 3 }),
  );
  const text = fc.array(unit, { maxLength: 5 }).map((parts) => parts.join(''));
  const scalar = fc.oneof(text, fc.double(), fc.boolean(), fc.constant(-0));
  // Anything a hostile or broken value may hold where the format wants a string or a number.
  const odd = fc.oneof(
    fc.constant(null),
    fc.constant(undefined),
    fc.double(),
    fc.boolean(),
    fc.bigInt(),
    fc.jsonValue({ maxDepth: 2 }),
    fc.constant(new Date(0)),
  );
  const member = (name: string) => fc.constantFrom(name, `${name}X`);

  it('agrees with canonicalize on text and on every refusal, whatever the members and values', () => {
    const objects = ['metadata', 'face', 'proof', 'statusReference'] as const;
    const edit = fc.record({
      // Replace a member's value: a string of any code units, or something the format does not allow.
      object: fc.constantFrom('top', ...objects),
      name: fc.oneof(
        fc.constantFrom('format', 'certificateName', 'certificateExpiringDate', 'index', 'uri', 'suite', 'holderName'),
        text,
      ),
      value: fc.oneof(text, scalar, odd),
      remove: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 4 }), fc.dictionary(text, scalar, { maxKeys: 6 }), (edits, face) => {
        const json = signedJson();
        json.face = { ...json.face, ...face };
        for (const e of edits) {
          // An object an earlier edit replaced (or removed) is left as it is.
          const target: unknown = e.object === 'top' ? json : json[e.object];
          if (typeof target !== 'object' || target === null) continue;
          if (e.remove) delete (target as Json)[e.name];
          else (target as Json)[e.name] = e.value;
        }
        agrees(json);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with canonicalize on unknown members at every level', () => {
    fc.assert(
      fc.property(member('format'), member('certificateName'), member('suite'), member('uri'), (top, meta, p, s) => {
        const json = signedJson();
        json[top] = json.format;
        json.metadata[meta] = '名';
        json.proof[p] = 'ed25519';
        json.statusReference[s] = 'https://node.example.cn/s';
        agrees(json);
      }),
    );
  });

  it('hands values of another shape to canonicalize: prototypes, symbols, hidden members, arrays', () => {
    class Metadata {
      constructor(readonly certificateName: string) {}
    }
    const hidden = signedJson();
    Object.defineProperty(hidden.proof, 'created', { value: hidden.proof.created, enumerable: false });
    const symbol = signedJson();
    symbol.face[Symbol('s')] = 1;
    const nullPrototype = signedJson();
    nullPrototype.metadata = Object.assign(Object.create(null), nullPrototype.metadata);
    const cases: unknown[] = [
      { ...signedJson(), metadata: new Metadata('x') },
      hidden,
      symbol,
      nullPrototype,
      { ...signedJson(), face: [1, 2] },
      { ...signedJson(), statusReference: { uri: 'https://x', index: Number.POSITIVE_INFINITY } },
      [signedJson()],
      null,
      'licence',
    ];
    for (const value of cases) agrees(value);
    // The null-prototype metadata is plain JSON to RFC 8785: written, not refused.
    expect(licenceCanonicalText(nullPrototype as Licence)).toBe(canonicalize(signedJson()));
  });
});
