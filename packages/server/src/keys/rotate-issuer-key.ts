import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { getDepartment } from '../organisations/get-organisation.js';
import { readObject } from '../organisations/strict-input.js';
import { readSuite } from './generate-issuer-key.js';
import { type IssuerKey, issuerKeyOf } from './issuer-key.js';
import { insertKeyRow, newNodeKeyRow, recordKeyEvent, writeKeys } from './key-rows.js';
import { readKeyValidity } from './key-validity.js';
import type { IssuerKeysTable } from './keys.tables.js';

export interface IssuerKeyRotation {
  /** The new active key: it signs from now on. */
  readonly key: IssuerKey;
  /** The key it replaced, now `retired` with `validUntil` = the rotation time; absent when there was none. */
  readonly retired?: IssuerKey;
}

/**
 * Rotates an issuer's node-held key of one suite, in one transaction: a new key becomes the
 * active one (valid from now) and the old one is retired with `validUntil` = now, so that
 * licences it signed while valid still verify (architecture §3: rotation never invalidates
 * what an old key signed) and nothing signed after the rotation verifies with it. Input:
 * `{ suite?, validUntil? }` (the new key's planned end). With no active key of the suite, it
 * simply generates one.
 *
 * @example const { key, retired } = await rotateIssuerKey(ctx, issuerCode, { suite: 'sm2-sm3' }, { actor: 'staff:u1' });
 */
export async function rotateIssuerKey(
  ctx: AppContext,
  issuerCode: unknown,
  input: unknown,
  by: ActingAs,
): Promise<IssuerKeyRotation> {
  const issuer = await getDepartment(ctx, issuerCode);
  const object = readObject('ERR_KEYS_INPUT', input ?? {}, [], ['suite', 'validUntil']);
  const suite = readSuite(object);
  const now = ctx.now();
  const validity = readKeyValidity(object, now);
  const { row } = await newNodeKeyRow(ctx, issuer.code, suite, validity, by);
  const at = now.toISOString();
  const retired = await writeKeys(
    ctx,
    async (trx) => {
      const old = await trx
        .selectFrom('issuer_keys')
        .selectAll()
        .where('issuer_code', '=', issuer.code)
        .where('suite', '=', suite)
        .where('custody', '=', 'node')
        .where('status', '=', 'active')
        .executeTakeFirst();
      let retiredRow: IssuerKeysTable | undefined;
      if (old !== undefined) {
        // An earlier planned end stays: rotation only ever shortens a key's life.
        const validUntil = old.valid_until !== null && old.valid_until < at ? old.valid_until : at;
        retiredRow = { ...old, status: 'retired', valid_until: validUntil, updated_at: at };
        await trx
          .updateTable('issuer_keys')
          .set({ status: 'retired', valid_until: validUntil, updated_at: at })
          .where('key_id', '=', old.key_id)
          .where('status', '=', 'active')
          .execute();
        await recordKeyEvent(trx, old, 'retired', by, at, { replacedBy: row.key_id, validUntil });
      }
      await insertKeyRow(trx, row, 'rotated', by, old === undefined ? {} : { replaces: old.key_id });
      return retiredRow;
    },
    () =>
      new ServerError('ERR_KEYS_ACTIVE_EXISTS', {
        field: 'suite',
        params: { issuerCode: issuer.code, suite, keyId: '(a concurrent rotation)' },
      }),
    row.key_id,
  );
  return retired === undefined ? { key: issuerKeyOf(row) } : { key: issuerKeyOf(row), retired: issuerKeyOf(retired) };
}
