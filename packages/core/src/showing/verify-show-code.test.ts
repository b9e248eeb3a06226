import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CryptoProvider,
  generateSigningKey,
  type SigningKey,
  SUITE_NAMES,
  type SuiteName,
  webCryptoProvider,
} from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { signLicence } from '../licence/index.js';
import { buildTrustList } from '../trust/build-trust-list.js';
import {
  currentLicenceJson,
  type Fixture,
  fixture,
  ISSUER_NAME,
  KEY_FROM,
  LIST_EXPIRES,
  NODE_ID,
  NOW,
  SAMPLE_ISSUER,
  trustListInput,
} from '../trust/test-support/fixtures.js';
import { type PreparedTrustList, verifyTrustList } from '../trust/verify-trust-list.js';
import { decodeBase45, encodeBase45 } from './base45.js';
import { createShowCode, type ShowCodeInput } from './create-show-code.js';
import { SHOW_CODE_PREFIX } from './show-code.js';
import { type CraftedContent, craftShowCode } from './test-support/crafted-show-code.js';
import {
  SHOW_CODE_CHECK_NAMES,
  type ShowCodeCheckName,
  type ShowCodeVerdict,
  type VerifyShowCodeOptions,
  verifyShowCode,
} from './verify-show-code.js';

const fixtures = new Map<SuiteName, Fixture>();
let f: Fixture;
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

beforeAll(async () => {
  for (const suite of SUITE_NAMES) fixtures.set(suite, await fixture(suite));
  f = fixtures.get('ed25519') as Fixture;
});

async function make(extra: Partial<ShowCodeInput> = {}, fx: Fixture = f): Promise<string> {
  const input: ShowCodeInput = { licence: fx.licence, type: fx.type, status: 'valid', purpose: 'entry', ...extra };
  return (await createShowCode(input, fx.showingKey, { now: NOW })).text;
}

/** A code written by hand and signed with `key` (the node's, or an attacker's). */
const craft = (over: CraftedContent, key: SigningKey = f.showingKey, hintOf: SigningKey = key) =>
  craftShowCode(over, key, hintOf);

async function verify(
  text: unknown,
  options: Partial<VerifyShowCodeOptions> = {},
  list: PreparedTrustList = f.prepared,
): Promise<ShowCodeVerdict> {
  return verifyShowCode(text, list, { now: at(5), ...options });
}

/** Exactly the named checks failed, each with its code; every other check passed. */
function expectOnlyFailing(verdict: ShowCodeVerdict, failing: Partial<Record<ShowCodeCheckName, string>>): void {
  expect(verdict.valid).toBe(false);
  for (const c of verdict.checks) {
    const code = failing[c.name];
    if (code === undefined)
      expect({ name: c.name, ok: c.ok, reason: c.reason }).toMatchObject({ name: c.name, ok: true });
    else expect({ name: c.name, ok: c.ok, code: c.code }).toEqual({ name: c.name, ok: false, code });
  }
}

function check(verdict: ShowCodeVerdict, name: ShowCodeCheckName) {
  const found = verdict.checks.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no ${name} check`);
  return found;
}

async function listWith(extra: Parameters<typeof trustListInput>[1]): Promise<PreparedTrustList> {
  const list = await buildTrustList(trustListInput(f, extra), f.nodeKey);
  return verifyTrustList(list, [{ nodeId: NODE_ID, key: f.nodeKey.publicKey }], { at: NOW });
}

describe('verifyShowCode: a good code, every suite', () => {
  it.each(SUITE_NAMES)('%s: valid, every check named and explained, in order', async (suite) => {
    const fx = fixtures.get(suite) as Fixture;
    const text = await make({ disclose: ['certificateHolderName', { key: 'idNumber', masked: true }] }, fx);
    const verdict = await verifyShowCode(text, fx.prepared, { now: at(5) });
    expect(verdict.valid).toBe(true);
    expect(verdict.kind).toBe('show-code');
    expect(verdict.at).toBe('2026-03-01T04:00:05.000Z');
    expect(verdict.checks.map((c) => c.name)).toEqual(SHOW_CODE_CHECK_NAMES.filter((n) => n !== 'replay'));
    for (const c of verdict.checks) {
      expect(c.ok).toBe(true);
      expect(c.reason.length).toBeGreaterThan(10);
    }
    expect(check(verdict, 'signature').reason).toContain(fx.showingKey.keyId);
    expect(verdict.showCode).toMatchObject({
      identifier: fx.licence.metadata.certificateIdentifier,
      issuerName: ISSUER_NAME,
      nodeId: NODE_ID,
      keyId: fx.showingKey.keyId,
      statusAtSigning: 'valid',
      purpose: 'entry',
      issuedAt: '2026-03-01T04:00:00.000Z',
      expiresAt: '2026-03-01T04:01:00.000Z',
      fields: [
        { source: 'metadata', key: 'certificateHolderName', value: '王小明', masked: false },
        { source: 'face', key: 'idNumber', value: '110105********002X', masked: true },
      ],
    });
    // Plain JSON: what `hutong verify` prints.
    expect(JSON.parse(JSON.stringify(verdict))).toEqual(verdict);
  });

  it('a long-term licence', async () => {
    const json = currentLicenceJson() as { metadata: Record<string, unknown> };
    delete json.metadata.certificateExpiringDate;
    const licence = await signLicence(json as never, f.issuerKey);
    const verdict = await verify(await make({ licence }));
    expect(verdict.valid).toBe(true);
    expect(check(verdict, 'status-at-signing').reason).toContain('long-term');
  });
});

describe('verifyShowCode: time', () => {
  it('expired: 121 s after a 120 s code was made', async () => {
    const text = await make({ lifetimeSeconds: 120 });
    const verdict = await verify(text, { now: at(121) });
    expectOnlyFailing(verdict, { 'not-expired': 'ERR_SHOWING_EXPIRED' });
    expect(check(verdict, 'not-expired').params).toMatchObject({ expiresAt: '2026-03-01T04:02:00.000Z', seconds: 1 });
  });

  it('expiry is exclusive and has no grace: at 120 s refused, at 119.999 s accepted', async () => {
    const text = await make({ lifetimeSeconds: 120 });
    expect(check(await verify(text, { now: at(120) }), 'not-expired').code).toBe('ERR_SHOWING_EXPIRED');
    expect((await verify(text, { now: at(119.999) })).valid).toBe(true);
  });

  it("not yet valid: made more than 30 s after the verifier's clock", async () => {
    const text = await make();
    expectOnlyFailing(await verify(text, { now: at(-31) }), { 'not-expired': 'ERR_SHOWING_NOT_YET_VALID' });
    expect((await verify(text, { now: at(-30) })).valid).toBe(true);
  });

  it("the trust list expired since it was prepared: node-trusted fails with the list's expiry", async () => {
    const text = await craft({ issuedAt: Math.floor(LIST_EXPIRES.getTime() / 1000) - 10 });
    const verdict = await verifyShowCode(text, f.prepared, { now: LIST_EXPIRES });
    expectOnlyFailing(verdict, { 'node-trusted': 'ERR_TRUST_LIST_EXPIRED' });
    expect(check(verdict, 'node-trusted').reason).toContain('2026-03-07T00:00:00.000Z');
  });
});

describe('verifyShowCode: keys', () => {
  it("signed by another node's showing key: unknown key, signature not checked", async () => {
    const other = fixtures.get('ecdsa-p256') as Fixture;
    const verdict = await verify(await make({}, { ...other, licence: f.licence }));
    expectOnlyFailing(verdict, { signature: 'ERR_SHOWING_SKIPPED_NO_KEY', 'node-trusted': 'ERR_SHOWING_KEY_UNKNOWN' });
    expect(verdict.showCode?.keyId).toBeUndefined();
  });

  it("naming the node's key but signed by an attacker's key: the signature fails", async () => {
    const rogue = await generateSigningKey('ed25519');
    const verdict = await verify(await craft({}, rogue, f.showingKey));
    expectOnlyFailing(verdict, { signature: 'ERR_SHOWING_SIGNATURE_INVALID' });
  });

  it("signed by the node's issuer key or the node's list key: not showing keys", async () => {
    for (const key of [f.issuerKey, f.nodeKey]) {
      expect(check(await verify(await craft({}, key)), 'node-trusted').code).toBe('ERR_SHOWING_KEY_UNKNOWN');
    }
  });

  it("the suite is the trust list's: an SM2 signature under an Ed25519 key's hint fails", async () => {
    const sm2 = (fixtures.get('sm2-sm3') as Fixture).showingKey;
    expect(check(await verify(await craft({}, sm2, f.showingKey)), 'signature').code).toBe(
      'ERR_SHOWING_SIGNATURE_INVALID',
    );
  });

  it('a showing key past its validUntil, or not yet valid, when the code was made', async () => {
    const ended = await listWith({
      showingKeys: [{ key: f.showingKey.publicKey, validFrom: KEY_FROM, validUntil: at(-1) }],
    });
    expectOnlyFailing(await verify(await make(), {}, ended), { 'node-trusted': 'ERR_SHOWING_KEY_EXPIRED' });
    const future = await listWith({ showingKeys: [{ key: f.showingKey.publicKey, validFrom: at(1) }] });
    expectOnlyFailing(await verify(await make(), {}, future), { 'node-trusted': 'ERR_SHOWING_KEY_NOT_YET_VALID' });
  });
});

describe('verifyShowCode: tampering', () => {
  it.each(SUITE_NAMES)('%s: a bit flipped in any byte of the code makes it invalid', async (suite) => {
    const fx = fixtures.get(suite) as Fixture;
    const text = await make({ disclose: ['certificateHolderName', 'birthDate', 'certificateNumber'] }, fx);
    const bytes = decodeBase45(text.slice(SHOW_CODE_PREFIX.length));
    for (let i = 0; i < bytes.length; i++) {
      const changed = bytes.slice();
      changed[i] = (changed[i] as number) ^ (1 << (i % 8));
      const verdict = await verifyShowCode(SHOW_CODE_PREFIX + encodeBase45(changed), fx.prepared, { now: at(5) });
      expect(verdict.valid, `byte ${i}`).toBe(false);
      const failed = verdict.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(
        failed.some((n) => n === 'format' || n === 'signature' || n === 'node-trusted'),
        `byte ${i}`,
      ).toBe(true);
    }
  });

  it('any change of any byte (fast-check): never valid, never a throw', async () => {
    const text = await make({ disclose: ['certificateHolderName', 'birthDate', 'certificateNumber'] });
    const bytes = decodeBase45(text.slice(SHOW_CODE_PREFIX.length));
    await fc.assert(
      fc.asyncProperty(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), async (i, mask) => {
        const changed = bytes.slice();
        changed[i] = (changed[i] as number) ^ mask;
        const verdict = await verify(SHOW_CODE_PREFIX + encodeBase45(changed));
        expect(verdict.valid).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('hostile text never throws: an unreadable code fails format, every other check not run', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.string().map((s) => SHOW_CODE_PREFIX + s),
        ),
        async (value) => {
          const verdict = await verify(value);
          expect(verdict.valid).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
    const verdict = await verify('HT1:0', { seenNonce: () => false });
    expect(check(verdict, 'format').code).toBe('ERR_SHOWING_BASE45');
    expect(verdict.checks.map((c) => [c.name, c.code])).toEqual([
      ['format', 'ERR_SHOWING_BASE45'],
      ...SHOW_CODE_CHECK_NAMES.slice(1).map((n) => [n, 'ERR_SHOWING_SKIPPED_FORMAT']),
    ]);
    expect(verdict.showCode).toBeUndefined();
  });
});

describe('verifyShowCode: the licence', () => {
  it.each([
    ['revoked', 'ERR_SHOWING_STATUS_INVALID'],
    ['cancelled', 'ERR_SHOWING_STATUS_INVALID'],
    ['superseded', 'ERR_SHOWING_STATUS_INVALID'],
    ['suspended', 'ERR_SHOWING_STATUS_SUSPENDED'],
  ] as const)('a %s licence at signing is refused with the precise reason', async (status, code) => {
    const verdict = await verify(await make({ status }));
    expectOnlyFailing(verdict, { 'status-at-signing': code });
  });

  it('past its expiring date on the day the code was made, even if the node still said valid', async () => {
    const verdict = await verify(await craft({ effectiveDate: '20200101', expiringDate: '20260228' }));
    expectOnlyFailing(verdict, { 'status-at-signing': 'ERR_SHOWING_LICENCE_EXPIRED' });
    // The expiring date itself is still valid (inclusive), in China Standard Time.
    expect((await verify(await craft({ effectiveDate: '20200101', expiringDate: '20260301' }))).valid).toBe(true);
  });

  it('not yet in effect on the day the code was made', async () => {
    const verdict = await verify(await craft({ effectiveDate: '20260302', expiringDate: '20300101' }));
    expectOnlyFailing(verdict, { 'status-at-signing': 'ERR_SHOWING_LICENCE_NOT_EFFECTIVE' });
  });

  it('an issuer not on the trust list', async () => {
    const list = await listWith({ issuers: [] });
    expectOnlyFailing(await verify(await make(), {}, list), {
      'issuer-trusted': 'ERR_SHOWING_ISSUER_UNTRUSTED',
      'type-allowed': 'ERR_SHOWING_SKIPPED_NO_ISSUER',
    });
  });

  it('an issuer not trusted for the type', async () => {
    const list = await listWith({
      issuers: [
        {
          issuerCode: SAMPLE_ISSUER,
          name: ISSUER_NAME,
          keys: [{ key: f.issuerKey.publicKey, validFrom: KEY_FROM }],
          types: ['11100000000013338W011'],
        },
      ],
    });
    expectOnlyFailing(await verify(await make(), {}, list), { 'type-allowed': 'ERR_SHOWING_TYPE_NOT_ALLOWED' });
  });
});

describe('verifyShowCode: replay', () => {
  function register() {
    const seen = new Map<string, Date>();
    const calls: [string, Date][] = [];
    const seenNonce = (nonce: string, expiresAt: Date) => {
      calls.push([nonce, expiresAt]);
      if (seen.has(nonce)) return true;
      seen.set(nonce, expiresAt);
      return false;
    };
    return { seenNonce, calls };
  }

  it('the second presentation of a code is refused; another code of the same licence is not', async () => {
    const { seenNonce, calls } = register();
    const text = await make();
    const first = await verify(text, { seenNonce });
    expect(first.valid).toBe(true);
    expect(first.checks.map((c) => c.name)).toEqual(SHOW_CODE_CHECK_NAMES);
    const again = await verify(text, { seenNonce });
    expectOnlyFailing(again, { replay: 'ERR_SHOWING_REPLAY' });
    expect(check(again, 'replay').params?.nonce).toBe(first.showCode?.nonce);
    expect(calls[0]).toEqual([first.showCode?.nonce, new Date(first.showCode?.expiresAt ?? 0)]);
    expect((await verify(await make(), { seenNonce })).valid).toBe(true);
  });

  it('an asynchronous register (a database) works the same', async () => {
    const seen = new Set<string>();
    const seenNonce = async (nonce: string) => {
      if (seen.has(nonce)) return true;
      seen.add(nonce);
      return false;
    };
    const text = await make();
    expect((await verify(text, { seenNonce })).valid).toBe(true);
    expect(check(await verify(text, { seenNonce }), 'replay').code).toBe('ERR_SHOWING_REPLAY');
  });

  it('a forged code never reaches the register, so it cannot burn a genuine nonce', async () => {
    const { seenNonce, calls } = register();
    const rogue = await generateSigningKey('ed25519');
    const forged = await verify(await craft({}, rogue, f.showingKey), { seenNonce });
    expect(check(forged, 'replay').code).toBe('ERR_SHOWING_SKIPPED_UNVERIFIED');
    const unknown = await verify(await craft({}, rogue), { seenNonce });
    expect(check(unknown, 'replay').code).toBe('ERR_SHOWING_SKIPPED_UNVERIFIED');
    expect(calls).toEqual([]);
  });

  it('the register waits for the signature, which is checked while the rest of the code is', async () => {
    // The WebCrypto provider with its answers held back until released: the verifier must not
    // ask the register before the signature has answered (a forged code would burn a nonce).
    const held: (() => void)[] = [];
    const gated: CryptoProvider = {
      ...webCryptoProvider,
      async importPublicKey(algorithm, publicKey) {
        const verifier = await webCryptoProvider.importPublicKey(algorithm, publicKey);
        return {
          verify: (data, signature) =>
            new Promise<boolean>((resolve) => held.push(() => resolve(verifier.verify(data, signature)))),
        };
      },
    };
    const list = await verifyTrustList(f.list, [{ nodeId: NODE_ID, key: f.nodeKey.publicKey }], {
      at: NOW,
      provider: gated,
    });
    const { seenNonce, calls } = register();
    const pending = verify(await make(), { seenNonce }, list);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(held).toHaveLength(1);
    expect(calls).toEqual([]);
    held[0]?.();
    const verdict = await pending;
    expect(verdict.valid).toBe(true);
    expect(verdict.checks.map((c) => c.name)).toEqual(SHOW_CODE_CHECK_NAMES);
    expect(calls).toHaveLength(1);
  });

  it('a failing or confused register is reported, never taken as "not seen"', async () => {
    const text = await make();
    const broken = await verify(text, {
      seenNonce: () => {
        throw new Error('connection refused');
      },
    });
    expectOnlyFailing(broken, { replay: 'ERR_SHOWING_REPLAY_UNAVAILABLE' });
    expect(check(broken, 'replay').reason).toContain('connection refused');
    const confused = await verify(text, { seenNonce: () => undefined as never });
    expectOnlyFailing(confused, { replay: 'ERR_SHOWING_REPLAY_UNAVAILABLE' });
  });
});

describe("verifyShowCode: the caller's arguments", () => {
  it('refuses a trust list not prepared by verifyTrustList, and bad options', async () => {
    const text = await make();
    const codeOf = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (error) {
        if (error instanceof HutongError) return error.code;
      }
      return 'no error';
    };
    expect(await codeOf(verifyShowCode(text, { ...f.prepared }, { now: NOW }))).toBe('ERR_SHOWING_CONTEXT');
    expect(await codeOf(verifyShowCode(text, f.prepared, { now: new Date('x') }))).toBe('ERR_SHOWING_CONTEXT');
    expect(await codeOf(verifyShowCode(text, f.prepared, null as never))).toBe('ERR_SHOWING_CONTEXT');
    expect(await codeOf(verifyShowCode(text, f.prepared, { now: NOW, seenNonce: 'x' as never }))).toBe(
      'ERR_SHOWING_CONTEXT',
    );
  });
});
