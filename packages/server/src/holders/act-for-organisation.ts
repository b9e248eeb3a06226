/**
 * Acting for an organisation (issue 5 item 1: "organisations by USCC through their legal
 * representative"). A person signed in may switch their session to an organisation when a
 * current licence of that organisation on this node (valid or suspended; e.g. its 营业执照
 * or 食品经营许可证) names them in its `legalRepresentative` face field. The person's name
 * is the identity provider's (OIDC `name` claim) or, with the development provider, the
 * holder name on the person's own licences on this node — never what the caller types.
 * From then on the session's principal is the organisation (`holderCodeType` `001`), with
 * the person as its `representative`; switching back is always allowed. Both are recorded.
 *
 * Limit (docs/design/holder-sign-in.md, threats): licences name the representative by
 * name only, so two people of the same name cannot be told apart here; production nodes
 * should take the organisation from the identity provider's legal-person authentication.
 */
import { HOLDER_CODE_TYPES, type HolderCodeType, parseLicence, validateHolderCode } from '@hutong/core';
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../app-context.js';
import { hashPersonalData } from '../audit/hash-personal-data.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { licenceDocumentOf } from '../library/licence-records.js';
import type { Database } from '../store/database.js';
import { holderIndexesOf } from './holder-indexes.js';
import { type HolderSessionState, setActingFor } from './holder-session.js';

/** A licence in one of these states still shows who represents its holder. */
const CURRENT = ['valid', 'suspended'];
const REPRESENTATIVE_FIELD = 'legalRepresentative';

function isPersonType(code: string): boolean {
  return Object.hasOwn(HOLDER_CODE_TYPES, code) && HOLDER_CODE_TYPES[code as HolderCodeType].holder === 'person';
}

function normalName(name: string): string {
  return name.normalize('NFC').replace(/\s+/gu, '');
}

/**
 * The holder's name as this node's licences give it: the holder name of the newest current
 * licence the holder holds (valid or suspended), or undefined when the node has none. Takes
 * the caller's transaction when it runs in one.
 *
 * @example const name = await holderNameFromLicences(ctx, trx, '111', citizenId);
 */
export async function holderNameFromLicences(
  ctx: AppContext,
  db: Kysely<Database> | Transaction<Database>,
  holderCodeType: string,
  holderCode: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('licences')
    .select(['packed_document'])
    .where('holder_index', 'in', holderIndexesOf(ctx, holderCodeType, holderCode))
    .where('status', 'in', CURRENT)
    .orderBy('issued_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)), { legacyHolderCode: true }).metadata
    .certificateHolderName;
}

/**
 * The person's name: from the identity provider, else from the newest current licence the
 * person holds on this node.
 */
export async function personNameOf(ctx: AppContext, session: HolderSessionState): Promise<string | undefined> {
  if (session.person.name !== null && session.person.name.trim() !== '') return session.person.name;
  return holderNameFromLicences(ctx, ctx.store.db, session.person.holderCodeType, session.person.holderCode);
}

/**
 * True when a current licence of the organisation on this node names `name` as its legal
 * representative. (The library has no index by representative: the caller names the
 * organisation, and only its licences are read.)
 */
async function representsOrganisation(ctx: AppContext, name: string, uscc: string): Promise<boolean> {
  const rows = await ctx.store.db
    .selectFrom('licences')
    .select(['packed_document'])
    .where('holder_index', 'in', holderIndexesOf(ctx, '001', uscc))
    .where('status', 'in', CURRENT)
    .execute();
  const wanted = normalName(name);
  return rows.some((row) => {
    const licence = parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)), { legacyHolderCode: true });
    const named = licence.face[REPRESENTATIVE_FIELD];
    return (
      licence.metadata.certificateHolderTypeCode === '001' &&
      licence.metadata.certificateHolderCode === uscc &&
      typeof named === 'string' &&
      normalName(named) === wanted
    );
  });
}

/**
 * Switches a session to act for an organisation, or (with `target` undefined) back to the
 * person. Refusals: the target is not a USCC (422), the session's person is not a person
 * (403), their name is unknown (403), no current licence of the organisation names them (403).
 *
 * @example await actForOrganisation(ctx, sessionId, session, { holderCodeType: '001', holderCode: uscc }, { requestId });
 */
export async function actForOrganisation(
  ctx: AppContext,
  sessionId: string,
  session: HolderSessionState,
  target: { readonly holderCodeType: unknown; readonly holderCode: unknown } | undefined,
  options: { readonly requestId?: string | undefined },
): Promise<void> {
  const at = ctx.now().toISOString();
  if (target === undefined) {
    await ctx.store.db.transaction().execute(async (trx) => {
      await setActingFor(trx, sessionId, undefined);
      await recordEvent(trx, {
        type: 'holder.acting-as-self',
        actor: 'holder',
        requestId: options.requestId,
        details: { holder: hashPersonalData(ctx.secrets, session.person.holderCode) },
        at,
      });
    });
    return;
  }
  if (target.holderCodeType !== '001') throw new ServerError('ERR_HOLDER_ACT_FOR_TYPE', { field: 'holderCodeType' });
  const organisation = validateHolderCode('001', target.holderCode);
  if (!isPersonType(session.person.holderCodeType)) throw new ServerError('ERR_HOLDER_ACT_FOR_PERSON_ONLY');
  const name = await personNameOf(ctx, session);
  if (name === undefined) throw new ServerError('ERR_HOLDER_NAME_UNKNOWN');
  if (!(await representsOrganisation(ctx, name, organisation.holderCode))) {
    throw new ServerError('ERR_HOLDER_ACT_FOR_FORBIDDEN', {
      field: 'holderCode',
      params: { holderCode: organisation.holderCode },
    });
  }
  await ctx.store.db.transaction().execute(async (trx) => {
    await setActingFor(trx, sessionId, { holderCodeType: '001', holderCode: organisation.holderCode }, name);
    await recordEvent(trx, {
      type: 'holder.acting-for',
      actor: 'holder',
      requestId: options.requestId,
      // The organisation's code is not personal data; the person's is hashed.
      target: organisation.holderCode,
      details: { holder: hashPersonalData(ctx.secrets, session.person.holderCode) },
      at,
    });
  });
}
