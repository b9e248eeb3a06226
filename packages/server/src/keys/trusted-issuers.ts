import type { TrustedIssuer, TrustedKey, TypeCode, Uscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import type { IssuerKeysTable } from './keys.tables.js';
import { verificationKeyOf } from './resolve-verification-key.js';

/** Core's trust list refuses a window that ends before it starts; such a key never signed anything valid. */
function hasWindow(row: IssuerKeysTable): boolean {
  return (
    (row.valid_until === null || row.valid_until > row.valid_from) &&
    (row.revoked_at === null || row.revoked_at > row.valid_from)
  );
}

async function trustedKeyOf(
  ctx: Pick<AppContext, 'store' | 'cryptoProvider'>,
  row: IssuerKeysTable,
): Promise<TrustedKey> {
  const key = await verificationKeyOf(ctx, row);
  return {
    keyId: row.key_id,
    suite: key.suite,
    key,
    validFrom: new Date(row.valid_from),
    ...(row.valid_until === null ? {} : { validUntil: new Date(row.valid_until) }),
    ...(row.revoked_at === null ? {} : { revokedAt: new Date(row.revoked_at) }),
  };
}

/**
 * This node's departments as core's verifier trusts them (`verify/`'s `TrustedIssuer`): every
 * key each ever had — active, retired and revoked, with their validity and revocation time,
 * so that rotation never invalidates an old licence and revocation cuts off what came after —
 * and the types each may issue (its responsibility-list entries for published or retired
 * types). Feed it to `trustListResolver`.
 *
 * @example const keys = trustListResolver(await trustedIssuers(ctx)); await verifyLicence(json, { keys });
 */
export async function trustedIssuers(ctx: Pick<AppContext, 'store' | 'cryptoProvider'>): Promise<TrustedIssuer[]> {
  const db = ctx.store.db;
  const [departments, keyRows, typeRows] = await Promise.all([
    db
      .selectFrom('organisations')
      .select(['code', 'name_zh'])
      .where('kind', '=', 'department')
      .orderBy('code')
      .execute(),
    db.selectFrom('issuer_keys').selectAll().orderBy('issuer_code').orderBy('valid_from').orderBy('key_id').execute(),
    db
      .selectFrom('catalogue_responsibilities as r')
      .innerJoin('licence_types as t', 't.type_code', 'r.type_code')
      .select(['r.department_code', 'r.type_code'])
      .where('t.status', 'in', ['published', 'retired'])
      .orderBy('r.department_code')
      .orderBy('r.type_code')
      .execute(),
  ]);
  const keysByIssuer = new Map<string, IssuerKeysTable[]>();
  for (const row of keyRows) {
    if (!hasWindow(row)) continue;
    const list = keysByIssuer.get(row.issuer_code) ?? [];
    list.push(row);
    keysByIssuer.set(row.issuer_code, list);
  }
  const typesByIssuer = new Map<string, TypeCode[]>();
  for (const row of typeRows) {
    const list = typesByIssuer.get(row.department_code) ?? [];
    list.push(row.type_code as TypeCode);
    typesByIssuer.set(row.department_code, list);
  }
  return Promise.all(
    departments.map(async (department) => ({
      issuerCode: department.code as Uscc,
      name: department.name_zh,
      keys: await Promise.all((keysByIssuer.get(department.code) ?? []).map((row) => trustedKeyOf(ctx, row))),
      types: typesByIssuer.get(department.code) ?? [],
    })),
  );
}
