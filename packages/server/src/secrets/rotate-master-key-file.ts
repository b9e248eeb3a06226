/**
 * Rotation of a file-held master key (`<dataDir>/secrets/master.key`), ordered so that a
 * crash at any point leaves every sealed row openable at the next start:
 *
 * 1. the new key is written to `master.key.next` (0600, fsynced) — `loadSecrets` treats a
 *    staged key as a previous key, so rows re-sealed under it open even before step 4;
 * 2. every sealed row is re-sealed under it in one transaction (`rotateMasterKey`);
 * 3. the old key is appended to `master.key.previous` (0600, fsynced);
 * 4. `master.key.next` is renamed over `master.key` (atomic) and the directory fsynced.
 *
 * Run again after a crash, it picks up the staged key and finishes. The old key stays in
 * `master.key.previous` until the operator removes it, once every process runs on the new
 * key (values another process sealed meanwhile still open with it; a second rotation run,
 * or the next write, re-seals them).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { type MasterKeyRotation, rotateMasterKey } from './rotate-master-key.js';
import {
  decodeMasterKey,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE,
  PREVIOUS_MASTER_KEYS_FILE,
  STAGED_MASTER_KEY_FILE,
} from './secrets.js';

function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(file: string, text: string, flag: 'wx' | 'a'): void {
  const fd = openSync(file, flag, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDirectory(dirname(file));
}

function readKey(file: string): Uint8Array {
  try {
    return decodeMasterKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw new ServerError('ERR_SECRETS_MASTER_KEY_UNREADABLE', { field: 'dataDir', params: { file }, cause: error });
  }
}

export interface RotateMasterKeyFileOptions {
  readonly dataDir: string;
  /** Who rotates (default `system`). */
  readonly by?: ActingAs;
  /** The environment the node's secrets were loaded from: a key from `HUTONG_MASTER_KEY` is refused here. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Rotates the node's file-held master key: a fresh random key, every sealed row re-sealed
 * under it, the file replaced, the old key kept in `master.key.previous`. `ctx.secrets` must
 * be the secrets loaded from the same data directory (`loadSecrets`).
 *
 * @example
 * const ctx = createAppContext({ store, nodeId, secrets: loadSecrets({ dataDir, env: process.env }) });
 * const { masterKeyId, rewrapped } = await rotateMasterKeyFile(ctx, { dataDir, env: process.env });
 */
export async function rotateMasterKeyFile(
  ctx: Pick<AppContext, 'store' | 'secrets' | 'now'>,
  options: RotateMasterKeyFileOptions,
): Promise<MasterKeyRotation> {
  const fromEnv = options.env?.[MASTER_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    throw new ServerError('ERR_SECRETS_MASTER_KEY_FROM_ENV', { params: { variable: MASTER_KEY_ENV } });
  }
  const masterFile = join(options.dataDir, MASTER_KEY_FILE);
  const stagedFile = join(options.dataDir, STAGED_MASTER_KEY_FILE);
  const previousFile = join(options.dataDir, PREVIOUS_MASTER_KEYS_FILE);
  const current = readKey(masterFile);

  // 1. Stage (or resume with) the new key.
  let next: Uint8Array;
  if (existsSync(stagedFile)) {
    next = readKey(stagedFile);
  } else {
    next = new Uint8Array(randomBytes(32));
    try {
      writeDurably(stagedFile, `${Buffer.from(next).toString('base64url')}\n`, 'wx');
    } catch (error) {
      throw new ServerError('ERR_SECRETS_MASTER_KEY_UNREADABLE', {
        field: 'dataDir',
        params: { file: stagedFile },
        cause: error,
      });
    }
  }

  // 2. Re-seal every row under it.
  const rotation = await rotateMasterKey(ctx, next, options.by === undefined ? {} : { by: options.by });

  // 3–4. Keep the old key, then swap the files.
  try {
    writeDurably(previousFile, `${Buffer.from(current).toString('base64url')}\n`, 'a');
    renameSync(stagedFile, masterFile);
    syncDirectory(dirname(masterFile));
  } catch (error) {
    throw new ServerError('ERR_SECRETS_MASTER_KEY_UNREADABLE', {
      field: 'dataDir',
      params: { file: masterFile },
      cause: error,
    });
  }
  current.fill(0);
  return rotation;
}
