import type { LicenceType, Uscc } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { documentOf } from './licence-type-record.js';

/** A published type with the departments allowed to issue it (its responsibility list). */
export interface PublishedLicenceType {
  readonly type: LicenceType;
  /** USCCs, in code order. */
  readonly issuers: readonly Uscc[];
}

async function typesWithIssuers(
  ctx: Pick<AppContext, 'store'>,
  statuses: readonly ('published' | 'retired')[],
): Promise<PublishedLicenceType[]> {
  const db = ctx.store.db;
  const [rows, responsibilities] = await Promise.all([
    db
      .selectFrom('licence_types as t')
      .innerJoin('licence_type_versions as v', (join) =>
        join.onRef('v.type_code', '=', 't.type_code').onRef('v.version', '=', 't.published_version'),
      )
      .select(['t.type_code', 'v.document', 'v.version', 'v.status'])
      .where('t.status', 'in', statuses)
      .orderBy('t.type_code')
      .execute(),
    db
      .selectFrom('catalogue_responsibilities')
      .select(['type_code', 'department_code'])
      .orderBy('type_code')
      .orderBy('department_code')
      .execute(),
  ]);
  const issuers = new Map<string, Uscc[]>();
  for (const r of responsibilities) {
    const list = issuers.get(r.type_code) ?? [];
    list.push(r.department_code as Uscc);
    issuers.set(r.type_code, list);
  }
  return rows.map((row) => ({ type: documentOf(row), issuers: issuers.get(row.type_code) ?? [] }));
}

/**
 * Every published type at its version in force, with the departments on its responsibility
 * list, in type-code order (what `hutong catalogue list` prints).
 *
 * @example for (const { type, issuers } of await listPublishedTypes(ctx)) console.log(type.name.zh, issuers);
 */
export async function listPublishedTypes(ctx: Pick<AppContext, 'store'>): Promise<PublishedLicenceType[]> {
  return typesWithIssuers(ctx, ['published']);
}

/**
 * The catalogue core's verifier needs (`VerifyContext.typeCatalogue`): every published or
 * retired type at its last published version. Drafts are left out — a draft version would
 * shadow the version licences were issued under.
 *
 * @example await verifyLicence(json, { keys, typeCatalogue: await verifiableTypes(ctx) });
 */
export async function verifiableTypes(ctx: Pick<AppContext, 'store'>): Promise<LicenceType[]> {
  return (await typesWithIssuers(ctx, ['published', 'retired'])).map((entry) => entry.type);
}
