import { generateSigningKey, HutongError, type Licence, type SigningKey, verifyLicenceSignature } from '@hutong/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import { issuePreparedLicences } from '../issuance/issue-prepared-licences.js';
import { prepareLicence } from '../issuance/prepare-licence.js';
import { requestHash } from '../issuance/request-hash.js';
import { readLicenceRecord } from '../library/licence-records.js';
import type { LicenceDomainEvent, LicenceWriteContext } from '../library/licence-write-context.js';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { sampleInput, sampleIssuer, sampleType } from '../library/test-support/licence-fixtures.js';
import { testWriteContext } from '../library/test-support/write-context.js';
import { applyLicenceEventToStore, type LicenceEventInput } from './apply-licence-event.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HutongError || isServerError(error)) return error.code;
    throw error;
  }
  return 'resolved';
}

describe.each(TEST_DATABASES)('applyLicenceEventToStore on $dialect', ({ create }) => {
  let t: LibraryTestStore;
  let key: SigningKey;
  let events: LicenceDomainEvent[];
  let wctx: LicenceWriteContext;
  let licence: Licence;
  let clock: Date;

  beforeAll(async () => {
    key = await generateSigningKey('ed25519');
  }, HOOK_TIMEOUT);
  beforeEach(async () => {
    t = await openLibraryTestStore(create);
    events = [];
    clock = new Date('2026-11-29T04:00:00Z');
    wctx = testWriteContext(t.store.db, { events, now: () => clock });
    const input = sampleInput();
    const [outcome] = await issuePreparedLicences(wctx, [
      {
        prepared: prepareLicence(input, sampleType(), sampleIssuer(), { now: clock }),
        key,
        requestHash: requestHash(input),
      },
    ]);
    if (outcome?.status !== 'issued') throw new Error('setup failed');
    licence = outcome.licence;
    events.length = 0;
  }, HOOK_TIMEOUT);
  afterEach(async () => {
    await t.close();
  }, HOOK_TIMEOUT);

  const hooks = {
    authorise: () => undefined,
    resourcesFor: async () => ({ type: sampleType(), key }),
  };
  const apply = (input: LicenceEventInput, identifier: string = licence.metadata.certificateIdentifier) => {
    clock = new Date(clock.getTime() + 60_000);
    return applyLicenceEventToStore(wctx, identifier, input, hooks);
  };

  async function snapshot() {
    const db = t.store.db;
    return {
      licences: await db
        .selectFrom('licences')
        .select(['identifier', 'status', 'status_value', 'status_state'])
        .orderBy('identifier')
        .execute(),
      events: (
        await db
          .selectFrom('licence_status_events')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
      encumbrances: await db.selectFrom('licence_encumbrances').selectAll().orderBy('encumbrance_id').execute(),
      lists: await db.selectFrom('status_lists').select(['list_id', 'allocated', 'revision']).execute(),
      outbox: (
        await db
          .selectFrom('outbox_messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    };
  }

  it('revokes: row, event, status-list value and revision, side record — together', async () => {
    const result = await apply({ event: { type: 'revocation', reason: '以欺骗手段取得' } });
    expect([result.previousStatus, result.state.status]).toEqual(['valid', 'revoked']);
    const row = await t.store.db.selectFrom('licences').selectAll().executeTakeFirstOrThrow();
    expect([row.status, Number(row.status_value)]).toEqual(['revoked', 1]);
    const eventsRows = await t.store.db.selectFrom('licence_status_events').selectAll().orderBy('seq').execute();
    expect(eventsRows.map((e) => [Number(e.seq), e.type, e.from_status, e.to_status])).toEqual([
      [1, 'issue', 'none', 'valid'],
      [2, 'revocation', 'valid', 'revoked'],
    ]);
    const [list] = await t.store.db.selectFrom('status_lists').selectAll().execute();
    expect(Number(list?.revision)).toBe(1);
    expect(events.map((e) => [e.type, e.details.status, e.details.previousStatus])).toEqual([
      ['licence.status', 'revoked', 'valid'],
    ]);
  });

  it('refuses an illegal transition and writes nothing', async () => {
    await apply({ event: { type: 'revocation' } });
    const before = await snapshot();
    expect(await codeOf(apply({ event: { type: 'extension', expiringDate: '20300108' } }))).toBe(
      'ERR_STATUS_TRANSITION',
    );
    expect(await codeOf(apply({ event: { type: 'suspension-release' } }))).toBe('ERR_STATUS_TRANSITION');
    expect(await codeOf(apply({ event: { type: 'issue' } }))).toBe('ERR_STATUS_TRANSITION');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed events, unknown members and bad identifiers, writing nothing', async () => {
    const before = await snapshot();
    expect(await codeOf(apply({ event: { type: 'melt' } }))).toBe('ERR_STATUS_EVENT_TYPE');
    expect(await codeOf(apply({ event: { type: 'revocation', colour: 'red' } }))).toBe(
      'ERR_STATUS_EVENT_UNKNOWN_MEMBER',
    );
    expect(await codeOf(apply({ event: { type: 'revocation' }, face: {} }))).toBe('ERR_STATUS_EVENT_UNKNOWN_MEMBER');
    const wrongCheck = `${licence.metadata.certificateIdentifier.slice(0, -1)}${licence.metadata.certificateIdentifier.endsWith('A') ? 'B' : 'A'}`;
    expect(await codeOf(apply({ event: { type: 'revocation' } }, wrongCheck))).toBe('ERR_LICENCE_ID_CHECK');
    expect(
      await codeOf(
        apply(
          { event: { type: 'revocation' } },
          '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
        ),
      ),
    ).toBe('ERR_LIBRARY_NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  it('stops before writing when the caller may not act on the licence', async () => {
    const before = await snapshot();
    const refused = applyLicenceEventToStore(
      wctx,
      licence.metadata.certificateIdentifier,
      { event: { type: 'revocation' } },
      {
        ...hooks,
        authorise: () => {
          throw new Error('not the issuer');
        },
      },
    );
    await expect(refused).rejects.toThrow('not the issuer');
    expect(await snapshot()).toEqual(before);
  });

  it('suspends (value 2), inspects, releases (value 0)', async () => {
    await apply({ event: { type: 'suspension' } });
    let row = await readLicenceRecord(t.store.db, licence.metadata.certificateIdentifier);
    expect(row?.state).toEqual({
      status: 'suspended',
      expiringDate: '20280108',
      suspendedBy: ['order'],
      encumbrances: [],
    });
    await apply({ event: { type: 'annual-inspection', outcome: 'fail' } });
    await apply({ event: { type: 'suspension-release' } });
    row = await readLicenceRecord(t.store.db, licence.metadata.certificateIdentifier);
    expect(row?.state.suspendedBy).toEqual(['annual-inspection']);
    await apply({ event: { type: 'annual-inspection', outcome: 'pass' } });
    const value = await t.store.db.selectFrom('licences').select(['status', 'status_value']).executeTakeFirstOrThrow();
    expect([value.status, Number(value.status_value)]).toEqual(['valid', 0]);
  });

  it('extends the expiring date', async () => {
    await apply({ event: { type: 'extension', expiringDate: '2030-01-08' } });
    const row = await t.store.db.selectFrom('licences').select(['expiring_date', 'status']).executeTakeFirstOrThrow();
    expect(row).toEqual({ expiring_date: '20300108', status: 'valid' });
  });

  it('records mortgages and pledges as encumbrances, keeps the licence valid, releases them', async () => {
    await apply({ event: { type: 'mortgage', id: 'DY-2026-001', creditor: '某银行', start: '2026-11-29' } });
    await apply({ event: { type: 'pledge', id: 'ZY-2026-007' } });
    await apply({ event: { type: 'mortgage-release', id: 'DY-2026-001' } });
    const rows = await t.store.db.selectFrom('licence_encumbrances').selectAll().orderBy('encumbrance_id').execute();
    expect(rows.map((r) => [r.encumbrance_id, r.kind, r.creditor, r.released_at])).toEqual([
      ['DY-2026-001', 'mortgage', '某银行', '20261129'],
      ['ZY-2026-007', 'pledge', null, null],
    ]);
    expect(events.map((e) => e.type)).toEqual(['licence.encumbrance', 'licence.encumbrance', 'licence.encumbrance']);
    expect((await t.store.db.selectFrom('licences').select('status').executeTakeFirstOrThrow()).status).toBe('valid');
    expect(await codeOf(apply({ event: { type: 'transfer' } }))).toBe('ERR_STATUS_ENCUMBERED');
  });

  it('changes: signs version 002 naming its predecessor, supersedes 001, carries the active pledge', async () => {
    await apply({ event: { type: 'pledge', id: 'ZY-1' } });
    expect(await codeOf(apply({ event: { type: 'change', newVersion: '003' } }))).toBe('ERR_STATUS_CHANGE_VERSION');
    const face = {
      holderName: '张三',
      idNumber: licence.metadata.certificateHolderCode,
      operationCategory: '建筑架子工',
    };
    const result = await apply({ event: { type: 'change', newVersion: '002', reason: '操作类别变更' }, face });
    const successor = result.successor;
    expect(successor?.metadata.certificateVersion).toBe('002');
    expect(successor?.metadata.previousCertificateIdentifier).toBe(licence.metadata.certificateIdentifier);
    expect(successor?.face.operationCategory).toBe('建筑架子工');
    expect(successor && (await verifyLicenceSignature(successor, key.publicKey))).toBe(true);
    expect(successor?.statusReference?.index).not.toBe(licence.statusReference?.index);
    const rows = await t.store.db
      .selectFrom('licences')
      .select(['version', 'status', 'status_value', 'series'])
      .orderBy('version')
      .execute();
    expect(rows.map((r) => [r.version, r.status, Number(r.status_value)])).toEqual([
      ['001', 'superseded', 1],
      ['002', 'valid', 0],
    ]);
    expect(new Set(rows.map((r) => r.series)).size).toBe(1);
    const carried = await t.store.db
      .selectFrom('licence_encumbrances')
      .select(['identifier', 'encumbrance_id'])
      .where('identifier', '=', successor?.metadata.certificateIdentifier ?? '')
      .execute();
    expect(carried.map((r) => r.encumbrance_id)).toEqual(['ZY-1']);
    expect(events.map((e) => e.type)).toEqual(['licence.encumbrance', 'licence.version', 'licence.issued']);
    // The superseded version takes no more events.
    expect(await codeOf(apply({ event: { type: 'revocation' } }))).toBe('ERR_STATUS_TRANSITION');
  });

  it('checks a change’s face against the type', async () => {
    const before = await snapshot();
    expect(await codeOf(apply({ event: { type: 'change', newVersion: '002' }, face: { holderName: '张三' } }))).toBe(
      'ERR_CATALOGUE_FACE_INVALID',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('applies concurrent events one after the other: one revocation wins, the cancellation is refused', async () => {
    const outcomes = await Promise.all([
      codeOf(apply({ event: { type: 'revocation' } })),
      codeOf(apply({ event: { type: 'cancellation' } })),
    ]);
    expect(outcomes.sort()).toEqual(['ERR_STATUS_TRANSITION', 'resolved']);
    expect(await t.store.db.selectFrom('licence_status_events').selectAll().execute()).toHaveLength(2);
  });
});
