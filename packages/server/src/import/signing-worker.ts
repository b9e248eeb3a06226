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
  type LicenceProof,
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

/**
 * A reply's bytes, appended one part after the other into one buffer of its own (never a slice
 * of Node's shared pool, so it can be transferred): no Buffer per part, no final concatenation.
 */
class BatchBytes {
  #buffer: Buffer;
  #length = 0;

  constructor(capacity: number) {
    this.#buffer = Buffer.allocUnsafeSlow(Math.max(1024, capacity));
  }

  get length(): number {
    return this.#length;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(2 * this.#buffer.length, this.#length + bytes));
    this.#buffer.copy(grown, 0, 0, this.#length);
    this.#buffer = grown;
  }

  /** Appends `part`; returns the length so far. */
  push(part: Uint8Array): number {
    this.#reserve(part.length);
    this.#buffer.set(part, this.#length);
    this.#length += part.length;
    return this.#length;
  }

  /** Appends the UTF-8 of `text` (at most 3 bytes per UTF-16 unit); returns the length so far. */
  write(text: string): number {
    this.#reserve(3 * text.length);
    this.#length += this.#buffer.write(text, this.#length, 'utf8');
    return this.#length;
  }

  /** The bytes appended, over the buffer's own ArrayBuffer (what is transferred). */
  bytes(): Uint8Array {
    return new Uint8Array(this.#buffer.buffer, this.#buffer.byteOffset, this.#length);
  }
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
      const { items, claims } = request;
      const proofs: Array<LicenceProof | null> = [];
      const indices = new Uint32Array(items.length);
      const ends = new Uint32Array(3 * items.length);
      // Room for a typical licence's three parts (for this thread's share); grown when it needs more.
      const out = new BatchBytes((items.length * 2048) / 2);
      for (let k = 0; ; k++) {
        // The next licence no thread took yet (signing-protocol.ts): the threads share the batch.
        const index = Atomics.add(claims, 0, 1);
        const unsigned = items[index];
        if (unsigned === undefined) break;
        indices[k] = index;
        let signed: CanonicalSignedLicence;
        try {
          // With its RFC 8785 text: the document digest hashes it, no second canonicalisation.
          signed = await signLicenceCanonical(unsigned, key, { created, legacyHolderCode: request.legacyHolderCode });
        } catch (error) {
          // A refusal of core's (a malformed licence): the main thread repeats it for the precise error.
          if (!isHutongError(error)) throw error;
          proofs.push(null);
          ends.fill(out.length, 3 * k, 3 * k + 3);
          continue;
        }
        const licence = signed.licence;
        proofs.push(licence.proof);
        // What packLicenceDocument packs (core's member order), stringified once for the store and the answer.
        const text = JSON.stringify(licence);
        ends[3 * k] = out.push(packJson('licence-document', text));
        ends[3 * k + 1] = out.push(licenceDocumentDigestOfCanonical(signed.canonical));
        // What the batch answer shows (the schema's member order), written as UTF-8 straight into the reply.
        ends[3 * k + 2] = out.write(licenceAnswerText(licence, text));
      }
      const bytes = out.bytes();
      const taken = indices.subarray(0, proofs.length);
      const reply: WorkerReply = { type: 'signed-licences', batch: request.batch, indices: taken, proofs, bytes, ends };
      return { reply, transfer: [bytes.buffer as ArrayBuffer, ends.buffer, indices.buffer] };
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
