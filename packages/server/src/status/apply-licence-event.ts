import {
  applyStatusEvent,
  type ChangeEvent,
  HutongError,
  type Licence,
  type LicenceStatusState,
  type LicenceType,
  type LicenceVersionMetadataChanges,
  newLicenceVersion,
  nextLicenceVersion,
  parseStatusEvent,
  type SigningKey,
  type StatusEvent,
  type StatusHistoryEntry,
  signLicence,
  statusListValue,
  successorStatusState,
  validateFace,
} from '@hutong/core';
import type { Transaction } from 'kysely';
import type { AppContext } from '../app-context.js';
import { assertMayActFor } from '../auth/assert-may-act-for.js';
import type { Principal } from '../auth/principal.js';
import { ServerError } from '../errors.js';
import { loadIssuance } from '../issuance/load-issuance.js';
import { requestHash } from '../issuance/request-hash.js';
import { parseIdentifierParam } from '../library/get-licence.js';
import {
  insertLicenceRecord,
  insertStatusEvent,
  type LicenceRecord,
  readLicenceRecord,
  recordOf,
  seriesOf,
  statusStateColumn,
  writeEncumbrances,
} from '../library/licence-records.js';
import type { LicenceDomainEvent, LicenceWriteContext } from '../library/licence-write-context.js';
import { type PublicUrlOption, writeContextFor } from '../library/write-context-for.js';
import type { Database } from '../store/database.js';
import { allocateStatusSlots, touchStatusList } from './allocate-status-slots.js';

/**
 * A lifecycle event as the API takes it: core's status event (`type` and its members), and
 * for a `change` the new version's content: its face (whole) and metadata changes.
 */
export interface LicenceEventInput {
  readonly event: unknown;
  readonly face?: Readonly<Record<string, unknown>> | undefined;
  readonly metadata?: LicenceVersionMetadataChanges | undefined;
  /**
   * For a change whose next version the department signed itself (aggregation): that
   * version, already verified against the issuer's key; nothing is signed here then.
   */
  readonly successor?: Licence | undefined;
}

/** What a change needs from the catalogue and the issuer's keys (resolved before the transaction). */
export interface ChangeResources {
  readonly type: LicenceType;
  readonly key: SigningKey;
}

export interface LicenceEventResult {
  readonly identifier: string;
  readonly event: StatusEvent;
  readonly previousStatus: string;
  readonly state: LicenceStatusState;
  /** For a change: the new version, signed. */
  readonly successor?: Licence;
}

function domainEventType(event: StatusEvent): LicenceDomainEvent['type'] {
  switch (event.type) {
    case 'change':
      return 'licence.version';
    case 'mortgage':
    case 'pledge':
    case 'mortgage-release':
    case 'pledge-release':
      return 'licence.encumbrance';
    default:
      return 'licence.status';
  }
}

/**
 * Applies one lifecycle event to a licence version, in ONE transaction with everything it
 * changes (architecture §4): the licence row (status, state, status-list value), the event
 * row, the encumbrance rows, the status list's revision, and `recordEvent` (audit, log
 * leaf, outbox). A `change` also signs and stores the next version (GB/T 36904 version
 * + 1, naming its predecessor) with its own status entry, and supersedes this one.
 * Transitions are core's state machine (`applyStatusEvent`): an illegal one throws
 * `ERR_STATUS_TRANSITION` and writes nothing.
 *
 * `authorise` runs on the licence before anything is written (issuer only);
 * `resourcesFor` is asked for the type and the issuer's key only for a change.
 *
 * @example
 * const result = await applyLicenceEventToStore(wctx, identifier, { event: { type: 'revocation', reason: '…' } },
 *   { authorise: (record) => assertIssuer(principal, record), resourcesFor });
 */
export async function applyLicenceEventToStore(
  wctx: LicenceWriteContext,
  identifier: string,
  input: LicenceEventInput,
  hooks: {
    readonly authorise: (record: LicenceRecord) => void | Promise<void>;
    readonly resourcesFor: (record: LicenceRecord) => Promise<ChangeResources>;
    /** The node's own clock may record `expiry`; callers from outside never can. */
    readonly allowExpiry?: boolean;
  },
): Promise<LicenceEventResult> {
  const id = parseIdentifierParam(identifier);
  const before = await readLicenceRecord(wctx.db, id);
  if (before === undefined)
    throw new ServerError('ERR_LIBRARY_NOT_FOUND', { field: 'identifier', params: { identifier: id } });
  await hooks.authorise(before);
  const event = parseStatusEvent(input.event);
  if (event.type === 'issue' || (event.type === 'expiry' && hooks.allowExpiry !== true)) {
    // Issue is the library's own first event; expiry is recorded by the node's clock, not posted.
    throw new HutongError('ERR_STATUS_TRANSITION', {
      field: 'type',
      params: { from: before.state.status, event: event.type },
    });
  }
  if (event.type !== 'change' && (input.face !== undefined || input.metadata !== undefined)) {
    throw new HutongError('ERR_STATUS_EVENT_UNKNOWN_MEMBER', {
      field: input.face !== undefined ? '$.face' : '$.metadata',
      params: { event: event.type, name: input.face !== undefined ? '"face"' : '"metadata"' },
    });
  }
  let resources: ChangeResources | undefined;
  let face: Readonly<Record<string, string | number | boolean>> | undefined;
  if (event.type === 'change') {
    const expected = nextLicenceVersion(id).split('.')[8] ?? '';
    if (event.newVersion !== expected) {
      throw new ServerError('ERR_STATUS_CHANGE_VERSION', {
        field: '$.newVersion',
        params: { expected, found: event.newVersion },
      });
    }
    if (input.successor === undefined) {
      resources = await hooks.resourcesFor(before);
      // The new face is checked against the type as it is now (a change re-issues).
      face = input.face === undefined ? undefined : validateFace(resources.type, input.face, { now: wctx.now() });
    } else if (input.successor.metadata.certificateIdentifier !== nextLicenceVersion(id)) {
      throw new ServerError('ERR_STATUS_CHANGE_VERSION', {
        field: 'metadata.certificateIdentifier',
        params: { expected: nextLicenceVersion(id), found: input.successor.metadata.certificateIdentifier },
      });
    }
  }

  const now = wctx.now();
  const at = now.toISOString();
  return wctx.db.transaction().execute(async (trx: Transaction<Database>) => {
    // A no-op update takes the row lock (PostgreSQL; SQLite has one writer): two events on
    // one licence apply one after the other, each to the state the other left.
    const row = await trx
      .updateTable('licences')
      .set((eb) => ({ updated_at: eb.ref('updated_at') }))
      .where('identifier', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const record = recordOf(row);
    const last = await trx
      .selectFrom('licence_status_events')
      .selectAll()
      .where('identifier', '=', id)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const history: StatusHistoryEntry[] = [
      {
        at: last.at,
        from: last.from_status as StatusHistoryEntry['from'],
        to: last.to_status as StatusHistoryEntry['to'],
        event: JSON.parse(last.event) as StatusEvent,
      },
    ];
    const next = applyStatusEvent({ ...record.state, history }, event, now);
    const { history: _history, ...state } = next;
    const seq = Number(last.seq) + 1;
    const m = record.licence.metadata;
    const series = seriesOf(record.licence.metadata.certificateIdentifier);

    let successor: Licence | undefined;
    if (event.type === 'change' && (resources !== undefined || input.successor !== undefined)) {
      const [slot] = await allocateStatusSlots(trx, m.certificateIssuingAuthorityCode, 1, at);
      if (slot === undefined) throw new Error('no status slot was allocated');
      if (input.successor !== undefined) {
        successor = input.successor;
      } else {
        // A change's own expiringDate (core ChangeEvent) is the new version's expiring date.
        const metadata = {
          ...input.metadata,
          ...(event.expiringDate === undefined ? {} : { certificateExpiringDate: event.expiringDate }),
        } as LicenceVersionMetadataChanges;
        const unsigned = newLicenceVersion(record.licence, {
          metadata,
          ...(face === undefined ? {} : { face }),
          statusReference: {
            uri: wctx.statusListUri(m.certificateIssuingAuthorityCode, slot.listId),
            index: slot.index,
          },
          now,
        });
        successor = await signLicence(unsigned, (resources as ChangeResources).key, {
          created: now,
          legacyHolderCode: true,
        });
      }
      const successorState = successorStatusState(record.state, event as ChangeEvent, now);
      const { history: _h, ...storedSuccessor } = successorState;
      await insertLicenceRecord(trx, {
        licence: successor,
        state: storedSuccessor,
        holderIndex: row.holder_index,
        origin: input.successor === undefined ? record.origin : 'aggregated',
        statusListId: slot.listId,
        statusIndex: slot.index,
        // What was sent, so that a retry of the same aggregation is recognised.
        requestHash: input.successor === undefined ? undefined : requestHash(input.successor),
        actor: wctx.actor,
        requestId: wctx.requestId,
        at,
        event,
        from: 'none',
      });
    }

    await trx
      .updateTable('licences')
      .set({
        status: state.status,
        status_state: statusStateColumn(state),
        status_value: statusListValue(state.status),
        expiring_date: state.expiringDate ?? null,
        updated_at: at,
      })
      .where('identifier', '=', id)
      .execute();
    await insertStatusEvent(trx, {
      identifier: id,
      seq,
      event,
      from: record.state.status,
      to: state.status,
      at,
      actor: wctx.actor,
      requestId: wctx.requestId,
    });
    await writeEncumbrances(trx, id, state.encumbrances);
    if (statusListValue(state.status) !== statusListValue(record.state.status)) {
      // The served list changes: its revision (the ETag) moves in the same transaction.
      await touchStatusList(trx, m.certificateIssuingAuthorityCode, record.statusListId, at);
    }
    await wctx.recordEvent(trx, {
      type: domainEventType(event),
      actor: wctx.actor,
      ...(wctx.requestId === undefined ? {} : { requestId: wctx.requestId }),
      target: id,
      details: {
        typeCode: m.certificateTypeCode,
        issuerCode: m.certificateIssuingAuthorityCode,
        series,
        version: m.certificateVersion,
        event: event.type,
        previousStatus: record.state.status,
        status: state.status,
        ...(successor === undefined ? {} : { successor: successor.metadata.certificateIdentifier }),
        ...(event.type === 'mortgage' ||
        event.type === 'pledge' ||
        event.type === 'mortgage-release' ||
        event.type === 'pledge-release'
          ? { encumbrance: { kind: event.type.replace('-release', ''), id: event.id } }
          : {}),
      },
      at,
    });
    if (successor !== undefined) {
      await wctx.recordEvent(trx, {
        type: 'licence.issued',
        actor: wctx.actor,
        ...(wctx.requestId === undefined ? {} : { requestId: wctx.requestId }),
        target: successor.metadata.certificateIdentifier,
        details: {
          typeCode: m.certificateTypeCode,
          issuerCode: m.certificateIssuingAuthorityCode,
          series: seriesOf(successor.metadata.certificateIdentifier),
          version: successor.metadata.certificateVersion,
          origin: input.successor === undefined ? record.origin : 'aggregated',
          keyId: resources?.key.keyId ?? successor.proof.verificationMethod.split('#')[1],
          predecessor: id,
          status: state.status === 'superseded' ? record.state.status : state.status,
          holder: row.holder_index,
        },
        at,
      });
    }
    return {
      identifier: id,
      event,
      previousStatus: record.state.status,
      state,
      ...(successor === undefined ? {} : { successor }),
    };
  });
}

/**
 * `POST /api/v1/licences/{identifier}/events`: the issuer (its client with `licence:status`,
 * or its department's operator) records a lifecycle event — annual inspection, extension,
 * change (the body's `face` / `metadata` make the new version), suspension and release,
 * revocation, cancellation, abolition, transfer, mortgage / pledge and their release.
 * The body is core's status event plus, for a change, the new content.
 *
 * @example await applyLicenceEvent(ctx, principal, id, { type: 'revocation', reason: '…' }, { publicUrl });
 */
export async function applyLicenceEvent(
  ctx: AppContext,
  principal: Principal,
  identifier: unknown,
  body: unknown,
  options: PublicUrlOption & { readonly requestId?: string | undefined },
): Promise<LicenceEventResult> {
  const id = parseIdentifierParam(identifier);
  const object =
    typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const { face, metadata, ...event } = object ?? {};
  return applyLicenceEventToStore(
    writeContextFor(ctx, principal, options),
    id,
    {
      event: object === undefined ? body : event,
      ...(face === undefined ? {} : { face: face as Readonly<Record<string, unknown>> }),
      ...(metadata === undefined ? {} : { metadata: metadata as LicenceVersionMetadataChanges }),
    },
    {
      authorise: (record) => {
        const m = record.licence.metadata;
        if (principal.kind !== 'client' && principal.kind !== 'staff') {
          throw new ServerError('ERR_STATUS_NOT_ISSUER', {
            field: 'identifier',
            params: { issuerCode: m.certificateIssuingAuthorityCode },
          });
        }
        assertMayActFor(principal, { issuerCode: m.certificateIssuingAuthorityCode, typeCode: m.certificateTypeCode });
      },
      resourcesFor: async (record) => {
        const m = record.licence.metadata;
        const { type, key } = await loadIssuance(ctx, m.certificateTypeCode, m.certificateIssuingAuthorityCode);
        return { type, key };
      },
    },
  );
}
