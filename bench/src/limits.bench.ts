/**
 * The machine's limits (issue 7, item 3): the raw primitives every Hutong path is built on,
 * each measured beside Hutong's own call doing the same work in the same run.
 *
 * - SHA-256 (Merkle nodes and 1 KiB documents): the server's `nodeHashProvider` and core's
 *   pure-JS default against OpenSSL through `node:crypto`.
 * - SM3: core's `sm3Digest` against OpenSSL's SM3 through `node:crypto`.
 * - SM2: core's sign and verify (the best implementation Hutong has found for SM2 with the
 *   GB/T 35276 user ID; the comparison with sm-crypto-v2 is in core/crypto/suites.bench.ts)
 *   against OpenSSL's SM2 arithmetic through `node:crypto` — the same curve and hash, but
 *   Node cannot set the SM2 distinguishing ID, so its signatures do not interoperate: it is
 *   the native speed, not a usable alternative.
 * - SQLite (information: no target was set for the store): 1,000-row insert transactions and point lookups by identifier in a 100,000-licence
 *   table, through the store (Kysely over better-sqlite3, WAL, synchronous=FULL) against raw
 *   better-sqlite3 prepared statements with the same pragmas.
 *
 * Ed25519 and P-256 sign and verify against raw `node:crypto` are in
 * packages/server/src/crypto/node-crypto-provider.bench.ts (same harness, not repeated here).
 */
import {
  createHash,
  generateKeyPairSync,
  sign as nodeSign,
  verify as nodeVerify,
  hash as oneShotHash,
} from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  exportSpkiPem,
  generateSigningKey,
  importVerificationKeyPem,
  licenceIdCheckCharacter,
  nobleHashProvider,
  sm3Digest,
} from '@hutong/core';
import Sqlite from 'better-sqlite3';
import { nodeHashProvider } from '../../packages/server/src/merkle/node-hash-provider.js';
import { migrateToLatest } from '../../packages/server/src/store/migrate.js';
import { openStore } from '../../packages/server/src/store/store.js';
import type { BenchFile, BenchWorkload } from '../../scripts/bench/types.js';
import { ISSUER_CODE, startHutongNode, TYPE_CODE } from './hutong-node.js';

const LOOKUP_ROWS = Number(process.env.HUTONG_BENCH_LIMITS_ROWS ?? 100_000);
const INSERT_BATCH = 1_000;
const ROWS_PER_STATEMENT = 40;

function bytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function openRaw(file: string): Sqlite.Database {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

export default async function bench(): Promise<BenchFile> {
  const workloads: BenchWorkload[] = [];

  // Hashing.
  const node65 = bytes(65, 1);
  const doc1k = bytes(1024, 2);
  for (const [what, data] of [
    ['Merkle node (65 bytes)', node65],
    ['1 KiB document', doc1k],
  ] as const) {
    const expected = new Uint8Array(createHash('sha256').update(data).digest());
    if (!same(nodeHashProvider.sha256(data), expected) || !same(nobleHashProvider.sha256(data), expected))
      throw new Error('SHA-256 providers disagree');
    workloads.push({
      name: `SHA-256, ${what}: server path`,
      subject: { label: 'server nodeHashProvider.sha256', fn: () => nodeHashProvider.sha256(data).length },
      baseline: {
        label: "node:crypto hash('sha256') one-shot (OpenSSL)",
        fn: () => oneShotHash('sha256', data, 'buffer').length,
      },
      target: { minRatio: 0.9 },
      expect: 32,
    });
    workloads.push({
      name: `SHA-256, ${what}: core's pure-JS default (browsers, kiosks)`,
      subject: {
        label: 'core nobleHashProvider.sha256 (@noble/hashes)',
        fn: () => nobleHashProvider.sha256(data).length,
      },
      baseline: {
        label: "node:crypto hash('sha256') one-shot (OpenSSL)",
        fn: () => oneShotHash('sha256', data, 'buffer').length,
      },
      expect: 32,
    });
  }
  const sm3Expected = new Uint8Array(createHash('sm3').update(doc1k).digest());
  if (!same(sm3Digest(doc1k), sm3Expected)) throw new Error('core SM3 disagrees with OpenSSL');
  workloads.push({
    name: 'SM3, 1 KiB document',
    subject: { label: 'core sm3Digest (sm-crypto-v2, pure JS)', fn: () => sm3Digest(doc1k).length },
    baseline: {
      label: "node:crypto createHash('sm3') (OpenSSL)",
      fn: () => createHash('sm3').update(doc1k).digest().length,
    },
    expect: 32,
  });

  // SM2: core against OpenSSL's native SM2 arithmetic.
  const sm2 = await generateSigningKey('sm2-sm3');
  const sm2Verifier = await importVerificationKeyPem(exportSpkiPem(sm2.publicKey), { suite: 'sm2-sm3' });
  const sm2Signature = await sm2.sign(doc1k);
  const native = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const nativeSignature = nodeSign('sm3', doc1k, native.privateKey);
  workloads.push({
    name: 'SM2 verify, 1 KiB document: core vs native OpenSSL arithmetic',
    subject: {
      label: 'core VerificationKey.verify (SM2 with SM3, standard user ID)',
      fn: () => sm2Verifier.verify(doc1k, sm2Signature),
    },
    baseline: {
      label: "node:crypto verify('sm3') on an SM2 key (OpenSSL; no distinguishing ID, not interoperable)",
      fn: () => nodeVerify('sm3', doc1k, native.publicKey, nativeSignature),
    },
    expect: true,
  });
  workloads.push({
    name: 'SM2 sign, 1 KiB document: core vs native OpenSSL arithmetic',
    subject: {
      label: 'core SigningKey.sign (SM2 with SM3, standard user ID)',
      fn: async () => (await sm2.sign(doc1k)).length,
    },
    baseline: {
      label: "node:crypto sign('sm3') on an SM2 key (OpenSSL; DER, not interoperable)",
      fn: () => (nodeSign('sm3', doc1k, native.privateKey).length > 0 ? 64 : 0),
    },
    expect: 64,
  });

  // SQLite: the store (Kysely) against raw better-sqlite3, same file format and pragmas.
  const node = await startHutongNode();
  const dir = mkdtempSync(join(tmpdir(), 'hutong-bench-limits-'));
  process.on('exit', () => {
    void node.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const template = await node.store.db.selectFrom('licences').selectAll().executeTakeFirstOrThrow();
  const columns = Object.keys(template);
  let serialCounter = 0;
  const row = () => {
    serialCounter += 1;
    const serial = `L${String(serialCounter).padStart(11, '0')}`;
    const body = `${TYPE_CODE}${ISSUER_CODE}${serial}001`;
    return {
      ...template,
      identifier: `1.2.156.3005.2.${TYPE_CODE}.${ISSUER_CODE}.${serial}.001.${licenceIdCheckCharacter(body)}`,
      series: `${TYPE_CODE}.${ISSUER_CODE}.${serial}`,
      serial,
      status_index: serialCounter,
      status_list_id: 2 + Math.floor(serialCounter / 1_000_000),
    };
  };
  // Two stores with the same schema: the store's own file, and a second one for raw writes.
  const rawStore = await openStore({ dialect: 'sqlite', file: join(dir, 'raw.db') });
  await migrateToLatest(rawStore.db);
  await rawStore.close();
  const rawWriter = openRaw(join(dir, 'raw.db'));
  const rawInsert = rawWriter.prepare(
    `INSERT INTO licences (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const rawInsertMany = rawWriter.transaction((rows: Record<string, unknown>[]) => {
    for (const r of rows) rawInsert.run(r);
  });
  // The lookup table: LOOKUP_ROWS licences in both files (raw inserts: filling is not measured).
  const identifiers: string[] = [];
  const storeRaw = openRaw(node.store.target);
  const storeInsert = storeRaw.prepare(
    `INSERT INTO licences (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  );
  const fill = storeRaw.transaction((rows: Record<string, unknown>[]) => {
    for (const r of rows) storeInsert.run(r);
  });
  for (let done = 0; done < LOOKUP_ROWS; done += 10_000) {
    const rows = Array.from({ length: Math.min(10_000, LOOKUP_ROWS - done) }, row);
    fill(rows);
    rawInsertMany(rows);
    for (const r of rows) identifiers.push(r.identifier);
  }
  const pick = () => identifiers[Math.floor(Math.random() * identifiers.length)] as string;
  const rawLookup = storeRaw.prepare('SELECT packed_document FROM licences WHERE identifier = ?');
  workloads.push({
    name: `SQLite point lookup by identifier, ${LOOKUP_ROWS.toLocaleString('en-US')} licences`,
    subject: {
      label: "store: Kysely selectFrom('licences').select('packed_document').where('identifier', '=', …)",
      fn: async () =>
        (
          await node.store.db
            .selectFrom('licences')
            .select('packed_document')
            .where('identifier', '=', pick())
            .executeTakeFirst()
        )?.packed_document !== undefined,
    },
    baseline: {
      label: 'raw better-sqlite3 prepared statement .get()',
      fn: () => (rawLookup.get(pick()) as { packed_document?: Uint8Array } | undefined)?.packed_document !== undefined,
    },
    expect: true,
  });
  workloads.push({
    name: `SQLite batched insert, ${INSERT_BATCH.toLocaleString('en-US')} licence rows per transaction (WAL, synchronous=FULL)`,
    subject: {
      label: `store: one Kysely transaction, multi-row INSERTs of ${ROWS_PER_STATEMENT}`,
      fn: async () => {
        const rows = Array.from({ length: INSERT_BATCH }, row);
        await node.store.db.transaction().execute(async (trx) => {
          for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT)
            await trx
              .insertInto('licences')
              .values(rows.slice(i, i + ROWS_PER_STATEMENT))
              .execute();
        });
        return rows.length;
      },
    },
    baseline: {
      label: 'raw better-sqlite3: one transaction, a prepared INSERT per row',
      fn: () => {
        const rows = Array.from({ length: INSERT_BATCH }, row);
        rawInsertMany(rows);
        return rows.length;
      },
    },
    expect: INSERT_BATCH,
    note: 'Rows per second = ops/s × 1,000. Rows are copies of one really issued licence row (about 1.3 KB of JSON) with unique identifiers.',
  });
  return { title: "The machine's limits: hashing, SM2, SQLite", issue: 'issue 7', workloads };
}
