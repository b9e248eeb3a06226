import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  type AppContext,
  createAppContext,
  createLicenceType,
  createOrganisation,
  createSecrets,
  migrateToLatest,
  openStore,
  publishLicenceType,
  type Store,
  setResponsibility,
  startServer,
} from '@hutong/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestPostgresDatabase,
  createTestSqliteDatabase,
  type TestSqliteDatabase,
} from '../../../server/src/test-support/databases.js';
import { main } from '../main.js';
import { captureIo } from '../test-support/capture-io.js';
import { createCatalogueList } from './catalogue-list.js';

// Valid codes: GB 32100 check characters computed with core (see server test-support).
const POLICE = '116500000100000122';
const MARKET = '11650000010000020W';
const ID_CARD = '11100000000013338W001';
const DRAFT_TYPE = '11100000000013338W002';

function typeDocument(code: string, zh: string): Record<string, unknown> {
  return {
    certificateTypeCode: code,
    name: { zh, en: 'Resident identity card' },
    definingAuthority: { name: '公安部', code: '11100000000013338W', level: 'national' },
    holderCategory: 'person',
    validity: { kind: 'period', years: 10 },
    issuingAuthorityLevel: ['county'],
    faceFields: [
      {
        key: 'holderName',
        label: { zh: '姓名', en: 'Name' },
        type: 'string',
        format: 'person-name',
        required: true,
        maxLength: 50,
        sensitivity: 2,
      },
      {
        key: 'idNumber',
        label: { zh: '公民身份号码', en: 'Citizen ID number' },
        type: 'string',
        format: 'citizen-id',
        required: true,
        sensitivity: 3,
      },
      { key: 'photo', label: { zh: '照片', en: 'Photo' }, type: 'image', required: false, sensitivity: 4 },
    ],
    templateId: 'resident-id-card',
  };
}

/** A catalogue with one published type (two issuers) and one draft. */
async function seed(store: Store): Promise<void> {
  await migrateToLatest(store.db);
  const ctx: AppContext = createAppContext({
    store,
    nodeId: 'cli-test',
    secrets: createSecrets(new Uint8Array(randomBytes(32))),
  });
  const by = { actor: 'system' };
  for (const code of [POLICE, MARKET]) {
    await createOrganisation(
      ctx,
      { code, name: { zh: '部门', en: 'Department' }, kind: 'department', level: 'provincial', areaCode: '650000' },
      by,
    );
  }
  await createLicenceType(ctx, typeDocument(ID_CARD, '居民身份证'), by);
  await publishLicenceType(ctx, ID_CARD, {}, by);
  await createLicenceType(ctx, typeDocument(DRAFT_TYPE, '草稿'), by);
  for (const departmentCode of [MARKET, POLICE]) {
    await setResponsibility(ctx, { departmentCode, certificateTypeCode: ID_CARD, deadline: '20261231' }, by);
  }
}

function expectCatalogue(out: string): void {
  expect(out.endsWith('\n')).toBe(true);
  const list = JSON.parse(out) as Array<Record<string, unknown>>;
  expect(list).toHaveLength(1);
  expect(list[0]).toMatchObject({
    certificateTypeCode: ID_CARD,
    name: { zh: '居民身份证', en: 'Resident identity card' },
    status: 'published',
    version: 1,
    issuers: [POLICE, MARKET],
  });
  expect(list[0]?.faceFields).toEqual([
    {
      key: 'holderName',
      label: { zh: '姓名', en: 'Name' },
      type: 'string',
      format: 'person-name',
      required: true,
      maxLength: 50,
      sensitivity: 2,
    },
    {
      key: 'idNumber',
      label: { zh: '公民身份号码', en: 'Citizen ID number' },
      type: 'string',
      format: 'citizen-id',
      required: true,
      sensitivity: 3,
    },
    { key: 'photo', label: { zh: '照片', en: 'Photo' }, type: 'image', required: false, sensitivity: 4 },
  ]);
}

describe('hutong catalogue list', () => {
  let database: TestSqliteDatabase;

  beforeEach(async () => {
    // Empty: one test needs a data directory whose store was never initialised.
    database = await createTestSqliteDatabase({ empty: true });
  });
  afterEach(async () => {
    await database.drop();
  });

  it('prints the published types with their issuers and face fields, while a server runs on the data directory', async () => {
    const store = await openStore(database.location);
    await seed(store);
    await store.close();
    const server = await startServer({
      dataDir: database.dataDir,
      port: 0,
      host: '127.0.0.1',
      webRoot: '/nonexistent',
    });
    try {
      const io = captureIo(database.dataDir);
      expect(await main(['catalogue', 'list', '--data-dir', '.'], io)).toBe(0);
      expectCatalogue(io.out);
      expect(io.err).toBe('');
    } finally {
      await server.close();
    }
  });

  it('prints an empty array for a store with no published type', async () => {
    const store = await openStore(database.location);
    await migrateToLatest(store.db);
    await store.close();
    const io = captureIo('/');
    expect(await createCatalogueList({})(['--data-dir', database.dataDir], io)).toBe(0);
    expect(io.out).toBe('[]\n');
  });

  it('says so, without creating anything, when there is no store or it was never initialised', async () => {
    const missing = join(database.dataDir, 'nothing-here');
    const io = captureIo('/');
    expect(await createCatalogueList({})(['--data-dir', missing], io)).toBe(1);
    expect(JSON.parse(io.out).error.code).toBe('ERR_CLI_NO_STORE');
    const store = await openStore(database.location);
    await store.close();
    const blank = captureIo('/');
    expect(await createCatalogueList({})(['--data-dir', database.dataDir], blank)).toBe(1);
    expect(JSON.parse(blank.out).error.code).toBe('ERR_CLI_STORE_NOT_INITIALISED');
  });

  it('refuses unknown options and positionals as usage mistakes', async () => {
    const io = captureIo('/');
    expect(await createCatalogueList({})(['--data-dir', '.', '--all'], io)).toBe(2);
    expect(await createCatalogueList({})(['types'], io)).toBe(2);
    expect(io.out).toBe('');
  });

  it('reads a PostgreSQL store named by DATABASE_URL', async () => {
    const pg = await createTestPostgresDatabase();
    try {
      const store = await openStore(pg.location);
      try {
        await seed(store);
      } finally {
        await store.close();
      }
      const io = captureIo('/');
      expect(await createCatalogueList({ DATABASE_URL: pg.url })([], io)).toBe(0);
      expectCatalogue(io.out);
    } finally {
      await pg.drop();
    }
  });
});
