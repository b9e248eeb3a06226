import {
  type Language,
  type NoteSignature,
  openCheckpoint,
  parseNote,
  parseVerifierKey,
  type VerifiedLogReceipt,
  verifyLogReceipt,
} from '@hutong/core';
import { ApiError, apiRequest, isObject, isString } from './api-request.js';

/** What `/log/info` publishes: the log's origin and keys. */
export interface LogInfo {
  readonly origin: string;
  readonly vkey: string;
  readonly sm2Vkey: string | null;
  readonly witnessVkey: string;
  readonly maxMergeDelayMs: number;
}

const isLogInfo = (value: unknown): value is LogInfo =>
  isObject(value) &&
  isString(value.origin) &&
  isString(value.vkey) &&
  (value.sm2Vkey === null || isString(value.sm2Vkey)) &&
  isString(value.witnessVkey) &&
  typeof value.maxMergeDelayMs === 'number';

export function fetchLogInfo(language: Language, signal?: AbortSignal): Promise<LogInfo> {
  return apiRequest('/log/info', { language, signal, accept: isLogInfo });
}

/** The signed checkpoint note as served (text/plain, C2SP tlog-checkpoint). */
export async function fetchCheckpointNote(language: Language, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch('/log/checkpoint', {
      headers: { accept: 'text/plain', 'accept-language': language },
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError({ kind: 'network' });
  }
  if (response.ok) return response.text();
  const body: unknown = await response.json().catch(() => undefined);
  if (isObject(body) && isString(body.detail) && isString(body.code)) {
    throw new ApiError({ kind: 'problem', status: response.status, detail: body.detail, code: body.code });
  }
  throw new ApiError({ kind: 'unexpected', status: response.status });
}

/** One signature line of the checkpoint, and whether the browser could verify it. */
export interface CheckpointSignatureView {
  readonly name: string;
  readonly keyId: string;
  readonly role: 'log' | 'witness';
  readonly verified: boolean;
}

export interface CheckpointView {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: string;
  readonly note: string;
  readonly signatures: readonly CheckpointSignatureView[];
}

const keyIdHex = (signature: NoteSignature) => signature.keyId.toString(16).padStart(8, '0');
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/**
 * Opens the checkpoint in the browser with the log's published Ed25519 key: the log's
 * signature must verify and the origin match (else `openCheckpoint` throws). Other lines are
 * witness cosignatures, listed by name and key ID; they verify here only for the witness keys
 * passed (the node's own witness key is the only one `/log/info` publishes).
 */
export async function openLatestCheckpoint(note: string, info: LogInfo): Promise<CheckpointView> {
  const logKey = parseVerifierKey(info.vkey);
  const witnessKey = parseVerifierKey(info.witnessVkey);
  const opened = await openCheckpoint(note, info.origin, [logKey], [witnessKey]);
  const verified = new Set(opened.note.verifiedBy.map((s) => `${s.name}+${keyIdHex(s)}`));
  const signatures = parseNote(note).signatures.map((signature) => ({
    name: signature.name,
    keyId: keyIdHex(signature),
    role: signature.name === info.origin ? ('log' as const) : ('witness' as const),
    verified: verified.has(`${signature.name}+${keyIdHex(signature)}`),
  }));
  return {
    origin: opened.checkpoint.origin,
    size: opened.checkpoint.size,
    rootHash: toBase64(opened.checkpoint.rootHash),
    note,
    signatures,
  };
}

const isReceipts = (value: unknown): value is { identifier: string; receipts: unknown[] } =>
  isObject(value) && isString(value.identifier) && Array.isArray(value.receipts);

/** A receipt of one version of a licence, verified in the browser. */
export interface CheckedReceipt {
  readonly version: string;
  readonly verified: VerifiedLogReceipt;
}

/**
 * The log receipts of every version of a licence, each verified here: the entry is the
 * licence's, its inclusion proof leads to the checkpoint's root, and the log signed that
 * checkpoint. A receipt that does not verify rejects with core's error (code and field).
 */
export async function fetchVerifiedReceipts(
  language: Language,
  identifier: string,
  info: LogInfo,
  signal?: AbortSignal,
): Promise<CheckedReceipt[]> {
  const answer = await apiRequest(`/api/v1/log/receipts/${encodeURIComponent(identifier)}`, {
    language,
    signal,
    accept: isReceipts,
  });
  const out: CheckedReceipt[] = [];
  for (const receipt of answer.receipts) {
    const version = isObject(receipt) && isString(receipt.version) ? receipt.version : '';
    const target = isObject(receipt) && isString(receipt.identifier) ? receipt.identifier : identifier;
    // The entry must be about the licence the receipt names (each version has its own identifier).
    const verified = await verifyLogReceipt(receipt, info.vkey, { origin: info.origin, target });
    out.push({ version, verified });
  }
  return out;
}
