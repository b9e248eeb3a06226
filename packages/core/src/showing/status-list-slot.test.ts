import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUITE_NAMES, type SuiteName } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { type Licence, signLicence } from '../licence/index.js';
import { createPrintCode } from '../printing/print-code.js';
import { verifyPrintCode } from '../printing/verify-print-code.js';
import { statusListPath } from '../status/index.js';
import { currentLicenceJson, type Fixture, fixture, NOW, SAMPLE_ISSUER } from '../trust/test-support/fixtures.js';
import type { StatusList } from '../verify/index.js';
import { decodeBase45, encodeBase45 } from './base45.js';
import { createShowCode } from './create-show-code.js';
import { decodeShowCode } from './decode-show-code.js';
import { SHOW_CODE_PREFIX } from './show-code.js';
import { formatShowCode, showCodeSignedBytes } from './show-code-payload.js';
import { MAX_STATUS_LIST_INDEX, type StatusListSlot } from './status-list-slot.js';
import { craftedPayload } from './test-support/crafted-show-code.js';
import { openedStatusList, type StatusListTokenInput } from './test-support/status-list-token.js';
import { type ShowCodeVerdict, verifyShowCode } from './verify-show-code.js';

// docs/design/show-code.md §3.5 and docs/design/printed-licence.md §3: the status-list slot.
const LIST_ID = 2;
const INDEX = 4217;
const URI = `https://zwfw.jl.example.cn${statusListPath(SAMPLE_ISSUER, LIST_ID)}`;
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

const fixtures = new Map<SuiteName, Fixture>();
const listed = new Map<SuiteName, Licence>();
let f: Fixture;
let licence: Licence;

beforeAll(async () => {
  for (const suite of SUITE_NAMES) {
    const fx = await fixture(suite);
    fixtures.set(suite, fx);
    listed.set(
      suite,
      await signLicence(
        { ...currentLicenceJson(), statusReference: { uri: URI, index: INDEX } } as never,
        fx.issuerKey,
        {
          created: new Date('2025-01-08T02:00:00Z'),
        },
      ),
    );
  }
  f = fixtures.get('ed25519') as Fixture;
  licence = listed.get('ed25519') as Licence;
});

async function showCode(of: Licence = licence, fx: Fixture = f): Promise<string> {
  return (
    await createShowCode({ licence: of, type: fx.type, status: 'valid', purpose: 'entry' }, fx.showingKey, { now: NOW })
  ).text;
}

function list(over: Partial<StatusListTokenInput> = {}, fx: Fixture = f): Promise<StatusList> {
  return openedStatusList(
    {
      issuerKey: fx.issuerKey,
      issuerCode: SAMPLE_ISSUER,
      listId: LIST_ID,
      entries: {},
      issuedAt: at(10),
      expiresAt: at(86_400),
      size: 8192,
      ...over,
    },
    fx.prepared,
  );
}

function statusCheck(verdict: { checks: readonly { name: string; ok: boolean; code?: string; reason: string }[] }) {
  const found = verdict.checks.find((c) => c.name === 'status-list');
  if (found === undefined) throw new Error('no status-list check');
  return found;
}

function onlyStatusFails(verdict: ShowCodeVerdict, code: string): void {
  expect(verdict.valid).toBe(false);
  expect(verdict.checks.filter((c) => !c.ok).map((c) => [c.name, c.code])).toEqual([['status-list', code]]);
}

describe('show codes carry the licence status-list slot', () => {
  it.each(SUITE_NAMES)(
    '%s: a licence with a Hutong status reference gets a code naming its list and entry',
    async (suite) => {
      const fx = fixtures.get(suite) as Fixture;
      const text = await showCode(listed.get(suite) as Licence, fx);
      expect(decodeShowCode(text).statusListSlot).toEqual({ listId: LIST_ID, index: INDEX });
      const verdict = await verifyShowCode(text, fx.prepared, { now: at(30), statusLists: [await list({}, fx)] });
      expect(verdict.valid).toBe(true);
      expect(statusCheck(verdict)).toMatchObject({ ok: true });
      expect(statusCheck(verdict).reason).toContain(`entry ${INDEX} of the status list ${URI} says valid`);
      expect(verdict.showCode?.statusListSlot).toEqual({ listId: LIST_ID, index: INDEX });
    },
  );

  it('the slot costs a few characters: list 2, entry 4217 is 3 bytes (at most 6 for any entry of 2^32)', async () => {
    const withSlot = await showCode();
    const without = await showCode(f.licence);
    expect(decodeShowCode(without).statusListSlot).toBeUndefined();
    expect(withSlot.length - without.length).toBeLessThanOrEqual(Math.ceil((3 * 3) / 2) + 1);
  });

  it('revoked after the code was made: a list issued later refuses it offline with the precise reason', async () => {
    const verdict = await verifyShowCode(await showCode(), f.prepared, {
      now: at(30),
      statusLists: [await list({ entries: { [INDEX]: 1 } })],
    });
    onlyStatusFails(verdict, 'ERR_VERIFY_STATUS_INVALID_SINCE');
    expect(statusCheck(verdict).reason).toContain(`entry ${INDEX} of the status list ${URI}`);
    expect(statusCheck(verdict).reason).toContain('since the code was made at 2026-03-01T04:00:00.000Z');
  });

  it('suspended after the code was made: refused offline as suspended', async () => {
    const verdict = await verifyShowCode(await showCode(), f.prepared, {
      now: at(30),
      statusLists: [await list({ entries: { [INDEX]: 2 } })],
    });
    onlyStatusFails(verdict, 'ERR_VERIFY_STATUS_SUSPENDED_SINCE');
  });

  it('an entry the list does not have (value 3, or past its end) is refused, never read as valid', async () => {
    const reserved = await verifyShowCode(await showCode(), f.prepared, {
      now: at(30),
      statusLists: [await list({ entries: { [INDEX]: 3 } })],
    });
    onlyStatusFails(reserved, 'ERR_VERIFY_STATUS_UNKNOWN');
    const short = await verifyShowCode(await showCode(), f.prepared, {
      now: at(30),
      statusLists: [await list({ size: 1024 })],
    });
    onlyStatusFails(short, 'ERR_VERIFY_STATUS_UNKNOWN');
  });

  it('no cached list: valid as before, the check saying plainly it could not look', async () => {
    const verdict = await verifyShowCode(await showCode(), f.prepared, { now: at(30) });
    expect(verdict.valid).toBe(true);
    expect(statusCheck(verdict)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_LIST_NONE' });
    expect(statusCheck(verdict).reason).toContain(`no cached status list ${statusListPath(SAMPLE_ISSUER, LIST_ID)}`);
    // Another list of the issuer does not speak for this entry.
    const other = await verifyShowCode(await showCode(), f.prepared, {
      now: at(30),
      statusLists: [await list({ listId: 3, entries: { [INDEX]: 1 } })],
    });
    expect(statusCheck(other)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_LIST_NONE' });
  });

  it('a stale list (past its exp) is not relied on, even when it says revoked', async () => {
    const stale = await list({ entries: { [INDEX]: 1 }, issuedAt: at(1), expiresAt: at(20) });
    const verdict = await verifyShowCode(await showCode(), f.prepared, { now: at(30), statusLists: [stale] });
    expect(verdict.valid).toBe(true);
    expect(statusCheck(verdict)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_LIST_STALE' });
    expect(statusCheck(verdict).reason).toContain('expired at 2026-03-01T04:00:20.000Z');
  });

  it('of several cached copies of the list, the newest speaks, whatever their order', async () => {
    const yesterday = await list({ issuedAt: at(-86_000) });
    const today = await list({ entries: { [INDEX]: 1 }, issuedAt: at(20) });
    for (const statusLists of [
      [yesterday, today],
      [today, yesterday],
    ]) {
      onlyStatusFails(
        await verifyShowCode(await showCode(), f.prepared, { now: at(30), statusLists }),
        'ERR_VERIFY_STATUS_INVALID_SINCE',
      );
    }
  });

  it('a list older than the code: the status the code carries is the newer word', async () => {
    const older = await list({ entries: { [INDEX]: 2 }, issuedAt: at(-600) });
    const verdict = await verifyShowCode(await showCode(), f.prepared, { now: at(30), statusLists: [older] });
    expect(verdict.valid).toBe(true);
    expect(statusCheck(verdict)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_LIST_OLDER' });
  });

  it('a list signed by a key this trust list does not give the issuer is refused', async () => {
    const foreign = fixtures.get('ed25519') === f ? await fixture('ed25519') : f;
    const theirs = await list({}, foreign);
    const verdict = await verifyShowCode(await showCode(), f.prepared, { now: at(30), statusLists: [theirs] });
    onlyStatusFails(verdict, 'ERR_VERIFY_STATUS_LIST_KEY_UNKNOWN');
  });

  it('a look-alike list object (not opened by openStatusListToken) is the caller’s error', async () => {
    const real = await list();
    const fake = { ...real, entry: () => 0 };
    await expect(
      verifyShowCode(await showCode(), f.prepared, { now: at(30), statusLists: [fake as StatusList] }),
    ).rejects.toMatchObject({ code: 'ERR_SHOWING_CONTEXT', field: 'statusLists' });
  });

  it('a code made before codes carried a slot verifies as before, saying its status since could not be checked', async () => {
    const verdict = await verifyShowCode(await showCode(f.licence), f.prepared, {
      now: at(30),
      statusLists: [await list({ entries: { [INDEX]: 1 } })],
    });
    expect(verdict.valid).toBe(true);
    expect(statusCheck(verdict)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_NO_SLOT' });
  });
});

describe('print codes carry the licence status-list slot', () => {
  it('paper whose licence was revoked after printing is refused offline; without a list it says it could not check', async () => {
    const code = await createPrintCode({ licence, type: f.type }, f.showingKey, { now: NOW });
    const revoked = await list({ entries: { [INDEX]: 1 }, issuedAt: at(86_400 * 4), expiresAt: at(86_400 * 5) });
    const later = at(86_400 * 4 + 60);
    const refused = await verifyPrintCode(code.text, f.prepared, { now: later, statusLists: [revoked] });
    expect(refused.valid).toBe(false);
    expect(refused.checks.filter((c) => !c.ok).map((c) => [c.name, c.code])).toEqual([
      ['status-list', 'ERR_VERIFY_STATUS_INVALID_SINCE'],
    ]);
    expect(refused.printCode?.statusListSlot).toEqual({ listId: LIST_ID, index: INDEX });
    const unknown = await verifyPrintCode(code.text, f.prepared, { now: later });
    expect(unknown.valid).toBe(true);
    expect(statusCheck(unknown)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_LIST_NONE' });
  });

  it('an annotated copy carries the slot after its annotation', async () => {
    const code = await createPrintCode(
      {
        licence,
        type: f.type,
        annotation: {
          useCause: '办理不动产登记',
          relyingPartyCode: '91350100M000100Y43' as never,
          relyingPartyName: '福州市不动产登记中心',
          expiresAt: at(7 * 86_400),
        },
      },
      f.showingKey,
      { now: NOW },
    );
    const suspended = await list({ entries: { [INDEX]: 2 } });
    const verdict = await verifyPrintCode(code.text, f.prepared, { now: at(60), statusLists: [suspended] });
    expect(statusCheck(verdict)).toMatchObject({ ok: false, code: 'ERR_VERIFY_STATUS_SUSPENDED_SINCE' });
    expect(verdict.printCode?.annotation?.useCause).toBe('办理不动产登记');
  });

  it('a print code from before the slot verifies as before', async () => {
    const code = await createPrintCode({ licence: f.licence, type: f.type }, f.showingKey, { now: NOW });
    const verdict = await verifyPrintCode(code.text, f.prepared, { now: at(60), statusLists: [await list()] });
    expect(verdict.valid).toBe(true);
    expect(statusCheck(verdict)).toMatchObject({ ok: true, code: 'ERR_VERIFY_STATUS_NO_SLOT' });
  });
});

describe('the slot on the wire (fast-check)', () => {
  /** A show code with the given slot, written by hand and signed by the node's showing key. */
  function payload(slot: StatusListSlot | undefined): Uint8Array {
    return craftedPayload(f.showingKey, { nonce: new Uint8Array(12), statusListSlot: slot });
  }
  const text = (bytes: Uint8Array) => formatShowCode(bytes, new Uint8Array(64));
  const slots = fc.record({
    listId: fc.integer({ min: 1, max: 999_999_999 }),
    index: fc.integer({ min: 0, max: MAX_STATUS_LIST_INDEX }),
  });

  it('every slot reads back exactly, and the code signs and verifies', async () => {
    fc.assert(
      fc.property(slots, (slot) => {
        expect(decodeShowCode(text(payload(slot))).statusListSlot).toEqual(slot);
      }),
      { numRuns: 2000 },
    );
    const signed = payload({ listId: 999_999_999, index: MAX_STATUS_LIST_INDEX });
    const code = formatShowCode(signed, await f.showingKey.sign(showCodeSignedBytes(signed)));
    const verdict = await verifyShowCode(code, f.prepared, { now: at(5) });
    expect(verdict.valid).toBe(true);
  });

  it('any bytes in place of the slot: the decoder returns the one slot they encode, or a typed ERR_SHOWING_ error', () => {
    const base = payload(undefined);
    const flagged = Uint8Array.from(base);
    flagged[0] = (flagged[0] as number) | 0x10;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 12 }), (tail) => {
        const bytes = new Uint8Array([...flagged, ...tail]);
        let slot: StatusListSlot | undefined;
        try {
          slot = decodeShowCode(text(bytes)).statusListSlot;
        } catch (error) {
          if (!(error instanceof HutongError) || !error.code.startsWith('ERR_SHOWING_')) throw error;
          expect(['ERR_SHOWING_MALFORMED', 'ERR_SHOWING_TRUNCATED', 'ERR_SHOWING_TRAILING_BYTES']).toContain(
            error.code,
          );
          return;
        }
        // One byte string, one meaning: what was read re-encodes to exactly these bytes.
        expect(slot).toBeDefined();
        expect(payload(slot)).toEqual(bytes);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a flagged code with no slot, list id 0, a padded number and a number past its bound, naming the part', () => {
    const base = payload(undefined);
    const read = (tail: number[]) => {
      const bytes = new Uint8Array([...base, ...tail]);
      bytes[0] = (bytes[0] as number) | 0x10;
      try {
        decodeShowCode(text(bytes));
      } catch (error) {
        return error instanceof HutongError ? [error.code, error.field] : error;
      }
      return 'ok';
    };
    expect(read([])).toEqual(['ERR_SHOWING_TRUNCATED', 'statusListSlot']);
    expect(read([0x01])).toEqual(['ERR_SHOWING_TRUNCATED', 'statusListSlot']);
    expect(read([0x00, 0x01])).toEqual(['ERR_SHOWING_MALFORMED', 'statusListSlot']);
    expect(read([0x81, 0x00, 0x01])).toEqual(['ERR_SHOWING_MALFORMED', 'statusListSlot']);
    expect(read([0x01, 0xff, 0xff, 0xff, 0xff, 0x7f])).toEqual(['ERR_SHOWING_MALFORMED', 'statusListSlot']);
    expect(read([0x01, 0x01, 0x00])).toEqual(['ERR_SHOWING_TRAILING_BYTES', 'fields']);
  });

  it('an old decoder’s view: the slot bit was reserved, so no old code has it and old codes decode unchanged', () => {
    const old = decodeBase45(text(payload(undefined)), SHOW_CODE_PREFIX.length);
    expect((old[0] as number) & 0x1f).toBe(0);
    expect(decodeShowCode(SHOW_CODE_PREFIX + encodeBase45(old)).statusListSlot).toBeUndefined();
  });
});
