import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { exportPrivateJwk, exportSpkiPem } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { parseNodeVerificationMethod, parseTrustList, parseUnsignedTrustList } from './parse-trust-list.js';
import { type Fixture, fixture } from './test-support/fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: tests edit the JSON freely, as an attacker would.
type Json = Record<string, any>;

let f: Fixture;
beforeAll(async () => {
  f = await fixture('ed25519');
});

function doc(edit: (json: Json) => void = () => {}): Json {
  const json = structuredClone(f.list) as Json;
  edit(json);
  return json;
}

function refusal(input: unknown): HutongError {
  try {
    parseTrustList(input);
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError');
}

describe('parseTrustList: what it accepts', () => {
  it('a built list, from JSON text or parsed JSON, as a fresh equal object', () => {
    expect(parseTrustList(JSON.stringify(f.list))).toEqual(f.list);
    const parsed = parseTrustList(doc());
    expect(parsed).toEqual(f.list);
    expect(parsed).not.toBe(f.list);
  });

  it('optional members may be absent (node.url, validUntil, revokedAt) and lists may be empty', () => {
    const list = parseTrustList(
      doc((d) => {
        delete d.node.url;
        d.issuers = [];
        d.showingKeys = [];
      }),
    );
    expect(list.node.url).toBeUndefined();
    expect(list.issuers).toEqual([]);
  });

  it('a PEM public key', () => {
    const pem = exportSpkiPem(f.issuerKey.publicKey);
    expect(parseTrustList(doc((d) => (d.issuers[0].keys[0].publicKey = pem))).issuers[0]?.keys[0]?.publicKey).toBe(pem);
  });

  it('two log keys of one name with different key ids (a log’s Ed25519 key and its SM2 line’s key)', () => {
    const keys = [
      { name: 'log.example.cn/hutong-log', vkey: 'log.example.cn/hutong-log+0a0b0c0d+AQ' },
      { name: 'log.example.cn/hutong-log', vkey: 'log.example.cn/hutong-log+01020304+/w' },
    ];
    expect(parseTrustList(doc((d) => (d.logKeys = keys))).logKeys).toEqual(keys);
  });

  it('parseUnsignedTrustList reads a list without proof, and refuses one with', () => {
    const { proof: _, ...unsigned } = doc();
    expect(parseUnsignedTrustList(unsigned).version).toBe(3);
    expect(() => parseUnsignedTrustList(doc())).toThrow(expect.objectContaining({ code: 'ERR_TRUST_MEMBER_UNKNOWN' }));
  });

  it('parseNodeVerificationMethod splits node:<id>#<key id>', () => {
    expect(parseNodeVerificationMethod(`node:jl-node#${f.nodeKey.keyId}`)).toEqual({
      nodeId: 'jl-node',
      keyId: f.nodeKey.keyId,
    });
    for (const bad of [
      `jl-node#${f.nodeKey.keyId}`,
      `node:#${f.nodeKey.keyId}`,
      'node:jl-node#abc',
      `node:a#b#${f.nodeKey.keyId}`,
      7,
    ]) {
      expect(() => parseNodeVerificationMethod(bad)).toThrow(
        expect.objectContaining({ code: 'ERR_TRUST_VERIFICATION_METHOD' }),
      );
    }
  });
});

describe('parseTrustList: refusals name the code and the JSON path', () => {
  const cases: [string, (d: Json) => void, string, string][] = [
    ['an unknown top-level member', (d) => (d.extra = 1), 'ERR_TRUST_MEMBER_UNKNOWN', '$.extra'],
    ['an unknown issuer member', (d) => (d.issuers[0].note = 'x'), 'ERR_TRUST_MEMBER_UNKNOWN', '$.issuers[0].note'],
    ['a missing version', (d) => delete d.version, 'ERR_TRUST_MEMBER_MISSING', '$.version'],
    ['a missing proof', (d) => delete d.proof, 'ERR_TRUST_MEMBER_MISSING', '$.proof'],
    ['another format', (d) => (d.format = 'hutong-trust-list/2'), 'ERR_TRUST_FORMAT_UNSUPPORTED', '$.format'],
    ['a version of 0', (d) => (d.version = 0), 'ERR_TRUST_VERSION', '$.version'],
    ['a fractional version', (d) => (d.version = 1.5), 'ERR_TRUST_VERSION', '$.version'],
    ['a version as text', (d) => (d.version = '3'), 'ERR_TRUST_VERSION', '$.version'],
    ['a time with an offset', (d) => (d.issuedAt = '2026-02-28T08:00:00+08:00'), 'ERR_TRUST_TIME', '$.issuedAt'],
    ['expiry before issue', (d) => (d.expiresAt = '2026-02-27T00:00:00Z'), 'ERR_TRUST_TIME_ORDER', '$.expiresAt'],
    ['a 40-day list', (d) => (d.expiresAt = '2026-04-09T00:00:00Z'), 'ERR_TRUST_LIST_LIFETIME', '$.expiresAt'],
    ['a node id with a colon', (d) => (d.node.id = 'jl:node'), 'ERR_TRUST_NODE_ID', '$.node.id'],
    ['a node name with a newline', (d) => (d.node.name = '吉林\n平台'), 'ERR_TRUST_TEXT_INVALID', '$.node.name'],
    ['an empty issuer name', (d) => (d.issuers[0].name = ''), 'ERR_TRUST_TEXT_INVALID', '$.issuers[0].name'],
    ['a node url with credentials', (d) => (d.node.url = 'https://a:b@x.cn'), 'ERR_TRUST_URL', '$.node.url'],
    ['a node url of another scheme', (d) => (d.node.url = 'ftp://x.cn'), 'ERR_TRUST_URL', '$.node.url'],
    ['a bad area code', (d) => (d.node.areaCode = '990000'), 'ERR_AREA_CODE_PROVINCE', '$.node.areaCode'],
    [
      'a USCC with a wrong check character',
      (d) => (d.issuers[0].issuerCode = '11220000013544541K'),
      'ERR_USCC_CHECK',
      '$.issuers[0].issuerCode',
    ],
    [
      'a bad type code',
      (d) => (d.issuers[0].types = ['11100000000013338W03']),
      'ERR_TYPE_CODE_LENGTH',
      '$.issuers[0].types[0]',
    ],
    [
      'a type listed twice',
      (d) => d.issuers[0].types.push(d.issuers[0].types[0]),
      'ERR_TRUST_DUPLICATE',
      '$.issuers[0].types[1]',
    ],
    [
      'an issuer listed twice',
      (d) => d.issuers.push(structuredClone(d.issuers[0])),
      'ERR_TRUST_DUPLICATE',
      '$.issuers[1].issuerCode',
    ],
    ['an issuer without keys', (d) => (d.issuers[0].keys = []), 'ERR_TRUST_COUNT', '$.issuers[0].keys'],
    ['an issuer without types', (d) => (d.issuers[0].types = []), 'ERR_TRUST_COUNT', '$.issuers[0].types'],
    ['issuers not an array', (d) => (d.issuers = {}), 'ERR_TRUST_MEMBER_TYPE', '$.issuers'],
    [
      'an unknown suite',
      (d) => (d.issuers[0].keys[0].suite = 'rsa'),
      'ERR_TRUST_MEMBER_TYPE',
      '$.issuers[0].keys[0].suite',
    ],
    [
      'a key id that is not a thumbprint',
      (d) => (d.issuers[0].keys[0].keyId = 'key-1'),
      'ERR_TRUST_KEY_ID',
      '$.issuers[0].keys[0].keyId',
    ],
    [
      'validUntil before validFrom',
      (d) => (d.issuers[0].keys[0].validUntil = '2019-01-01T00:00:00Z'),
      'ERR_TRUST_TIME_ORDER',
      '$.issuers[0].keys[0].validUntil',
    ],
    [
      'revokedAt at validFrom',
      (d) => (d.issuers[0].keys[0].revokedAt = d.issuers[0].keys[0].validFrom),
      'ERR_TRUST_TIME_ORDER',
      '$.issuers[0].keys[0].revokedAt',
    ],
    [
      'revokedAt on a showing key',
      (d) => (d.showingKeys[0].revokedAt = '2026-01-01T00:00:00Z'),
      'ERR_TRUST_MEMBER_UNKNOWN',
      '$.showingKeys[0].revokedAt',
    ],
    [
      'one key for an issuer and for show codes',
      (d) => d.issuers[0].keys.push(structuredClone(d.showingKeys[0])),
      'ERR_TRUST_DUPLICATE',
      '$.showingKeys[0].keyId',
    ],
    [
      'a PEM that is no public key',
      (d) => (d.showingKeys[0].publicKey = '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----'),
      'ERR_TRUST_PUBLIC_KEY',
      '$.showingKeys[0].publicKey',
    ],
    [
      'a JWK with an extra member',
      (d) => (d.showingKeys[0].publicKey.kid = 'k'),
      'ERR_TRUST_MEMBER_UNKNOWN',
      '$.showingKeys[0].publicKey.kid',
    ],
    [
      'a JWK of an unknown type',
      (d) => (d.showingKeys[0].publicKey.kty = 'RSA'),
      'ERR_TRUST_PUBLIC_KEY',
      '$.showingKeys[0].publicKey.kty',
    ],
    [
      'an EC JWK without y',
      (d) => (d.showingKeys[0].publicKey = { kty: 'EC', crv: 'P-256', x: 'AA' }),
      'ERR_TRUST_MEMBER_MISSING',
      '$.showingKeys[0].publicKey.y',
    ],
    [
      'a log key name with a space',
      (d) => (d.logKeys = [{ name: 'a b', vkey: 'a b+00+AA' }]),
      'ERR_TRUST_LOG_KEY',
      '$.logKeys[0].name',
    ],
    [
      'a log vkey of another name',
      (d) => (d.logKeys = [{ name: 'log.a', vkey: 'log.b+01020304+AQID' }]),
      'ERR_TRUST_LOG_KEY',
      '$.logKeys[0].vkey',
    ],
    [
      'a log key listed twice',
      (d) =>
        (d.logKeys = [
          { name: 'l', vkey: 'l+0a0b0c0d+A' },
          { name: 'l', vkey: 'l+0A0B0C0D+B' },
        ]),
      'ERR_TRUST_DUPLICATE',
      '$.logKeys[1].vkey',
    ],
    [
      'a proof method of a licence',
      (d) => (d.proof.verificationMethod = `11220000013544541J#${d.proof.verificationMethod.split('#')[1]}`),
      'ERR_TRUST_VERIFICATION_METHOD',
      '$.proof.verificationMethod',
    ],
    [
      'a padded signature',
      (d) => (d.proof.signatureValue += '=='),
      'ERR_TRUST_SIGNATURE_VALUE',
      '$.proof.signatureValue',
    ],
    [
      'a DER-length signature',
      (d) => (d.proof.signatureValue = 'A'.repeat(94)),
      'ERR_TRUST_SIGNATURE_VALUE',
      '$.proof.signatureValue',
    ],
  ];
  it.each(cases)('%s', (_name, edit, code, field) => {
    const error = refusal(doc(edit));
    expect({ code: error.code, field: error.field }).toEqual({ code, field });
  });

  it('a private JWK member is a leak, named as such', () => {
    const error = refusal(doc((d) => (d.issuers[0].keys[0].publicKey = exportPrivateJwk(f.issuerKey))));
    expect(error.code).toBe('ERR_TRUST_PRIVATE_KEY');
    expect(error.field).toBe('$.issuers[0].keys[0].publicKey');
  });

  it('duplicate JSON members in the text are refused (I-JSON)', () => {
    const text = JSON.stringify(f.list).replace('"version":3', '"version":3,"version":4');
    expect(refusal(text).code).toBe('ERR_CANONICAL_DUPLICATE_MEMBER');
  });

  it('non-objects', () => {
    for (const value of [null, 7, 'null', [], true, undefined]) {
      expect(['ERR_TRUST_NOT_OBJECT', 'ERR_CANONICAL_JSON_SYNTAX']).toContain(refusal(value).code);
    }
  });

  it('a sparse array built in code is refused, not skipped', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point.
    const error = refusal(doc((d) => (d.issuers = [, d.issuers[0]])));
    expect(error.code).toBe('ERR_TRUST_NOT_OBJECT');
    expect(error.field).toBe('$.issuers[0]');
  });
});

describe('parseTrustList: hostile input gets typed errors only (fast-check)', () => {
  function outcome(input: unknown): 'ok' | string {
    try {
      parseTrustList(input);
      return 'ok';
    } catch (error) {
      if (error instanceof HutongError) return error.code;
      throw error;
    }
  }

  it('arbitrary JSON values and text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.json()), (value) => {
        expect(outcome(value)).not.toBe('ok');
      }),
      { numRuns: 500 },
    );
  });

  /** Every JSON path of a document with its value. */
  function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (typeof value !== 'object' || value === null) return [at];
    const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    return [at, ...keys.flatMap((k) => paths((value as Json)[k], [...at, k]))];
  }

  it('a valid list with one member replaced, removed or added anywhere', () => {
    const all = paths(f.list).filter((p) => p.length > 0);
    fc.assert(
      fc.property(
        fc.constantFrom(...all),
        fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
        fc.boolean(),
        (path, replacement, add) => {
          const json = doc();
          let parent: Record<string | number, unknown> = json;
          for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
          const last = path[path.length - 1] as string | number;
          if (add && !Array.isArray(parent)) parent[`x${String(last)}`] = replacement ?? null;
          else if (replacement === undefined) delete parent[last];
          else parent[last] = replacement;
          const result = outcome(json);
          // Anything may be accepted (a replaced value can be valid), but only with a typed answer.
          expect(typeof result).toBe('string');
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('text mutations of a valid list', () => {
    const text = JSON.stringify(f.list);
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.string({ minLength: 0, maxLength: 3 }), (at, insert) => {
        outcome(text.slice(0, at) + insert + text.slice(at + 1));
      }),
      { numRuns: 1000 },
    );
  });
});
