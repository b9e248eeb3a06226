import { HutongError } from '@hutong/core';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import { todayInChina } from '../issuance/compact-date.js';
import { type PublicUrlOption, systemWriteContext } from '../library/write-context-for.js';
import type { Database } from '../store/database.js';
import { applyLicenceEventToStore } from './apply-licence-event.js';

/** Licences expired per round; the next round takes the rest. */
const ROUND = 500;

/**
 * The next round of live licences whose expiring date (`yyyy-MM-dd`) is before `today`,
 * oldest first: read through the `licences_expiry_sweep` index (migration 0013).
 *
 * @example const due = await dueForExpiry(db, '2026-11-29').execute();
 */
export function dueForExpiry(db: Kysely<Database>, today: string) {
  return db
    .selectFrom('licences')
    .select('identifier')
    .where('status', 'in', ['valid', 'suspended'])
    .where('expiring_date', 'is not', null)
    .where('expiring_date', '<', today)
    .orderBy('expiring_date')
    .orderBy('identifier')
    .limit(ROUND);
}

/**
 * Records `expiry` (有效期届满, status-list value INVALID) for valid or suspended licences
 * whose expiring date has passed in China time: a licence is valid through its expiring
 * date, so expiry is the day after (core `applyStatusEvent`). Each licence in its own
 * transaction with its event, status-list revision and audit record, like any status event.
 * An offline verifier then need not trust its own clock to reject an expired licence.
 * Returns how many were expired.
 *
 * @example const expired = await expireLicences(ctx, { publicUrl });
 */
export async function expireLicences(ctx: AppContext, options: PublicUrlOption): Promise<number> {
  const today = todayInChina(ctx.now());
  const wctx = systemWriteContext(ctx, options);
  let expired = 0;
  for (;;) {
    const due = await dueForExpiry(ctx.store.db, today).execute();
    let progressed = 0;
    for (const { identifier } of due) {
      try {
        await applyLicenceEventToStore(
          wctx,
          identifier,
          { event: { type: 'expiry' } },
          {
            authorise: () => undefined,
            resourcesFor: () => Promise.reject(new Error('expiry needs no resources')),
            allowExpiry: true,
          },
        );
        expired++;
        progressed++;
      } catch (error) {
        // Another process expired, extended or ended it first: nothing left to do for it.
        if (!(error instanceof HutongError)) throw error;
      }
    }
    if (due.length < ROUND || progressed === 0) return expired;
  }
}
