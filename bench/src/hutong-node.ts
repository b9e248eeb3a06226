/**
 * A real Hutong node for the peer comparison, built through the server's own use cases (as
 * the server's test fixtures do): a department with an Ed25519 issuer key, a published
 * licence type whose face has 10 claims, one licence issued over HTTP, the log integrated.
 * Then everything an offline verifier downloads, fetched over the node's public routes:
 * the signed trust list and its anchor, the issuer's status list token, the licence's log
 * receipt. Bench-only.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  importVerificationKeyPem,
  type Licence,
  type LogReceipt,
  openStatusListToken,
  type PreparedTrustList,
  type SigningKey,
  type SuiteName,
  type UnsignedLicence,
  verifyTrustList,
} from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../packages/server/src/api/build-app.js';
import { type AppContext, createAppContext } from '../../packages/server/src/app-context.js';
import { createLicenceType } from '../../packages/server/src/catalogue/create-licence-type.js';
import { publishLicenceType } from '../../packages/server/src/catalogue/publish-licence-type.js';
import { setResponsibility } from '../../packages/server/src/catalogue/set-responsibility.js';
import { nodeCryptoProvider } from '../../packages/server/src/crypto/node-crypto-provider.js';
import { citizenId } from '../../packages/server/src/import/test-support/import-fixtures.js';
import { generateIssuerKey } from '../../packages/server/src/keys/generate-issuer-key.js';
import { getIssuerSigningKey } from '../../packages/server/src/keys/get-issuer-signing-key.js';
import { createOrganisation } from '../../packages/server/src/organisations/create-organisation.js';
import { loadSecrets } from '../../packages/server/src/secrets/secrets.js';
import { verificationThreadsFrom } from '../../packages/server/src/showing/verification-threads.js';
import { accessRecordsDurabilityFromEnv } from '../../packages/server/src/store/commit-durability.js';
import { ensureNodeId } from '../../packages/server/src/store/meta.js';
import { migrateToLatest } from '../../packages/server/src/store/migrate.js';
import { openStore, type Store, type StoreLocation } from '../../packages/server/src/store/store.js';
import { createTestSqliteDatabase } from '../../packages/server/src/test-support/databases.js';
import { createTestClient, createTestContext } from '../../packages/server/src/test-support/principals.js';

export const PUBLIC_URL = 'https://licences.bench.example.cn';
export const ISSUER_CODE = '11220000013544541J';
export const TYPE_CODE = '11100000000013338W032';
export const RELYING_PARTY_CODE = '91350100M000100Y43';
const SYSTEM = { actor: 'system' };

/** The 10 face claims every peer carries too (GB 11643's own example ID number). */
export const FACE: Readonly<Record<string, string>> = {
  holderName: '张三',
  idNumber: '11010519491231002X',
  gender: '男',
  birthDate: '1949-12-31',
  operationCategory: '建筑电工',
  certificateLevel: '初级',
  employer: '吉林省建工集团有限公司',
  employerCode: '91220000123456789X',
  trainingInstitution: '吉林省建设教育协会',
  remarks: '首次取证',
};

function faceFields(): Record<string, unknown>[] {
  return Object.keys(FACE).map((key) => ({
    key,
    label: { zh: key, en: key },
    type: 'string',
    required: true,
    maxLength: 50,
    ...(key === 'idNumber' ? { format: 'citizen-id', sensitivity: 3 } : { sensitivity: 1 }),
  }));
}

export interface HutongNode {
  readonly ctx: AppContext;
  /** The node's data directory (`<dataDir>/hutong.db`): with `servable`, `hutong serve --data-dir` serves it as it is. */
  readonly dataDir: string;
  readonly app: FastifyInstance;
  readonly store: Store;
  /** The issued licence, as the node returned it (JSON text, as a holder keeps it). */
  readonly licenceText: string;
  readonly licence: Licence;
  /**
   * Every licence issued, `licence` first: `options.licences` of them (default 1), so that a
   * benchmark can rotate over distinct documents and no per-document cache flatters it.
   */
  readonly licences: readonly Licence[];
  /** The licence without its proof: what issuance signs. */
  readonly unsigned: UnsignedLicence;
  readonly signingKey: SigningKey;
  /** The trust list, verified against the pinned anchor (as `hutong verify --anchor` does). */
  readonly trust: PreparedTrustList;
  /** The issuer's status list token, as fetched from the licence's status reference (core `openStatusListToken` checks it). */
  readonly statusListToken: string;
  readonly receipt: LogReceipt;
  /** `Authorization` header of a relying party's client with the `verify` scope (10-minute token). */
  readonly verifierAuthorization: string;
  close(): Promise<void>;
}

async function get(app: FastifyInstance, url: string): Promise<string> {
  const response = await app.inject({ url });
  if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body}`);
  return response.body;
}

/** Issuance's own bound per batch request (issuance/issue-licence-batch.ts MAX_BATCH). */
const BATCH = 1000;

/**
 * Starts the node (SQLite in a temporary directory) and issues the licence, signed with
 * `suite` (default Ed25519); `licences` > 1 issues that many in all (the others through the
 * batch route, each with its own certificate number).
 */
export async function startHutongNode(
  options: {
    readonly suite?: SuiteName;
    readonly licences?: number;
    /**
     * A node that other processes can serve from its data directory as it is (system.bench.ts's
     * `hutong serve --workers` figures): its master key in `<dataDir>/secrets/master.key` (the node's
     * sealed keys open in every process) and its node id stored (`ensureNodeId`), as a first
     * `hutong serve` makes them. Default: an ephemeral key and the fixed id `bench-node`.
     */
    readonly servable?: boolean;
    /**
     * An empty PostgreSQL database to build the node in instead of SQLite (system.bench.ts's
     * `HUTONG_BENCH_DATABASE_URL`); the data directory then holds only the master key file.
     */
    readonly databaseUrl?: string;
  } = {},
): Promise<HutongNode> {
  const database: { readonly dataDir: string; readonly location: StoreLocation; drop(): Promise<void> } =
    options.databaseUrl === undefined
      ? await createTestSqliteDatabase()
      : (() => {
          const dataDir = mkdtempSync(join(tmpdir(), 'hutong-bench-pg-'));
          return {
            dataDir,
            location: { dialect: 'postgres', url: options.databaseUrl },
            // The caller's database stays (it made it); the key file goes.
            drop: async () => rmSync(dataDir, { recursive: true, force: true }),
          };
        })();
  // As `hutong serve` does: HUTONG_ACCESS_RECORDS_DURABILITY=full measures the old contract (paired runs).
  const store = await openStore(database.location, {
    accessRecordsDurability: accessRecordsDurabilityFromEnv(process.env),
  });
  await migrateToLatest(store.db);
  const ctx =
    options.servable === true
      ? createAppContext({
          store,
          nodeId: await ensureNodeId(store.db),
          secrets: loadSecrets({ dataDir: database.dataDir, env: {} }),
        })
      : createTestContext(store, { nodeId: 'bench-node' });
  await createOrganisation(
    ctx,
    {
      code: ISSUER_CODE,
      name: { zh: '吉林省住房和城乡建设厅', en: 'Jilin housing department' },
      kind: 'department',
      level: 'provincial',
      areaCode: '220000',
    },
    SYSTEM,
  );
  await createOrganisation(
    ctx,
    {
      code: RELYING_PARTY_CODE,
      name: { zh: '某市政务服务中心', en: 'City service centre' },
      kind: 'relying-party',
      level: 'provincial',
      areaCode: '220000',
    },
    SYSTEM,
  );
  await createLicenceType(
    ctx,
    {
      certificateTypeCode: TYPE_CODE,
      name: { zh: '建筑施工特种作业人员操作资格证书', en: 'Construction special-operations qualification certificate' },
      definingAuthority: { name: '住房和城乡建设部', code: '11100000000013338W', level: 'national' },
      holderCategory: 'person',
      validity: { kind: 'period', years: 2 },
      issuingAuthorityLevel: ['provincial'],
      faceFields: faceFields(),
      templateId: 'construction-operator',
    },
    SYSTEM,
  );
  await publishLicenceType(ctx, TYPE_CODE, {}, SYSTEM);
  await setResponsibility(
    ctx,
    { departmentCode: ISSUER_CODE, certificateTypeCode: TYPE_CODE, deadline: '2030-12-31' },
    SYSTEM,
  );
  await generateIssuerKey(ctx, ISSUER_CODE, { suite: options.suite ?? 'ed25519' }, SYSTEM);
  const app = await buildApp({
    store,
    nodeId: ctx.nodeId,
    context: ctx,
    publicUrl: PUBLIC_URL,
    auth: { rateLimit: false },
    log: { integrate: false, sm2: false },
    // As `hutong serve` does for one process: unset, one thread on 2 cores or more;
    // HUTONG_VERIFY_THREADS=0 measures without them (paired runs).
    verifyThreads: verificationThreadsFrom(process.env, { cores: availableParallelism(), clusterWorker: false }),
  });
  await app.ready();
  try {
    const client = await createTestClient(ctx, {
      organisationCode: ISSUER_CODE,
      scopes: ['licence:issue'],
      licenceTypes: [TYPE_CODE],
    });
    const today = new Date().toISOString().slice(0, 10);
    const issued = await app.inject({
      method: 'POST',
      url: '/api/v1/licences',
      headers: { authorization: client.authorization },
      payload: {
        certificateTypeCode: TYPE_CODE,
        certificateNumber: '吉A042012000939',
        certificateHolderName: FACE.holderName,
        certificateHolderCode: FACE.idNumber,
        certificateHolderTypeCode: '111',
        certificateIssuedDate: today,
        certificateEffectiveDate: today,
        face: FACE,
      },
    });
    if (issued.statusCode !== 201) throw new Error(`issuance answered ${issued.statusCode}: ${issued.body}`);
    const licence = issued.json().licence as Licence;
    const licences: Licence[] = [licence];
    const wanted = options.licences ?? 1;
    while (licences.length < wanted) {
      const first = licences.length;
      // Each further licence names its own holder, as a library's licences do: a per-process
      // memory of accepted ID numbers (core identifiers/citizen-id.ts) must not see one number
      // on every verification.
      const items = Array.from({ length: Math.min(BATCH, wanted - first) }, (_, i) => {
        const holder = citizenId(first + i);
        const birthDate = `${holder.slice(6, 10)}-${holder.slice(10, 12)}-${holder.slice(12, 14)}`;
        return {
          certificateTypeCode: TYPE_CODE,
          certificateNumber: `吉A04${String(first + i).padStart(9, '0')}`,
          certificateHolderName: FACE.holderName,
          certificateHolderCode: holder,
          certificateHolderTypeCode: '111',
          certificateIssuedDate: today,
          certificateEffectiveDate: today,
          face: { ...FACE, idNumber: holder, birthDate },
        };
      });
      const batch = await app.inject({
        method: 'POST',
        url: '/api/v1/licences/batch',
        headers: { authorization: client.authorization },
        payload: { items },
      });
      const results =
        batch.statusCode === 200 ? (batch.json().results as { outcome: string; licence?: Licence }[]) : [];
      const made = results.filter((r) => r.outcome === 'issued' && r.licence !== undefined);
      if (made.length !== items.length)
        throw new Error(`batch issuance answered ${batch.statusCode}: ${batch.body.slice(0, 300)}`);
      for (const r of made) licences.push(r.licence as Licence);
    }
    const licenceText = JSON.stringify(licence);
    const { proof: _proof, ...unsigned } = licence;
    await (
      app as unknown as { transparencyLog: { integrator: { integrateNow(): Promise<unknown> } } }
    ).transparencyLog.integrator.integrateNow();

    // What an offline verifier downloads once (and caches): the anchor is pinned out of band.
    const anchor = JSON.parse(await get(app, '/api/v1/trust-list/anchor')) as { publicKeyPem: string };
    const anchorKey = await importVerificationKeyPem(anchor.publicKeyPem);
    const listDocument = JSON.parse(await get(app, '/api/v1/trust-list')) as { node: { id: string } };
    // Keys imported into node:crypto, as `hutong verify` does.
    const trust = await verifyTrustList(listDocument, [{ nodeId: listDocument.node.id, key: anchorKey }], {
      at: new Date(),
      provider: nodeCryptoProvider,
    });
    const reference = licence.statusReference;
    if (reference === undefined) throw new Error('the licence names no status list entry');
    const statusListToken = await get(app, reference.uri.slice(PUBLIC_URL.length));
    // Checked once here, so a broken token fails the setup rather than every verification.
    await openStatusListToken(statusListToken, trust.keys);
    const receipts = JSON.parse(
      await get(app, `/api/v1/log/receipts/${encodeURIComponent(licence.metadata.certificateIdentifier)}`),
    ) as { receipts: LogReceipt[] };
    const receipt = receipts.receipts[0];
    if (receipt === undefined) throw new Error('no log receipt');
    const { signingKey } = await getIssuerSigningKey(ctx, ISSUER_CODE);
    const verifier = await createTestClient(ctx, {
      organisationCode: RELYING_PARTY_CODE,
      kind: 'relying-party',
      scopes: ['verify'],
      licenceTypes: [TYPE_CODE],
    });
    return {
      ctx,
      dataDir: database.dataDir,
      app,
      store,
      licenceText,
      licence,
      licences,
      unsigned: unsigned as UnsignedLicence,
      signingKey,
      trust,
      statusListToken,
      receipt,
      verifierAuthorization: verifier.authorization,
      close: async () => {
        await app.close();
        await store.close();
        await database.drop();
      },
    };
  } catch (error) {
    await app.close();
    await store.close();
    await database.drop();
    throw error;
  }
}
