import { describe, expect, it } from 'vitest';
import { readLicenceStatus } from '../../library/read-licence-view.js';
import { TEST_DATABASES } from '../../test-support/databases.js';
import { useStoreBeforeMigration } from '../../test-support/migrations.js';
import { migrateToLatest } from '../migrate.js';
import { packJson } from '../packed-json.js';

/** A licence row as schema 25 wrote it (no digest column). */
function licenceRow(i: number) {
  const serial = String(i).padStart(12, '0');
  return {
    identifier: `1.2.156.3005.2.T.I.${serial}.001.X`,
    series: `T.I.${serial}`,
    version: '001',
    type_code: 'T',
    issuer_code: 'I',
    serial,
    holder_index: `h${i}`,
    status: 'valid',
    status_state: '{"status":"valid","encumbrances":[]}',
    key_id: 'k',
    origin: 'issued',
    status_list_id: 1,
    status_index: i,
    status_value: 0,
    effective_date: '20260301',
    expiring_date: '20300101',
    source_key: null,
    request_hash: null,
    created_by: 'cli',
    issued_at: '2026-11-29T00:00:00.000Z',
    updated_at: '2026-11-29T00:00:00.000Z',
    packed_document: packJson('licence-document', `{"n":${i}}`),
  };
}

describe.each(TEST_DATABASES)('migration 0027-licence-document-digest on $dialect', ({ create }) => {
  const at = useStoreBeforeMigration(create, '0027-licence-document-digest');

  it('keeps every licence, with no digest for rows written before it (they get the full signature check)', async () => {
    const rows = [licenceRow(1), licenceRow(2)];
    await at.db.insertInto('licences').values(rows).execute();

    await at.migrate();

    const after = await at.store.db
      .selectFrom('licences')
      .select(['identifier', 'status', 'document_digest'])
      .orderBy('identifier')
      .execute();
    expect(after).toEqual(rows.map((r) => ({ identifier: r.identifier, status: 'valid', document_digest: null })));
    const read = await readLicenceStatus(at.store.db, rows[0]?.identifier ?? '');
    expect(read).toMatchObject({ status: { status: 'valid' }, documentDigest: null });

    // A digest written now reads back byte for byte.
    const digest = Uint8Array.from({ length: 32 }, (_, i) => i);
    await at.store.db
      .updateTable('licences')
      .set({ document_digest: digest })
      .where('identifier', '=', rows[1]?.identifier ?? '')
      .execute();
    const stored = await readLicenceStatus(at.store.db, rows[1]?.identifier ?? '');
    expect(new Uint8Array(stored?.documentDigest ?? [])).toEqual(digest);

    await migrateToLatest(at.store.db);
  });
});
