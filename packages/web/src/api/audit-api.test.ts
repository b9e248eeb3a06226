import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditRecord, auditChainHash, checkAuditRecords, chunkRecordLicences } from './audit-api.js';

/** The server's rule written again independently: SHA-256(prev as bytes ‖ JCS of the record), keys sorted. */
function expectedHash(prevHash: string, record: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : typeof value === 'object' && value !== null
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
              .map(([k, v]) => [k, sorted(v)]),
          )
        : value;
  const json = JSON.stringify(sorted({ v: 1, ...record }));
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(json, 'utf8').digest('hex');
}

function chain(count: number): AuditRecord[] {
  const out: AuditRecord[] = [];
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= count; seq++) {
    const body = {
      seq,
      at: `2026-01-0${seq}T08:00:00Z`,
      actor: 'staff:u1',
      action: 'licence.read',
      target: `id-${seq}`,
      useCause: seq % 2 === 0 ? '核验材料' : null,
      outcome: 'success',
      requestId: null,
      details: { returned: seq, nested: { b: 1, a: [true, 'x'] } },
    };
    const hash = expectedHash(prev, body);
    out.push({ ...body, hash, prevHash: prev });
    prev = hash;
  }
  return out;
}

describe('the audit chain checked in the browser', () => {
  it('computes each record’s hash as the server does', () => {
    for (const record of chain(3)) expect(auditChainHash(record)).toBe(record.hash);
  });

  it('accepts an intact page and counts the links between consecutive records', () => {
    expect(checkAuditRecords(chain(4))).toEqual({ ok: true, checked: 4, linked: 3 });
    // A filtered page (records 1 and 3): each hash checks, no link to check.
    const [first, , third] = chain(3);
    expect(checkAuditRecords([first as AuditRecord, third as AuditRecord])).toEqual({
      ok: true,
      checked: 2,
      linked: 0,
    });
  });

  it('finds an edited record, and a record that does not follow its predecessor', () => {
    const edited = chain(3);
    edited[1] = { ...(edited[1] as AuditRecord), actor: 'staff:someone-else' };
    expect(checkAuditRecords(edited)).toEqual({ ok: false, seq: 2, reason: 'hash-mismatch' });

    // Record 2 replaced by a self-consistent record chained to something else.
    const forged = chain(3);
    const replacement = { ...(forged[1] as AuditRecord), prevHash: 'ab'.repeat(32) };
    const { hash: _h, prevHash, ...body } = replacement;
    forged[1] = { ...replacement, hash: expectedHash(prevHash, body) };
    expect(checkAuditRecords(forged)).toEqual({ ok: false, seq: 2, reason: 'prev-hash-mismatch' });
  });

  it('refuses a malformed previous hash', () => {
    const [record] = chain(1);
    expect(auditChainHash({ ...(record as AuditRecord), prevHash: 'zz' })).toBeUndefined();
  });
});

describe('chunkRecordLicences', () => {
  const base = chain(1)[0] as AuditRecord;
  it('counts the licences a chunk record lists, and nothing for any other record', () => {
    const chunk = { ...base, target: null, details: { licences: ['a', 'b', 'c'], shared: {}, each: {} } };
    expect(chunkRecordLicences(chunk)).toBe(3);
    expect(chunkRecordLicences({ ...chunk, target: 'a' })).toBeUndefined();
    expect(chunkRecordLicences({ ...chunk, details: { licences: ['a'] } })).toBeUndefined();
    expect(chunkRecordLicences({ ...chunk, details: { licences: ['a', 2] } })).toBeUndefined();
    expect(chunkRecordLicences({ ...chunk, details: null })).toBeUndefined();
    expect(chunkRecordLicences(base)).toBeUndefined();
  });
});
