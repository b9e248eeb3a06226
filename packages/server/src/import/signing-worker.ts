/**
 * A signing thread of the bulk import (`SigningPool`). It holds the issuer keys it was sent
 * (PKCS#8, in this thread's memory only, never written anywhere) and answers batches of
 * signing requests with raw signatures. Signing is the costly step of an import (SM2 is pure
 * JavaScript), so the pool runs one such thread per spare core while the main thread reads
 * the file, validates rows and writes the store.
 */
import { parentPort } from 'node:worker_threads';
import {
  type CanonicalSignedLicence,
  importSigningKeyPkcs8,
  isHutongError,
  type Licence,
  type SigningKey,
  signLicenceCanonical,
} from '@hutong/core';
import { nodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { licenceAnswerText } from '../issuance/batch-response-bytes.js';
import { licenceDocumentDigestOfCanonical } from '../library/licence-document-digest.js';
import { packJson } from '../store/packed-json.js';
import type { WorkerReply, WorkerRequest } from './signing-protocol.js';

const keys = new Map<number, SigningKey>();
let inFlight: Promise<void> = Promise.resolve();
const port = parentPort;
if (port === null) throw new Error('signing-worker must run as a worker thread');

function describe(error: unknown): string {
  if (error instanceof Error) return `${(error as { code?: unknown }).code ?? error.name}: ${error.message}`;
  return String(error);
}

/** A reply, with the buffers it hands over (moved to the main thread, not copied). */
interface Outgoing {
  readonly reply: WorkerReply;
  readonly transfer: ArrayBuffer[];
}

async function handle(request: Exclude<WorkerRequest, { type: 'close' }>): Promise<WorkerReply | Outgoing> {
  if (request.type === 'key') {
    try {
      const key = await importSigningKeyPkcs8(request.pkcs8, { suite: request.suite, provider: nodeCryptoProvider });
      keys.set(request.ref, key);
      return { type: 'key-ready', ref: request.ref, keyId: key.keyId };
    } catch (error) {
      return { type: 'key-failed', ref: request.ref, reason: describe(error) };
    } finally {
      request.pkcs8.fill(0);
    }
  }
  const key = keys.get(request.ref);
  if (key === undefined) return { type: 'sign-failed', batch: request.batch, reason: `no key ${request.ref}` };
  if (request.type === 'sign-licences') {
    try {
      const created = new Date(request.created);
      const licences: Array<Licence | null> = [];
      const documents: Array<Uint8Array | null> = [];
      const digests: Array<Uint8Array | null> = [];
      const texts: Buffer[] = [];
      const textEnds: number[] = [];
      let textEnd = 0;
      for (const unsigned of request.items) {
        let signed: CanonicalSignedLicence;
        try {
          // With its RFC 8785 text: the document digest hashes it, no second canonicalisation.
          signed = await signLicenceCanonical(unsigned, key, { created, legacyHolderCode: request.legacyHolderCode });
        } catch (error) {
          // A refusal of core's (a malformed licence): the main thread repeats it for the precise error.
          if (!isHutongError(error)) throw error;
          licences.push(null);
          documents.push(null);
          digests.push(null);
          textEnds.push(textEnd);
          continue;
        }
        const licence = signed.licence;
        licences.push(licence);
        // The structured clone keeps member order, so this is the text the main thread would
        // make: what packLicenceDocument packs, stringified once for the store and the answer.
        const text = JSON.stringify(licence);
        documents.push(packJson('licence-document', text));
        digests.push(licenceDocumentDigestOfCanonical(signed.canonical));
        // What the batch answer shows (the schema's member order), spliced by the main thread as bytes.
        const bytes = Buffer.from(licenceAnswerText(licence, text), 'utf8');
        texts.push(bytes);
        textEnd += bytes.length;
        textEnds.push(textEnd);
      }
      // A buffer of its own (never a slice of Node's shared pool), so it can be transferred.
      const all = new Uint8Array(textEnd);
      let at = 0;
      for (const bytes of texts) {
        all.set(bytes, at);
        at += bytes.length;
      }
      const reply: WorkerReply = {
        type: 'signed-licences',
        batch: request.batch,
        licences,
        documents,
        digests,
        texts: all,
        textEnds,
      };
      return { reply, transfer: [all.buffer] };
    } catch (error) {
      return { type: 'sign-failed', batch: request.batch, reason: describe(error) };
    }
  }
  try {
    const signatures: Uint8Array[] = [];
    for (const data of request.items) signatures.push(await key.sign(data));
    return { type: 'signed', batch: request.batch, signatures };
  } catch (error) {
    return { type: 'sign-failed', batch: request.batch, reason: describe(error) };
  }
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'close') {
    // Closing the port lets the thread end once its last reply is sent: a graceful end,
    // which (unlike terminate()) never interrupts tsx's module hooks in development.
    void inFlight.then(() => port.close());
    return;
  }
  const done = handle(request).then((out) =>
    'reply' in out ? port.postMessage(out.reply, out.transfer) : port.postMessage(out),
  );
  inFlight = inFlight.then(() => done);
});
