import {
  importSigningKeyPkcs8,
  parseSuiteName,
  parseUscc,
  type SigningKey,
  SUITE_NAMES,
  type SuiteName,
  type Uscc,
} from '@hutong/core';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { getOrganisation } from '../organisations/get-organisation.js';
import { within } from '../organisations/strict-input.js';
import { issuerKeyAssociatedData } from '../secrets/sealed-columns.js';
import { openSealedValue } from '../secrets/sealed-value.js';
import type { Database } from '../store/database.js';
import type { IssuerKeysTable } from './keys.tables.js';

export interface IssuerSigningKey {
  readonly keyId: string;
  readonly suite: SuiteName;
  /** Prepared once per process and key (SM2 window tables, platform key objects). */
  readonly signingKey: SigningKey;
}

/**
 * Prepared signing keys by store and key id. Decrypting and preparing a key costs far more
 * than a signature (SM2's tables take tens of milliseconds), so each happens once per
 * process; the choice of key is still made from the store on every call, so a rotation or
 * revocation by any process takes effect at once.
 */
const prepared = new WeakMap<Kysely<Database>, Map<string, Promise<SigningKey>>>();

async function prepare(ctx: Pick<AppContext, 'secrets' | 'cryptoProvider'>, row: IssuerKeysTable): Promise<SigningKey> {
  if (row.sealed_private_key === null) throw new Error(`issuer key ${row.key_id} has no private key`);
  const pkcs8 = openSealedValue(
    ctx.secrets,
    'key-encryption',
    row.sealed_private_key,
    issuerKeyAssociatedData(row.issuer_code, row.key_id),
  );
  try {
    const key = await importSigningKeyPkcs8(pkcs8, { suite: row.suite as SuiteName, provider: ctx.cryptoProvider });
    // The AAD already binds the blob to this key id; this catches a row whose public half was edited.
    if (key.keyId !== row.key_id) {
      throw new ServerError('ERR_KEYS_SEALED_KEY_MISMATCH', { params: { keyId: row.key_id } });
    }
    return key;
  } finally {
    pkcs8.fill(0);
  }
}

function preparedKey(
  ctx: Pick<AppContext, 'store' | 'secrets' | 'cryptoProvider'>,
  row: IssuerKeysTable,
): Promise<SigningKey> {
  let byKeyId = prepared.get(ctx.store.db);
  if (byKeyId === undefined) {
    byKeyId = new Map();
    prepared.set(ctx.store.db, byKeyId);
  }
  let key = byKeyId.get(row.key_id);
  if (key === undefined) {
    key = prepare(ctx, row);
    byKeyId.set(row.key_id, key);
    // A failure (a tampered row, a missing master key) is not cached: fix it and try again.
    key.catch(() => byKeyId.delete(row.key_id));
  }
  return key;
}

/**
 * The key an issuer signs with at `at` (default now): its `active`, node-held key whose
 * validity covers `at`, of `suite` when given; without a suite, the first of core's suite
 * order (sm2-sm3, ed25519, ecdsa-p256) the issuer has. The private key is decrypted and
 * prepared once per process. Refuses with `ERR_KEYS_NO_SIGNING_KEY` when there is none (only
 * external keys, all retired or revoked, or none valid yet), `ERR_ORGANISATIONS_NOT_FOUND`
 * for an unknown issuer.
 *
 * @example
 * const { keyId, signingKey } = await getIssuerSigningKey(ctx, '116500000100000122');
 * const licence = await signLicence(unsigned, signingKey, { created: ctx.now() });
 */
export async function getIssuerSigningKey(
  ctx: Pick<AppContext, 'store' | 'secrets' | 'cryptoProvider' | 'now'>,
  issuerCode: unknown,
  at?: Date,
  suite?: SuiteName,
): Promise<IssuerSigningKey> {
  const issuer: Uscc = within('issuerCode', () => parseUscc(issuerCode));
  const wanted = suite === undefined ? undefined : within('suite', () => parseSuiteName(suite));
  const when = (at ?? ctx.now()).toISOString();
  let select = ctx.store.db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('issuer_code', '=', issuer)
    .where('custody', '=', 'node')
    .where('status', '=', 'active')
    .where('valid_from', '<=', when)
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', when)]));
  if (wanted !== undefined) select = select.where('suite', '=', wanted);
  const rows = await select.execute();
  const row = rows.sort(
    (a, b) => SUITE_NAMES.indexOf(a.suite as SuiteName) - SUITE_NAMES.indexOf(b.suite as SuiteName),
  )[0];
  if (row === undefined) {
    await getOrganisation(ctx, issuer);
    throw new ServerError('ERR_KEYS_NO_SIGNING_KEY', {
      field: 'issuerCode',
      params: { issuerCode: issuer, suite: wanted ?? 'any', at: when },
    });
  }
  const signingKey = await preparedKey(ctx, row);
  return { keyId: row.key_id, suite: row.suite as SuiteName, signingKey };
}
