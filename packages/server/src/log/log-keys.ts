/**
 * The log's note keys, created at the node's first start and kept in `log_keys`, their
 * private halves sealed under the master key (AES-256-GCM, `secrets/`), so a database dump
 * alone cannot sign a checkpoint:
 *   - `checkpoint`: Ed25519 (C2SP signed-note type 0x01), named by the log's origin; every
 *     checkpoint carries its signature (tlog-tiles: logs that talk to the public witness
 *     network "MUST carry at least one Ed25519 signature");
 *   - `sm2` (optional): SM2-with-SM3, the 0xff + OID 1.2.156.10197.1.501 line of
 *     core/merkle README.md, for verifiers that need the national algorithm;
 *   - `witness`: a cosignature/v1 key (C2SP tlog-cosignature) for witnessing other logs.
 */
import { randomBytes } from 'node:crypto';
import {
  type CosignatureNoteKey,
  cosignatureNoteKey,
  type Ed25519NoteKey,
  ed25519NoteKey,
  exportPkcs8Der,
  exportPublicJwk,
  generateSigningKey,
  importSigningKeyJwk,
  importSigningKeyPkcs8,
  importVerificationKeyJwk,
  isValidKeyName,
  type NoteSigner,
  type NoteVerifier,
  parseVerifierKey,
  sm2NoteSigner,
} from '@hutong/core';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import { nodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { ServerError } from '../errors.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import { openSealedValue, sealValue } from '../secrets/sealed-value.js';
import type { Database } from '../store/database.js';

export const LOG_KEY_PURPOSES = ['checkpoint', 'sm2', 'witness'] as const;
export type LogKeyPurpose = (typeof LOG_KEY_PURPOSES)[number];

export interface LogKeys {
  /** The log's origin line, also the name of its checkpoint keys. */
  readonly origin: string;
  readonly checkpoint: Ed25519NoteKey;
  /** The SM2 line's signer with its vkey, when the node signs one. */
  readonly sm2?: (NoteSigner & { readonly verifierKey: string }) | undefined;
  /** Verifiers of every checkpoint key (Ed25519, SM2): what the node's own checks use. */
  readonly verifiers: readonly NoteVerifier[];
  /** Every checkpoint signer, Ed25519 first. */
  readonly signers: readonly NoteSigner[];
  /** This node's witness key (cosignature/v1). */
  readonly witness: CosignatureNoteKey;
}

export interface LogKeyOptions {
  /** The log's origin (C2SP: a schema-less URL such as `licences.xj.gov.cn/hutong-log`). */
  readonly origin: string;
  /** The witness key's name, e.g. `licences.xj.gov.cn/hutong-witness`. */
  readonly witnessName: string;
  /** Whether checkpoints carry an SM2 line too. */
  readonly sm2: boolean;
}

/** What a sealed private key is bound to (AAD): its row, so a sealed key copied elsewhere does not open. */
export function logKeyAssociatedData(purpose: string, name: string): string {
  return `log_keys\n${purpose}\n${name}`;
}

async function sm2PublicKeyOf(key: Awaited<ReturnType<typeof generateSigningKey>>): Promise<Uint8Array> {
  const jwk = exportPublicJwk(key);
  if (jwk.y === undefined)
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: 'the SM2 key has no y' },
      zhParams: { reason: 'SM2 密钥没有 y' },
    });
  return new Uint8Array([0x04, ...Buffer.from(jwk.x, 'base64url'), ...Buffer.from(jwk.y, 'base64url')]);
}

/** Makes a new key of `purpose`: the private bytes to seal and the public vkey. */
async function newKey(
  ctx: AppContext,
  purpose: LogKeyPurpose,
  name: string,
): Promise<{ secret: Uint8Array; vkey: string }> {
  if (purpose === 'sm2') {
    const key = await generateSigningKey('sm2-sm3', { provider: ctx.cryptoProvider });
    const signer = sm2NoteSigner(name, key, await sm2PublicKeyOf(key), nodeHashProvider);
    return { secret: exportPkcs8Der(key), vkey: signer.verifierKey };
  }
  const seed = new Uint8Array(randomBytes(32));
  const vkey =
    purpose === 'witness'
      ? cosignatureNoteKey(name, seed, undefined, nodeHashProvider).verifierKey
      : ed25519NoteKey(name, seed, nodeHashProvider).verifierKey;
  return { secret: seed, vkey };
}

/** Reads the key of `purpose`, creating it when missing (a concurrent first start keeps the first). */
async function keyRow(
  ctx: AppContext,
  purpose: LogKeyPurpose,
  name: string,
): Promise<{ name: string; vkey: string; secret: Uint8Array }> {
  const db: Kysely<Database> = ctx.store.db;
  const read = () => db.selectFrom('log_keys').selectAll().where('purpose', '=', purpose).executeTakeFirst();
  let row = await read();
  if (row === undefined) {
    const fresh = await newKey(ctx, purpose, name);
    await db
      .insertInto('log_keys')
      .values({
        purpose,
        name,
        vkey: fresh.vkey,
        sealed_private_key: sealValue(ctx.secrets, 'key-encryption', fresh.secret, logKeyAssociatedData(purpose, name)),
        master_key_id: ctx.secrets.masterKeyId,
        created_at: ctx.now().toISOString(),
      })
      .onConflict((conflict) => conflict.column('purpose').doNothing())
      .execute();
    row = await read();
    if (row === undefined)
      throw new ServerError('ERR_LOG_STATE_CORRUPT', {
        params: { reason: `log key ${purpose} vanished` },
        zhParams: { reason: `日志密钥 ${purpose} 不见了` },
      });
  }
  if (row.name !== name) {
    throw new ServerError('ERR_LOG_ORIGIN_CHANGED', {
      field: 'origin',
      params: { stored: row.name, configured: name },
    });
  }
  let secret: Uint8Array;
  try {
    secret = openSealedValue(
      ctx.secrets,
      'key-encryption',
      row.sealed_private_key,
      logKeyAssociatedData(purpose, row.name),
    );
  } catch (cause) {
    throw new ServerError('ERR_LOG_KEY_UNAVAILABLE', { params: { purpose }, cause });
  }
  return { name: row.name, vkey: row.vkey, secret };
}

/**
 * Loads the log's keys, creating those missing. Refuses an origin other than the one the
 * log was created with: verifiers pin the key, whose name is the origin.
 *
 * @example const keys = await ensureLogKeys(ctx, { origin: 'licences.xj.gov.cn/hutong-log', witnessName: 'licences.xj.gov.cn/hutong-witness', sm2: true });
 */
export async function ensureLogKeys(ctx: AppContext, options: LogKeyOptions): Promise<LogKeys> {
  for (const name of [options.origin, options.witnessName]) {
    if (!isValidKeyName(name))
      throw new ServerError('ERR_LOG_ORIGIN_INVALID', { field: 'origin', params: { origin: String(name) } });
  }
  const checkpointRow = await keyRow(ctx, 'checkpoint', options.origin);
  const checkpoint = ed25519NoteKey(checkpointRow.name, checkpointRow.secret, nodeHashProvider);
  if (checkpoint.verifierKey !== checkpointRow.vkey) {
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: 'the checkpoint key does not match its stored vkey' },
      zhParams: { reason: '检查点密钥与其存储的验证密钥不符' },
    });
  }
  const witnessRow = await keyRow(ctx, 'witness', options.witnessName);
  const witness = cosignatureNoteKey(
    witnessRow.name,
    witnessRow.secret,
    () => Math.floor(ctx.now().getTime() / 1000),
    nodeHashProvider,
  );
  const checkpointSigner = await opensslNoteSigner(checkpoint, checkpointRow.secret);
  let sm2: LogKeys['sm2'];
  const verifiers: NoteVerifier[] = [checkpoint.verifier];
  if (options.sm2) {
    const sm2Row = await keyRow(ctx, 'sm2', options.origin);
    const key = await importSigningKeyPkcs8(sm2Row.secret, { provider: ctx.cryptoProvider });
    sm2 = sm2NoteSigner(sm2Row.name, key, await sm2PublicKeyOf(key), nodeHashProvider);
    if (sm2.verifierKey !== sm2Row.vkey) {
      throw new ServerError('ERR_LOG_STATE_CORRUPT', {
        params: { reason: 'the SM2 key does not match its stored vkey' },
        zhParams: { reason: 'SM2 密钥与其存储的验证密钥不符' },
      });
    }
    verifiers.push(parseVerifierKey(sm2Row.vkey, { sm2: sm2Importer(ctx), hashes: nodeHashProvider }));
  }
  return {
    origin: checkpoint.name,
    checkpoint,
    sm2,
    verifiers,
    signers: sm2 === undefined ? [checkpointSigner] : [checkpointSigner, sm2],
    witness,
  };
}

/**
 * The checkpoint key's signer through the crypto provider (OpenSSL), with the note key's
 * name and key id: core's `ed25519NoteKey` signs in pure JavaScript and derives the public
 * key again for every signature (two scalar multiplications, milliseconds), once per
 * integration batch, inside the maximum merge delay. Ed25519 is deterministic (RFC 8032
 * §5.1.6), so both give the same signature; one probe signature is checked against the
 * note key's verifier before the signer is used.
 */
async function opensslNoteSigner(noteKey: Ed25519NoteKey, seed: Uint8Array): Promise<NoteSigner> {
  const signingKey = await importSigningKeyJwk(
    {
      kty: 'OKP',
      crv: 'Ed25519',
      x: Buffer.from(noteKey.publicKey).toString('base64url'),
      d: Buffer.from(seed).toString('base64url'),
    },
    { provider: nodeCryptoProvider },
  );
  const signer: NoteSigner = {
    name: noteKey.signer.name,
    keyId: noteKey.signer.keyId,
    sign: (message) => signingKey.sign(message),
  };
  const probe = new TextEncoder().encode(`${noteKey.name}\nprobe\n`);
  const signature = await signer.sign(probe);
  if (
    !(await noteKey.verifier.verify(probe, signature)) ||
    !Buffer.from(signature).equals(Buffer.from(await noteKey.signer.sign(probe)))
  ) {
    throw new ServerError('ERR_LOG_STATE_CORRUPT', {
      params: { reason: 'the checkpoint key signs differently through the crypto provider' },
      zhParams: { reason: '检查点密钥经密码服务签名的结果不同' },
    });
  }
  return signer;
}

/**
 * Turns a raw SM2 public key (04 ‖ X ‖ Y) into a verification key, for `parseVerifierKey`.
 *
 * @example parseVerifierKey(vkey, { sm2: sm2Importer(ctx) })
 */
export function sm2Importer(
  ctx: Pick<AppContext, 'cryptoProvider'>,
): (publicKey: Uint8Array) => ReturnType<typeof importVerificationKeyJwk> {
  return (publicKey) =>
    importVerificationKeyJwk(
      {
        kty: 'EC',
        crv: 'SM2',
        x: Buffer.from(publicKey.subarray(1, 33)).toString('base64url'),
        y: Buffer.from(publicKey.subarray(33, 65)).toString('base64url'),
      },
      { provider: ctx.cryptoProvider },
    );
}

/**
 * Parses a log, SM2 or witness vkey with the server's crypto (SM2 keys included), as
 * monitors and the CLI need.
 *
 * @example const verifier = parseLogVerifierKey('licences.xj.gov.cn/hutong-log+1a2b3c4d+AW…');
 */
export function parseLogVerifierKey(vkey: string): ReturnType<typeof parseVerifierKey> {
  return parseVerifierKey(vkey, { sm2: sm2Importer({ cryptoProvider: nodeCryptoProvider }), hashes: nodeHashProvider });
}
