import { generateSigningKey, parseLicenceId, type SigningKey, verifyLicenceSignature } from '@hutong/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { licenceDocumentOf } from '../library/licence-records.js';
import type { LicenceDomainEvent } from '../library/licence-write-context.js';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import {
  ISSUER_CODE,
  OTHER_CITIZEN_ID,
  OTHER_ISSUER_CODE,
  sampleInput,
  sampleIssuer,
  sampleType,
} from '../library/test-support/licence-fixtures.js';
import { testWriteContext } from '../library/test-support/write-context.js';
import { createSubscription } from '../notifications/create-subscription.js';
import { createSecrets } from '../secrets/secrets.js';
import { walSyncFor } from '../store/store.js';
import {
  ISSUANCE_CHUNK,
  type IssuanceItem,
  issuePreparedLicences,
  pipelineChunkSizes,
} from './issue-prepared-licences.js';
import { prepareLicence } from './prepare-licence.js';
import { requestHash } from './request-hash.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

const NOW = new Date('2026-11-29T04:00:00Z');

/**
 * Resolves once `condition()` holds, polled every 5 ms; fails after 30 s, naming what it waited
 * for, so that a hang is reported as one instead of hiding behind the test's timeout.
 */
async function until(condition: () => boolean, what: string, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${deadlineMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function counts(t: LibraryTestStore): Promise<Record<string, number>> {
  const tables = [
    'licences',
    'licence_status_events',
    'idempotency_records',
    'outbox_messages',
    'audit_records',
    'audit_licences',
  ] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await t.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

describe('pipelineChunkSizes', () => {
  it('cuts a run into chunks of ISSUANCE_CHUNK, the last taking what is left', () => {
    expect(pipelineChunkSizes(1000)).toEqual([256, 256, 256, 232]);
    expect(pipelineChunkSizes(512)).toEqual([256, 256]);
    expect(pipelineChunkSizes(257)).toEqual([256, 1]);
    for (const count of [1, 63, 255, 256, 257, 522, 768, 1000, 5000]) {
      const sizes = pipelineChunkSizes(count);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(count);
      expect(sizes.slice(0, -1).every((size) => size === ISSUANCE_CHUNK)).toBe(true);
      expect((sizes.at(-1) ?? 0) > 0 && (sizes.at(-1) ?? 0) <= ISSUANCE_CHUNK).toBe(true);
    }
  });
});

describe.each(TEST_DATABASES)('issuePreparedLicences on $dialect', ({ dialect, create }) => {
  let t: LibraryTestStore;
  let key: SigningKey;
  let otherKey: SigningKey;

  beforeAll(async () => {
    key = await generateSigningKey('ed25519');
    otherKey = await generateSigningKey('sm2-sm3');
  }, HOOK_TIMEOUT);
  beforeEach(async () => {
    t = await openLibraryTestStore(create);
    // A subscriber, so every issuance also writes an outbox message in its transaction.
    await createSubscription(
      t.store.db,
      createSecrets(new Uint8Array(32).fill(1)),
      { clientId: 'rp', licenceTypes: '*' },
      { url: 'http://127.0.0.1:9/' },
      NOW,
    );
  }, HOOK_TIMEOUT);
  afterEach(async () => {
    await t.close();
  }, HOOK_TIMEOUT);

  function item(overrides: Record<string, unknown> = {}, extra: Partial<IssuanceItem> = {}): IssuanceItem {
    const input = sampleInput(overrides);
    const issuer = sampleIssuer(extra.prepared?.issuer.code ?? ISSUER_CODE);
    return {
      prepared: prepareLicence(input, sampleType(), issuer, { now: NOW }),
      key,
      requestHash: requestHash(input),
      ...(input.sourceKey === undefined ? {} : { sourceKey: input.sourceKey }),
      ...extra,
    };
  }

  it('issues a signed licence with an identifier, a status entry, its issue event and side records', async () => {
    const events: LicenceDomainEvent[] = [];
    const [outcome] = await issuePreparedLicences(testWriteContext(t.store.db, { events }), [item()]);
    expect(outcome?.status).toBe('issued');
    if (outcome?.status !== 'issued') return;
    const licence = outcome.licence;
    expect(parseLicenceId(licence.metadata.certificateIdentifier)).toBe(licence.metadata.certificateIdentifier);
    expect(licence.metadata.certificateIdentifier).toContain(`.${ISSUER_CODE}.202600000001.001.`);
    expect(licence.statusReference?.uri).toBe(`http://127.0.0.1:8080/api/v1/status-lists/${ISSUER_CODE}/1`);
    expect(licence.proof.created).toBe('2026-11-29T04:00:00Z');
    expect(await verifyLicenceSignature(licence, key.publicKey)).toBe(true);
    expect(await counts(t)).toEqual({
      licences: 1,
      licence_status_events: 1,
      idempotency_records: 0,
      outbox_messages: 1,
      audit_records: 1,
      audit_licences: 0,
    });
    expect(events.map((e) => [e.type, e.target, e.details.status])).toEqual([
      ['licence.issued', licence.metadata.certificateIdentifier, 'valid'],
    ]);
    // No personal data in the event: the holder only as a keyed hash.
    expect(JSON.stringify(events)).not.toContain(licence.metadata.certificateHolderCode);
  });

  it('returns the same licence for a retried source key, and refuses the key with another body', async () => {
    const wctx = testWriteContext(t.store.db);
    const [first] = await issuePreparedLicences(wctx, [item({ sourceKey: 'DEPT-2026-001' })]);
    const [again] = await issuePreparedLicences(wctx, [item({ sourceKey: 'DEPT-2026-001' })]);
    expect(again?.status).toBe('existing');
    expect(again?.status === 'existing' && first?.status === 'issued' && again.licence).toEqual(
      first?.status === 'issued' && first.licence,
    );
    const [conflict] = await issuePreparedLicences(wctx, [
      item({ sourceKey: 'DEPT-2026-001', certificateHolderName: '李四' }),
    ]);
    expect(conflict?.status === 'rejected' && [conflict.error.code, conflict.error.field]).toEqual([
      'ERR_ISSUANCE_IDEMPOTENCY_CONFLICT',
      'sourceKey',
    ]);
    expect((await counts(t)).licences).toBe(1);
  });

  it('honours a per-client idempotency key, and refuses its reuse for another request', async () => {
    const wctx = testWriteContext(t.store.db);
    const idempotency = { principal: 'client:a', key: 'k-1' };
    const [first] = await issuePreparedLicences(wctx, [item({}, { idempotency })]);
    const [again] = await issuePreparedLicences(wctx, [item({}, { idempotency })]);
    expect(first?.status).toBe('issued');
    expect(again?.status).toBe('existing');
    // Another client may use the same key string for its own request.
    const [other] = await issuePreparedLicences(wctx, [
      item({}, { idempotency: { principal: 'client:b', key: 'k-1' } }),
    ]);
    expect(other?.status).toBe('issued');
    const [conflict] = await issuePreparedLicences(wctx, [item({ certificateNumber: 'X-2' }, { idempotency })]);
    expect(conflict?.status === 'rejected' && conflict.error.code).toBe('ERR_ISSUANCE_IDEMPOTENCY_CONFLICT');
    expect((await counts(t)).licences).toBe(2);
  });

  it('answers concurrent retries of one request with one licence', async () => {
    const wctx = testWriteContext(t.store.db);
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => issuePreparedLicences(wctx, [item({ sourceKey: 'RACE-1' })])),
    );
    const identifiers = new Set(
      runs.map(([o]) =>
        o?.status === 'issued' || o?.status === 'existing' ? o.licence.metadata.certificateIdentifier : o?.status,
      ),
    );
    expect(identifiers.size).toBe(1);
    expect((await counts(t)).licences).toBe(1);
  });

  it('issues concurrently without serial collisions', async () => {
    const wctx = testWriteContext(t.store.db);
    const runs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        issuePreparedLicences(wctx, [item({ certificateNumber: `N-${i}-a` }), item({ certificateNumber: `N-${i}-b` })]),
      ),
    );
    const ids = runs.flat().map((o) => (o.status === 'issued' ? o.licence.metadata.certificateIdentifier : o.status));
    expect(new Set(ids).size).toBe(24);
    expect((await counts(t)).licences).toBe(24);
  });

  it('keeps a batch’s good items when one fails, in input order, across issuers and suites', async () => {
    const wctx = testWriteContext(t.store.db);
    const outcomes = await issuePreparedLicences(wctx, [
      item({ certificateNumber: 'A' }),
      item({ certificateHolderName: ' 带空格 ' }),
      item(
        { certificateNumber: 'B', certificateHolderCode: OTHER_CITIZEN_ID },
        {
          prepared: prepareLicence(
            sampleInput({ certificateNumber: 'B' }),
            sampleType(),
            sampleIssuer(OTHER_ISSUER_CODE),
            {
              now: NOW,
            },
          ),
          key: otherKey,
        },
      ),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['issued', 'rejected', 'issued']);
    expect(outcomes[1]?.status === 'rejected' && [outcomes[1].error.code, outcomes[1].error.field]).toEqual([
      'ERR_LICENCE_TEXT_UNTRIMMED',
      'metadata.certificateHolderName',
    ]);
    const third = outcomes[2];
    expect(third?.status === 'issued' && third.licence.proof.suite).toBe('sm2-sm3');
    expect(third?.status === 'issued' && third.licence.metadata.certificateIdentifier).toContain(
      `.${OTHER_ISSUER_CODE}.202600000001.001.`,
    );
  });

  it('issues several chunks with signing overlapped: each item once, in order, refusals and retries answered alone', async () => {
    const wctx = testWriteContext(t.store.db);
    const count = 2 * ISSUANCE_CHUNK + 40;
    const [earlier] = await issuePreparedLicences(wctx, [item({ certificateNumber: 'P-7', sourceKey: 'SK-7' })]);
    const items = Array.from({ length: count }, (_, i) =>
      i === ISSUANCE_CHUNK + 3
        ? item({ certificateNumber: `P-${i}`, certificateHolderName: ' 带空格 ' })
        : item({ certificateNumber: `P-${i}`, ...(i === 7 ? { sourceKey: 'SK-7' } : {}) }),
    );
    const outcomes = await issuePreparedLicences(wctx, items);
    expect(outcomes).toHaveLength(count);
    const untrimmed = outcomes[ISSUANCE_CHUNK + 3];
    expect(untrimmed?.status === 'rejected' && untrimmed.error.code).toBe('ERR_LICENCE_TEXT_UNTRIMMED');
    expect(outcomes[7]).toEqual({ status: 'existing', licence: earlier?.status === 'issued' && earlier.licence });
    const issued = outcomes.flatMap((o) => (o.status === 'issued' ? [o.licence] : []));
    expect(issued).toHaveLength(count - 2);
    // Input order is kept, and no serial or status entry is handed out twice.
    outcomes.forEach((o, i) => {
      if (o.status === 'issued') expect(o.licence.metadata.certificateNumber).toBe(`P-${i}`);
    });
    expect(new Set(issued.map((l) => l.metadata.certificateIdentifier)).size).toBe(count - 2);
    expect(new Set(issued.map((l) => l.statusReference?.index)).size).toBe(count - 2);
    for (const licence of [issued[0], issued[ISSUANCE_CHUNK + 10], issued[issued.length - 1]]) {
      expect(licence !== undefined && (await verifyLicenceSignature(licence, key.publicKey))).toBe(true);
    }
    expect(await counts(t)).toEqual({
      licences: count - 1,
      licence_status_events: count - 1,
      idempotency_records: 0,
      outbox_messages: count - 1,
      // One record for the earlier licence, one per chunk for the others, listing them (write-path-budget.md, proposal 1).
      audit_records: 1 + pipelineChunkSizes(count - 1).length,
      audit_licences: count - 2,
    });
  });

  it('leaves whole items when a later chunk fails: no half-written licence, later chunks not stored', async () => {
    const count = 2 * ISSUANCE_CHUNK + 10;
    const failing = `F-${ISSUANCE_CHUNK + 5}`;
    const numbers = new Map<string, string>();
    const wctx = testWriteContext(t.store.db, {
      failOn: (event) => numbers.get(event.target) === failing,
    });
    const items = Array.from({ length: count }, (_, i) => item({ certificateNumber: `F-${i}` }));
    // The side-record hook sees identifiers; map them back to certificate numbers as they are assembled.
    const spy = { ...wctx, recordChunkEvents: wctx.recordChunkEvents };
    const original = wctx.recordChunkEvents;
    spy.recordChunkEvents = async (trx, batch) => {
      for (const event of batch) {
        const row = await trx
          .selectFrom('licences')
          .select('packed_document')
          .where('identifier', '=', event.target)
          .executeTakeFirst();
        if (row !== undefined)
          numbers.set(event.target, JSON.parse(licenceDocumentOf(row.packed_document)).metadata.certificateNumber);
      }
      await original(trx, batch);
    };
    await expect(issuePreparedLicences(spy, items)).rejects.toThrow('side record failed');
    // The first chunk is stored whole. Its transaction failing, the second chunk was retried
    // item by item: the five items before the failing one are stored whole, each with its
    // status event, audit record and outbox message; nothing of the failing item or after it.
    const stored = ISSUANCE_CHUNK + 5;
    expect(await counts(t)).toEqual({
      licences: stored,
      licence_status_events: stored,
      idempotency_records: 0,
      outbox_messages: stored,
      // The first chunk's one record (listing its licences), then one per item retried alone.
      audit_records: 1 + 5,
      audit_licences: ISSUANCE_CHUNK,
    });
    // Serials and entries of the unstored chunks were allocated: gaps, never reused.
    const [serials] = await t.store.db.selectFrom('licence_serials').select('next_serial').execute();
    expect(Number(serials?.next_serial)).toBe(count + 1);
    const [next] = await issuePreparedLicences(wctx, [item({ certificateNumber: 'AFTER' })]);
    expect(next?.status === 'issued' && next.licence.metadata.certificateIdentifier).toContain(
      `.${ISSUER_CODE}.2026${String(count + 1).padStart(8, '0')}.001.`,
    );
  });

  it('writes nothing at all when a side record fails (one transaction)', async () => {
    const wctx = testWriteContext(t.store.db, { failOn: () => true });
    await expect(issuePreparedLicences(wctx, [item()])).rejects.toThrow('side record failed');
    expect(await counts(t)).toEqual({
      licences: 0,
      licence_status_events: 0,
      idempotency_records: 0,
      outbox_messages: 0,
      audit_records: 0,
      audit_licences: 0,
    });
    const lists = await t.store.db.selectFrom('status_lists').selectAll().execute();
    const serials = await t.store.db.selectFrom('licence_serials').selectAll().execute();
    expect([lists, serials]).toEqual([[], []]);
    void dialect;
  });
});

// SQLite only: its commits wait for WalSync's fsync of the WAL after the COMMIT (PostgreSQL's COMMIT itself waits).
describe.each(TEST_DATABASES.filter((d) => d.dialect === 'sqlite'))(
  'issuePreparedLicences on $dialect: WAL fsyncs',
  ({ create }) => {
    let t: LibraryTestStore;
    let key: SigningKey;
    beforeAll(async () => {
      key = await generateSigningKey('ed25519');
    }, HOOK_TIMEOUT);
    beforeEach(async () => {
      t = await openLibraryTestStore(create);
    }, HOOK_TIMEOUT);
    afterEach(async () => {
      await t.close();
    }, HOOK_TIMEOUT);

    it('stores each chunk while the chunk before waits for its fsync, and answers once every chunk is synced', async () => {
      const sync = walSyncFor(t.store.db);
      if (sync === undefined) throw new Error('a SQLite store has a WalSync');
      const base = testWriteContext(t.store.db);
      const sizes = pipelineChunkSizes(3 * ISSUANCE_CHUNK);
      // Signatures made so far: every chunk goes to the signing as soon as its numbers are known.
      let signed = 0;
      const counted: SigningKey = {
        suite: key.suite,
        keyId: key.keyId,
        publicKey: key.publicKey,
        sign: async (data) => {
          const signature = await key.sign(data);
          signed += 1;
          return signature;
        },
      };
      // Commits not yet synced when each chunk's side records are written, inside its transaction.
      const unsynced: number[] = [];
      const wctx = {
        ...base,
        recordChunkEvents: async (
          trx: Parameters<typeof base.recordChunkEvents>[0],
          batch: readonly LicenceDomainEvent[],
        ) => {
          const k = unsynced.length;
          unsynced.push(sync.unsynced);
          await base.recordChunkEvents(trx, batch);
          // Hold this chunk's transaction until the next chunk is signed, so that only the fsync
          // of this chunk's COMMIT could hold the next transaction back. A fixed 200 ms sleep did
          // this on an idle machine only: on a loaded one the signatures took longer than the
          // fsync, the next chunk started after it, and the test failed for no fault of the code.
          const needed = sizes.slice(0, k + 2).reduce((sum, size) => sum + size, 0);
          await until(() => signed >= needed, 'the next chunk signed');
          // The signatures are made; their chunk's promise settles in the turns after.
          await new Promise((resolve) => setImmediate(resolve));
        },
      };
      const items = Array.from({ length: 3 * ISSUANCE_CHUNK }, (_, i) => {
        const input = sampleInput({ certificateNumber: `W-${i}` });
        return {
          prepared: prepareLicence(input, sampleType(), sampleIssuer(ISSUER_CODE), { now: NOW }),
          key: counted,
          requestHash: requestHash(input),
        } satisfies IssuanceItem;
      });
      const outcomes = await issuePreparedLicences(wctx, items);
      expect(outcomes.map((o) => o.status)).toEqual(items.map(() => 'issued'));
      // The first chunk starts after the allocation's commit was synced; each later one while
      // the commit of the chunk before it is still being synced (it waited for that fsync before).
      expect(unsynced).toEqual(pipelineChunkSizes(items.length).map((_, k) => (k === 0 ? 0 : 1)));
      expect(sync.unsynced).toBe(0);
      const row = await t.store.db
        .selectFrom('licences')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(row.n)).toBe(items.length);
    });
  },
);
