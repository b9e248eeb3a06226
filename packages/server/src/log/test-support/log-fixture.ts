/**
 * Test-only: a migrated store with an app context, licence events as issuance and status
 * changes record them, written through the real `recordEvent` (audit record + the log sink),
 * and the log service of that store without its timer (tests integrate when they choose).
 */
import { formatLicenceId } from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/build-app.js';
import type { AppContext } from '../../app-context.js';
import type { DomainEvent } from '../../events/domain-event.js';
import { recordEvent } from '../../events/record-event.js';
import { migrateToLatest } from '../../store/migrate.js';
import { openStore, type Store } from '../../store/store.js';
import type { TestDatabase } from '../../test-support/databases.js';
import { createTestContext } from '../../test-support/principals.js';
import { createLogService, type LogOptions, type LogService } from '../log-service.js';
import { registerLogSink } from '../log-sink.js';

export const TYPE_CODE = '11100000000013338W032';
export const ISSUER_CODE = '11220000013544541J';
export const HOLDER_CODE = '11010519491231002X';

/** The identifier of licence `serial`, version `version`. */
export function licenceId(serial: number, version = '001'): string {
  return formatLicenceId({ typeCode: TYPE_CODE, issuerCode: ISSUER_CODE, serial: String(1_000_000 + serial), version });
}

/** A `licence.issued` event shaped as `issuePreparedLicences` records it (holder as its keyed index). */
export function issuedEvent(serial: number, version = '001', at = '2026-11-29T12:00:00.000Z'): DomainEvent {
  const identifier = licenceId(serial, version);
  return {
    type: 'licence.issued',
    actor: 'client:test-department',
    requestId: `req-${serial}-${version}`,
    target: identifier,
    details: {
      typeCode: TYPE_CODE,
      issuerCode: ISSUER_CODE,
      series: `${TYPE_CODE}.${ISSUER_CODE}.${1_000_000 + serial}`,
      version,
      origin: 'issued',
      keyId: 'key-1',
      status: 'valid',
      statusList: { listId: 1, index: serial },
      holder: `holder-index-of-${HOLDER_CODE}`,
      ...(version === '001' ? {} : { predecessor: licenceId(serial, String(Number(version) - 1).padStart(3, '0')) }),
    },
    at,
  };
}

/** A status change as `applyLicenceEventToStore` records it. */
export function statusEvent(serial: number, status: string, at = '2026-11-29T13:00:00.000Z'): DomainEvent {
  return {
    type: 'licence.status',
    actor: 'staff:operator-1',
    target: licenceId(serial),
    useCause: `吊销：持证人 ${HOLDER_CODE} 违规`,
    details: {
      typeCode: TYPE_CODE,
      issuerCode: ISSUER_CODE,
      series: `${TYPE_CODE}.${ISSUER_CODE}.${1_000_000 + serial}`,
      version: '001',
      event: 'revocation',
      previousStatus: 'valid',
      status,
    },
    at,
  };
}

export interface LogTestStore {
  readonly store: Store;
  readonly ctx: AppContext;
  close(): Promise<void>;
}

/** Opens and migrates a store on `database`, with a test context; registers the log sink. */
export async function openLogTestStore(
  database: TestDatabase,
  overrides: { now?: () => Date } = {},
): Promise<LogTestStore> {
  const store = await openStore(database.location);
  await migrateToLatest(store.db);
  registerLogSink();
  const ctx = createTestContext(store, overrides);
  return { store, ctx, close: () => store.close() };
}

/** The log service of a test store, without the background timer. */
export function testLogService(ctx: AppContext, options: LogOptions = {}): Promise<LogService> {
  return createLogService(ctx, { sm2: false, ...options }, (error) => {
    throw error;
  });
}

/** Records `events` through the real `recordEvent`, `perTransaction` at a time. */
export async function recordEvents(ctx: AppContext, events: readonly DomainEvent[], perTransaction = 1): Promise<void> {
  for (let start = 0; start < events.length; start += perTransaction) {
    await ctx.store.db.transaction().execute(async (trx) => {
      for (const event of events.slice(start, start + perTransaction)) await recordEvent(trx, event);
    });
  }
}

/**
 * The node's HTTP app on a log test store, without the integrator's timer (tests call
 * `app.transparencyLog.integrator.integrateNow()`), without rate limits, SM2 off unless asked.
 */
export function logTestApp(t: LogTestStore, log: Record<string, unknown> = {}): Promise<FastifyInstance> {
  return buildApp({
    store: t.store,
    nodeId: t.ctx.nodeId,
    context: t.ctx,
    auth: { rateLimit: false },
    log: { integrate: false, sm2: false, ...log },
  });
}
