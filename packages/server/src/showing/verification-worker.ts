/**
 * A verification thread (verification-threads.ts): core's `verifyLicence` with the held-copy
 * digest, and the licence's status row read on this thread's own read-only SQLite connection
 * — the pure, CPU-heavy part of `POST /api/v1/verify` for a licence, off the event loop
 * (issue 5: online verify ≥ 0.3× a bare route; docs/design/write-path-budget.md).
 *
 * The connection is read-only and outside any transaction: each read sees every write
 * committed before it began (WAL), as the event loop's committed reads do. The access record
 * and everything else that writes stays with the event loop.
 */
import { parentPort } from 'node:worker_threads';
import {
  importVerificationKeyPem,
  type Licence,
  type PreparedTrustList,
  verifyLicence,
  verifyTrustList,
} from '@hutong/core';
import type Sqlite from 'better-sqlite3';
import { nodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { licenceDocumentDigest, sameDocumentDigest } from '../library/licence-document-digest.js';
import {
  type LicenceStatusRead,
  licenceStatusReadOf,
  STATUS_TEXT,
  type StatusRow,
} from '../library/licence-status-read.js';
import { openSqliteReader } from '../store/dialects/sqlite.js';
import { signatureTrusted } from './signature-trusted.js';
import type { LicenceAnswer, LicenceItem, VerificationReply, VerificationRequest } from './verification-protocol.js';

const port = parentPort;
if (port === null) throw new Error('verification-worker must run as a worker thread');

const lists = new Map<number, Promise<PreparedTrustList>>();
let statusRead: Sqlite.Statement<[string], StatusRow> | undefined;

function describe(error: unknown): string {
  if (error instanceof Error) return `${(error as { code?: unknown }).code ?? error.name}: ${error.message}`;
  return String(error);
}

function readStatus(identifier: string): LicenceStatusRead | undefined {
  if (statusRead === undefined) throw new Error('the verification thread was given no store');
  const row = statusRead.get(identifier);
  return row === undefined ? undefined : licenceStatusReadOf(row);
}

async function verifyOne(list: PreparedTrustList, item: LicenceItem): Promise<LicenceAnswer> {
  // One read of the licence's row serves both the held-copy comparison and the current status
  // (as verify-online.ts does on the event loop).
  let row: { readonly identifier: string; readonly read: LicenceStatusRead | undefined } | undefined;
  const rowOf = (identifier: string) => {
    if (row?.identifier !== identifier) row = { identifier, read: readStatus(identifier) };
    return row.read;
  };
  const input: unknown = item.given === 'text' ? item.text : JSON.parse(item.text);
  const verdict = await verifyLicence(input, {
    keys: list.keys,
    at: new Date(item.at),
    heldCopy: (licence: Licence) =>
      sameDocumentDigest(rowOf(licence.metadata.certificateIdentifier)?.documentDigest, licenceDocumentDigest(licence)),
  });
  if (verdict.licence === undefined || !signatureTrusted(verdict.checks, ['signature', 'issuer-trusted']))
    return { verdict };
  const read = rowOf(verdict.licence.identifier);
  return read === undefined
    ? { verdict }
    : { verdict, status: { status: read.status, encumbrances: read.encumbrances } };
}

function reply(message: VerificationReply): void {
  port?.postMessage(message);
}

port.on('message', (request: VerificationRequest) => {
  switch (request.type) {
    case 'store': {
      // No memory map (PRAGMA mmap_size): with one, a read after another connection's commit
      // cost 39–43 µs of CPU against 13–14 µs without (better-sqlite3, WAL, 10,000-row table,
      // a commit before each read, alternating 4 × 20,000 reads): the map is checked and
      // redone as the file changes, where the page cache's reset costs a few read()s.
      const reader = openSqliteReader(request.file);
      statusRead = reader.prepare<[string], StatusRow>(STATUS_TEXT);
      return;
    }
    case 'trust-list': {
      const prepared = importVerificationKeyPem(request.anchorPem, { provider: nodeCryptoProvider }).then((key) =>
        verifyTrustList(JSON.parse(request.text), [{ nodeId: request.nodeId, key }], {
          at: new Date(request.at),
          provider: nodeCryptoProvider,
        }),
      );
      // A list that fails here fails the batches that use it (their reply says why).
      prepared.catch(() => undefined);
      lists.set(request.ref, prepared);
      return;
    }
    case 'drop-trust-list':
      lists.delete(request.ref);
      return;
    case 'verify-licences': {
      const list = lists.get(request.list);
      const answered =
        list === undefined
          ? Promise.reject(new Error(`trust list ${request.list} was never sent`))
          : list.then((prepared) => Promise.all(request.items.map((item) => verifyOne(prepared, item))));
      answered.then(
        (answers) => reply({ type: 'verified-licences', batch: request.batch, answers: JSON.stringify(answers) }),
        (error: unknown) => reply({ type: 'failed', batch: request.batch, reason: describe(error) }),
      );
      return;
    }
    case 'close':
      port.close();
      return;
  }
});
