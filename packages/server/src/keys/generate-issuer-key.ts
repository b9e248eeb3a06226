import { parseSuiteName, type SuiteName } from '@hutong/core';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { getDepartment } from '../organisations/get-organisation.js';
import { optional, readObject, within } from '../organisations/strict-input.js';
import { DEFAULT_SUITE, type IssuerKey, issuerKeyOf } from './issuer-key.js';
import { insertKeyRow, newNodeKeyRow, writeKeys } from './key-rows.js';
import { readKeyValidity } from './key-validity.js';

/** Reads the `suite` member (default sm2-sm3) through core's suite registry. */
export function readSuite(object: Readonly<Record<string, unknown>>): SuiteName {
  const suite = optional(object, 'suite');
  return suite === undefined ? DEFAULT_SUITE : within('suite', () => parseSuiteName(suite));
}

/**
 * Generates a signing key for a department on the node (platform CSPRNG), seals its private
 * key under the master key (AES-256-GCM, bound to issuer and key id) and stores it as the
 * issuer's active key for its suite. Input: `{ suite?, validFrom?, validUntil? }`, suite
 * default `sm2-sm3`. An issuer that already has an active node key of that suite is refused
 * (`ERR_KEYS_ACTIVE_EXISTS`): replacing a key is a rotation (`rotateIssuerKey`).
 *
 * @example const key = await generateIssuerKey(ctx, '116500000100000122', { suite: 'ed25519' }, { actor: 'staff:u1' });
 */
export async function generateIssuerKey(
  ctx: AppContext,
  issuerCode: unknown,
  input: unknown,
  by: ActingAs,
): Promise<IssuerKey> {
  const issuer = await getDepartment(ctx, issuerCode);
  const object = readObject('ERR_KEYS_INPUT', input ?? {}, [], ['suite', 'validFrom', 'validUntil']);
  const suite = readSuite(object);
  const validity = readKeyValidity(object, ctx.now());
  const { row } = await newNodeKeyRow(ctx, issuer.code, suite, validity, by);
  const conflict = (keyId: string) =>
    new ServerError('ERR_KEYS_ACTIVE_EXISTS', { field: 'suite', params: { issuerCode: issuer.code, suite, keyId } });
  await writeKeys(
    ctx,
    async (trx) => {
      const active = await trx
        .selectFrom('issuer_keys')
        .select('key_id')
        .where('issuer_code', '=', issuer.code)
        .where('suite', '=', suite)
        .where('custody', '=', 'node')
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (active !== undefined) throw conflict(active.key_id);
      await insertKeyRow(trx, row, 'generated', by);
    },
    () => conflict('(concurrent)'),
    row.key_id,
  );
  return issuerKeyOf(row);
}
