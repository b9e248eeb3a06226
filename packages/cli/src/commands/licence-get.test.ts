import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, type Licence, parseLicenceType } from '@hutong/core';
import {
  applyLicenceEventToStore,
  createAppContext,
  createSecrets,
  issuePreparedLicences,
  migrateToLatest,
  openStore,
  prepareLicence,
  requestHash,
  SQLITE_FILE_NAME,
  type Store,
  writeContextFor,
} from '@hutong/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../test-support/capture-io.js';

const TYPE = parseLicenceType({
  certificateTypeCode: '11100000000013338W032',
  name: { zh: '建筑施工特种作业人员操作资格证书', en: 'Construction special-operations qualification certificate' },
  definingAuthority: { name: '住房和城乡建设部', code: '11100000000013338W', level: 'national' },
  holderCategory: 'person',
  validity: { kind: 'period', years: 2 },
  issuingAuthorityLevel: ['provincial'],
  faceFields: [
    { key: 'holderName', label: { zh: '姓名', en: 'Name' }, type: 'string', required: true, sensitivity: 2 },
    {
      key: 'operationCategory',
      label: { zh: '操作类别', en: 'Category' },
      type: 'string',
      required: true,
      sensitivity: 1,
    },
  ],
  templateId: 'construction-operator',
  version: 1,
  status: 'published',
});
const ISSUER = { code: '11220000013544541J', name: '吉林省住房和城乡建设厅', areaCode: '220000' } as never;

describe('hutong licence get', () => {
  let dataDir: string;
  let store: Store;
  let first: Licence;
  let second: Licence;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hutong-t-licence-get-'));
    store = await openStore({ dialect: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) });
    await migrateToLatest(store.db);
    const ctx = createAppContext({ store, nodeId: 'n', secrets: createSecrets(new Uint8Array(randomBytes(32))) });
    const principal = {
      kind: 'staff',
      userId: 'u1',
      username: 'op',
      organisationCode: null,
      roles: ['platform-admin'],
    } as const;
    const wctx = writeContextFor(ctx, principal, { publicUrl: 'http://127.0.0.1:8080' });
    const key = await generateSigningKey('ed25519');
    const input = {
      certificateTypeCode: TYPE.certificateTypeCode,
      certificateNumber: '吉A0001',
      certificateHolderName: '张三',
      certificateHolderCode: '11010519491231002X',
      certificateHolderTypeCode: '111',
      certificateEffectiveDate: '2026-01-08',
      face: { holderName: '张三', operationCategory: '建筑电工' },
    };
    const [outcome] = await issuePreparedLicences(wctx, [
      { prepared: prepareLicence(input, TYPE, ISSUER, { now: new Date() }), key, requestHash: requestHash(input) },
    ]);
    if (outcome?.status !== 'issued') throw new Error('setup failed');
    first = outcome.licence;
    const id = first.metadata.certificateIdentifier;
    await applyLicenceEventToStore(
      wctx,
      id,
      { event: { type: 'pledge', id: 'ZY-1', creditor: '某银行' } },
      {
        authorise: () => undefined,
        resourcesFor: async () => ({ type: TYPE, key }),
      },
    );
    const changed = await applyLicenceEventToStore(
      wctx,
      id,
      { event: { type: 'change', newVersion: '002' } },
      {
        authorise: () => undefined,
        resourcesFor: async () => ({ type: TYPE, key }),
      },
    );
    if (changed.successor === undefined) throw new Error('setup failed');
    second = changed.successor;
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints {licence, status, encumbrances, versions} for any version, beside an open store', async () => {
    const io = captureIo(dataDir);
    expect(await main(['licence', 'get', first.metadata.certificateIdentifier, '--data-dir', '.'], io)).toBe(0);
    const out = JSON.parse(io.out) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['licence', 'status', 'encumbrances', 'versions']);
    expect(out.licence).toEqual(first);
    expect(out.status).toMatchObject({ status: 'superseded' });
    expect(out.encumbrances).toEqual([
      { id: 'ZY-1', kind: 'pledge', creditor: '某银行', start: expect.stringMatching(/^\d{8}$/) },
    ]);
    expect((out.versions as Array<{ version: string; status: string }>).map((v) => [v.version, v.status])).toEqual([
      ['001', 'superseded'],
      ['002', 'valid'],
    ]);

    const latest = captureIo(dataDir);
    expect(await main(['licence', 'get', second.metadata.certificateIdentifier, '--data-dir', dataDir], latest)).toBe(
      0,
    );
    expect(JSON.parse(latest.out)).toMatchObject({ licence: second, status: { status: 'valid' } });
    const reads = await store.db.selectFrom('audit_records').selectAll().where('action', '=', 'licence.read').execute();
    expect(reads.map((r) => [r.actor, r.target])).toEqual([
      ['cli', first.metadata.certificateIdentifier],
      ['cli', second.metadata.certificateIdentifier],
    ]);
  });

  it('exits 1 with a precise code for a wrong check character or an unknown licence', async () => {
    const id = first.metadata.certificateIdentifier;
    const wrong = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    const io = captureIo(dataDir);
    expect(await main(['licence', 'get', wrong, '--data-dir', dataDir], io)).toBe(1);
    expect(JSON.parse(io.out)).toEqual({
      error: expect.objectContaining({ code: 'ERR_LICENCE_ID_CHECK', field: 'check' }),
    });
    const absent = captureIo(dataDir);
    const unknown = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';
    expect(await main(['licence', 'get', unknown, '--data-dir', dataDir], absent)).toBe(1);
    expect(JSON.parse(absent.out).error.code).toBe('ERR_LIBRARY_NOT_FOUND');
  });

  it('says so, and creates nothing, when the data directory holds no store (a mistyped --data-dir)', async () => {
    const missing = join(dataDir, 'no-such-node');
    const io = captureIo(dataDir);
    expect(await main(['licence', 'get', first.metadata.certificateIdentifier, '--data-dir', missing], io)).toBe(1);
    expect(JSON.parse(io.out).error).toMatchObject({ code: 'ERR_CLI_NO_STORE', field: 'data-dir' });
    expect(io.err).toContain(missing);
    expect(existsSync(missing)).toBe(false);
  });

  it('exits 2 on usage mistakes', async () => {
    const io = captureIo(dataDir);
    expect(await main(['licence', 'get', '--data-dir', dataDir], io)).toBe(2);
    expect(await main(['licence', 'get', 'a', 'b'], io)).toBe(2);
  });
});
