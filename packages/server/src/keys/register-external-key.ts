import { importVerificationKeyPem } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { getDepartment } from '../organisations/get-organisation.js';
import { readObject, withinAsync } from '../organisations/strict-input.js';
import { type IssuerKey, issuerKeyOf } from './issuer-key.js';
import { externalKeyRow, insertKeyRow, writeKeys } from './key-rows.js';
import { readKeyValidity } from './key-validity.js';

/** A PEM is a few hundred bytes; anything much larger is not a public key. */
const MAX_PEM_LENGTH = 4096;

/**
 * Registers the public key of a department that signs in its own system, so that the node
 * can aggregate (归集) the licences it signed. Input: `{ publicKeyPem, validFrom?, validUntil? }`
 * with a SubjectPublicKeyInfo PEM of an SM2, Ed25519 or P-256 key (the suite is the key's own;
 * core's precise error otherwise, field `publicKeyPem`). A key already registered, for this
 * issuer or another, is `ERR_KEYS_ALREADY_REGISTERED`.
 *
 * @example await registerExternalKey(ctx, issuerCode, { publicKeyPem: pem, validFrom: '2026-01-01T00:00:00Z' }, by);
 */
export async function registerExternalKey(
  ctx: AppContext,
  issuerCode: unknown,
  input: unknown,
  by: ActingAs,
): Promise<IssuerKey> {
  const issuer = await getDepartment(ctx, issuerCode);
  const object = readObject('ERR_KEYS_INPUT', input, ['publicKeyPem'], ['validFrom', 'validUntil']);
  const pem = object.publicKeyPem;
  if (typeof pem !== 'string' || pem.length > MAX_PEM_LENGTH) {
    throw new ServerError('ERR_KEYS_INPUT', {
      field: 'publicKeyPem',
      params: { field: 'publicKeyPem', rule: `expected a PEM text of at most ${MAX_PEM_LENGTH} characters` },
    });
  }
  const key = await withinAsync('publicKeyPem', () => importVerificationKeyPem(pem, { provider: ctx.cryptoProvider }));
  const validity = readKeyValidity(object, ctx.now());
  const row = externalKeyRow(ctx, issuer.code, key, validity, by);
  await writeKeys(
    ctx,
    (trx) => insertKeyRow(trx, row, 'registered', by),
    () => new ServerError('ERR_KEYS_ALREADY_REGISTERED', { field: 'publicKeyPem', params: { keyId: row.key_id } }),
    row.key_id,
  );
  return issuerKeyOf(row);
}
