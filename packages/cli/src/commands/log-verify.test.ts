import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCheckpoint, generateEd25519NoteKey, parseCheckpoint, parseNote, signNote } from '@hutong/core';
import { buildApp, packJson, unpackJsonText } from '@hutong/server';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// Test-only helpers are not part of @hutong/server's public surface: reached through the sources.
import {
  issuedEvent,
  type LogTestStore,
  licenceId,
  openLogTestStore,
  recordEvents,
} from '../../../server/src/log/test-support/log-fixture.js';
import {
  createTestPostgresDatabase,
  createTestSqliteDatabase,
  type TestDatabase,
} from '../../../server/src/test-support/databases.js';
import type { CliIo } from '../command.js';
import { main } from '../main.js';

interface Run {
  readonly code: number;
  readonly json: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
  readonly stderr: string;
}

async function hutong(args: readonly string[], cwd: string): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    cwd,
  };
  const code = await main(args, io);
  return { code, json: JSON.parse(out.trim().split('\n').at(-1) ?? '{}'), stderr: err };
}

describe.each([
  { dialect: 'sqlite', create: createTestSqliteDatabase },
  { dialect: 'postgres', create: createTestPostgresDatabase },
])('hutong log verify against a listening node on $dialect', ({ create }) => {
  let database: TestDatabase;
  let t: LogTestStore;
  let app: FastifyInstance;
  let url: string;
  let dir: string;

  beforeEach(async () => {
    database = await create();
    t = await openLogTestStore(database);
    // The node's default rate limits stay on: the monitor must live with them.
    app = await buildApp({
      store: t.store,
      nodeId: t.ctx.nodeId,
      context: t.ctx,
      log: { integrate: false, sm2: true },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
    dir = mkdtempSync(join(tmpdir(), 'hutong-log-verify-'));
  }, 60_000);

  afterEach(async () => {
    await app.close();
    await t.close();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function grow(from: number, count: number): Promise<void> {
    await recordEvents(
      t.ctx,
      Array.from({ length: count }, (_, i) => issuedEvent(from + i)),
      100,
    );
    await app.transparencyLog.integrator.integrateNow();
  }

  it('verifies the log from scratch, then only what is new, pinning the key on first use', async () => {
    await grow(0, 300);
    const first = await hutong(['log', 'verify', '--url', url, '--state', 'state.json'], dir);
    expect(first.code).toBe(0);
    expect(first.json).toMatchObject({ ok: true, size: 300, previousSize: 0, entriesVerified: 300 });
    // The Ed25519 and the SM2 lines both verified; both keys are pinned.
    // Ed25519 and SM2 lines both verified: the log's name once (issue 4 follow-up: it was listed per line).
    expect(first.json.signedBy).toEqual([app.transparencyLog.keys.origin]);
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
    expect(state).toMatchObject({
      vkey: app.transparencyLog.info.vkey,
      sm2Vkey: app.transparencyLog.info.sm2Vkey,
      size: 300,
    });

    await grow(300, 20);
    const second = await hutong(['log', 'verify', '--url', url, '--state', 'state.json'], dir);
    expect(second.json).toMatchObject({ ok: true, size: 320, previousSize: 300, entriesVerified: 20 });
    // Nothing new: still consistent.
    const third = await hutong(
      ['log', 'verify', '--url', url, '--state', 'state.json', '--key', app.transparencyLog.info.vkey],
      dir,
    );
    expect(third.json).toMatchObject({ ok: true, size: 320, entriesVerified: 0 });
  });

  it('exits 1 with a precise code on a rewritten entry, a wrong tile, a rollback, a fork and a changed key', async () => {
    await grow(0, 10);
    expect((await hutong(['log', 'verify', '--url', url, '--state', 'state.json'], dir)).code).toBe(0);
    const saved = readFileSync(join(dir, 'state.json'), 'utf8');
    const oldNote = (await app.inject({ url: '/log/checkpoint' })).body;
    await grow(10, 5);

    // An entry the node serves differs from the one it signed into the tree.
    const original = await t.store.db
      .selectFrom('log_entries')
      .select('entry')
      .where('idx', '=', 12)
      .executeTakeFirstOrThrow();
    // Entries are stored packed (migration 0017): unpack, edit, pack again.
    const edited = unpackJsonText(original.entry).replace(licenceId(12), licenceId(13));
    expect(edited).not.toBe(unpackJsonText(original.entry));
    await t.store.db
      .updateTable('log_entries')
      .set({ entry: packJson('log-entry', edited) })
      .where('idx', '=', 12)
      .execute();
    const rewritten = await hutong(['log', 'verify', '--url', url, '--state', 'state.json'], dir);
    expect(rewritten.code).toBe(1);
    expect(rewritten.json.error?.code).toBe('ERR_LOG_MONITOR_ROOT_MISMATCH');
    expect(rewritten.stderr).toContain('do not produce the signed root of size 15');
    // A failed run leaves the state as it was.
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(saved);
    await t.store.db.updateTable('log_entries').set({ entry: original.entry }).where('idx', '=', 12).execute();

    // A hash tile that disagrees with the entries.
    const row = await t.store.db
      .selectFrom('log_tiles')
      .selectAll()
      .where('level', '=', 0)
      .where('idx', '=', 0)
      .executeTakeFirstOrThrow();
    const nodes = Uint8Array.from(row.nodes);
    nodes[13 * 32] = (nodes[13 * 32] as number) ^ 1;
    await t.store.db.updateTable('log_tiles').set({ nodes }).where('level', '=', 0).where('idx', '=', 0).execute();
    const tile = await hutong(['log', 'verify', '--url', url, '--state', 'state.json'], dir);
    expect(tile.json.error).toMatchObject({ code: 'ERR_LOG_MONITOR_TILE_MISMATCH' });
    expect(tile.json.error?.message).toContain('tile/0/000.p/15');
    await t.store.db
      .updateTable('log_tiles')
      .set({ nodes: row.nodes })
      .where('level', '=', 0)
      .where('idx', '=', 0)
      .execute();
    const healthy = await hutong(['log', 'verify', '--url', url, '--state', 'state.json'], dir);
    expect(healthy.json).toMatchObject({ ok: true, size: 15 });

    // The node serves an older checkpoint again (a restored backup): a rollback.
    const current = (await app.inject({ url: '/log/checkpoint' })).body;
    await t.store.db
      .updateTable('log_integration')
      .set({ checkpoint: oldNote, checkpoint_size: 10 })
      .where('id', '=', 1)
      .execute();
    const rollback = await hutong(['log', 'verify', '--url', url, '--state', 'state.json'], dir);
    expect(rollback.json.error?.code).toBe('ERR_LOG_MONITOR_ROLLBACK');

    // The node signs another tree of the same size: a fork.
    const size = parseCheckpoint(parseNote(current).text).size;
    const fork = await signNote(
      formatCheckpoint({ origin: app.transparencyLog.keys.origin, size, rootHash: new Uint8Array(32).fill(7) }),
      app.transparencyLog.keys.signers,
    );
    await t.store.db
      .updateTable('log_integration')
      .set({ checkpoint: fork, checkpoint_size: size })
      .where('id', '=', 1)
      .execute();
    const forked = await hutong(['log', 'verify', '--url', url, '--state', 'state.json'], dir);
    expect(forked.json.error?.code).toBe('ERR_LOG_MONITOR_FORK');
    await t.store.db
      .updateTable('log_integration')
      .set({ checkpoint: current, checkpoint_size: size })
      .where('id', '=', 1)
      .execute();

    // A key other than the pinned one.
    const other = generateEd25519NoteKey(app.transparencyLog.keys.origin).verifierKey;
    const changed = await hutong(['log', 'verify', '--url', url, '--state', 'state.json', '--key', other], dir);
    expect(changed.json.error).toMatchObject({ code: 'ERR_LOG_MONITOR_KEY_CHANGED', field: 'key' });
    // A fresh monitor given that key refuses the node's checkpoint.
    const wrong = await hutong(['log', 'verify', '--url', url, '--key', other], dir);
    expect(wrong.json.error?.code).toBe('ERR_LOG_MONITOR_KEY_CHANGED');
  });

  it('checks a receipt offline and refuses usage mistakes', async () => {
    await grow(0, 3);
    const receipts = (await app.inject({ url: `/api/v1/log/receipts/${licenceId(1)}` })).json().receipts;
    writeFileSync(join(dir, 'receipt.json'), JSON.stringify(receipts[0]));
    const key = app.transparencyLog.info.vkey;
    const ok = await hutong(
      ['log', 'verify', '--receipt', 'receipt.json', '--key', key, '--identifier', licenceId(1)],
      dir,
    );
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, index: 1, treeSize: 3, event: 'licence.issued', target: licenceId(1) });
    const mismatch = await hutong(
      ['log', 'verify', '--receipt', 'receipt.json', '--key', key, '--identifier', licenceId(2)],
      dir,
    );
    expect(mismatch.json.error?.code).toBe('ERR_MERKLE_RECEIPT_MISMATCH');
    expect((await hutong(['log', 'verify', '--receipt', 'missing.json', '--key', key], dir)).json.error?.code).toBe(
      'ERR_CLI_FILE_UNREADABLE',
    );
    expect((await hutong(['log', 'verify'], dir)).code).toBe(2);
    expect((await hutong(['log', 'verify', '--receipt', 'receipt.json'], dir)).code).toBe(2);
    expect((await hutong(['log', 'verify', '--url', url, '--bogus'], dir)).code).toBe(2);
    const unreachable = await hutong(['log', 'verify', '--url', 'http://127.0.0.1:9/'], dir);
    expect(unreachable.json.error?.code).toBe('ERR_LOG_MONITOR_FETCH');
    writeFileSync(join(dir, 'bad-state.json'), '{"format":"x"}');
    expect((await hutong(['log', 'verify', '--url', url, '--state', 'bad-state.json'], dir)).json.error?.code).toBe(
      'ERR_LOG_MONITOR_STATE_INVALID',
    );
  });
});
