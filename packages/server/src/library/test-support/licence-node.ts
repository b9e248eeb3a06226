/**
 * Test-only: a node ready to issue, through the real use cases of the other domains — a
 * department and a relying party (organisations), a published licence type with the
 * department on its responsibility list (catalogue), the department's signing key (keys),
 * real API clients with access tokens (auth), and the app built on the same context.
 */
import { createShowCode, type Licence } from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { type BuildAppOptions, buildApp } from '../../api/build-app.js';
import type { AppContext } from '../../app-context.js';
import { createLicenceType } from '../../catalogue/create-licence-type.js';
import { publishLicenceType } from '../../catalogue/publish-licence-type.js';
import { setResponsibility } from '../../catalogue/set-responsibility.js';
import { generateIssuerKey } from '../../keys/generate-issuer-key.js';
import { createOrganisation } from '../../organisations/create-organisation.js';
import type { AccessRecordsDurability } from '../../store/commit-durability.js';
import type { TestDatabase } from '../../test-support/databases.js';
import { createTestClient, createTestContext, type TestClient } from '../../test-support/principals.js';
import { ensureNodeKey } from '../../trust/node-keys.js';
import { type LibraryTestStore, openLibraryTestStore } from './library-store.js';
import {
  ISSUER_CODE,
  OTHER_ISSUER_CODE,
  sampleInput,
  sampleType,
  sampleTypeDocument,
  TYPE_CODE,
} from './licence-fixtures.js';

export const PUBLIC_URL = 'https://licences.example.gov.cn';
export const RELYING_PARTY_CODE = '91350100M000100Y43';

export interface LicenceNode {
  readonly t: LibraryTestStore;
  readonly ctx: AppContext;
  readonly app: FastifyInstance;
  /** The department's client: issue and keep status, for the sample type. */
  readonly issuer: TestClient;
  /** A relying party allowed to read the sample type. */
  readonly reader: TestClient;
  /** Another department's client, allowed the same type (but not that department's licences). */
  readonly otherIssuer: TestClient;
  close(): Promise<void>;
}

const SYSTEM = { actor: 'system' };

export async function startLicenceNode(
  create: () => Promise<TestDatabase>,
  options: {
    readonly now?: () => Date;
    readonly suite?: 'ed25519' | 'sm2-sm3' | 'ecdsa-p256';
    /** Holder sign-in options of the app (e.g. the development provider, for `signInHolder`). */
    readonly holders?: BuildAppOptions['holders'];
    /** The store's durability of access records (default `process-kill`, store/commit-durability.ts). */
    readonly accessRecordsDurability?: AccessRecordsDurability;
  } = {},
): Promise<LicenceNode> {
  const t = await openLibraryTestStore(
    create,
    options.accessRecordsDurability === undefined ? {} : { accessRecordsDurability: options.accessRecordsDurability },
  );
  const ctx = createTestContext(t.store, options.now === undefined ? {} : { now: options.now });
  for (const [code, name, kind] of [
    [ISSUER_CODE, '吉林省住房和城乡建设厅', 'department'],
    [OTHER_ISSUER_CODE, '湖南省住房和城乡建设厅', 'department'],
    [RELYING_PARTY_CODE, '某市政务服务中心', 'relying-party'],
  ] as const) {
    await createOrganisation(
      ctx,
      {
        code,
        name: { zh: name, en: name },
        kind,
        level: 'provincial',
        areaCode: code === ISSUER_CODE ? '220000' : '430000',
      },
      SYSTEM,
    );
  }
  const { version: _v, status: _s, ...document } = sampleTypeDocument();
  await createLicenceType(ctx, document, SYSTEM);
  await publishLicenceType(ctx, TYPE_CODE, {}, SYSTEM);
  for (const departmentCode of [ISSUER_CODE, OTHER_ISSUER_CODE]) {
    await setResponsibility(
      ctx,
      { departmentCode, certificateTypeCode: TYPE_CODE, deadline: '2027-12-31', paperCount: 100 },
      SYSTEM,
    );
    await generateIssuerKey(ctx, departmentCode, { suite: options.suite ?? 'ed25519' }, SYSTEM);
  }
  const app = await buildApp({
    store: t.store,
    nodeId: ctx.nodeId,
    context: ctx,
    publicUrl: PUBLIC_URL,
    ...(options.holders === undefined ? {} : { holders: options.holders }),
  });
  const issuer = await createTestClient(ctx, {
    organisationCode: ISSUER_CODE,
    scopes: ['licence:issue', 'licence:status'],
    licenceTypes: [TYPE_CODE],
  });
  const otherIssuer = await createTestClient(ctx, {
    organisationCode: OTHER_ISSUER_CODE,
    scopes: ['licence:issue', 'licence:status'],
    licenceTypes: [TYPE_CODE],
  });
  const reader = await createTestClient(ctx, {
    organisationCode: RELYING_PARTY_CODE,
    kind: 'relying-party',
    scopes: ['licence:read'],
    licenceTypes: [TYPE_CODE],
  });
  return {
    t,
    ctx,
    app,
    issuer,
    reader,
    otherIssuer,
    close: async () => {
      await app.close();
      await t.close();
    },
  };
}

/**
 * A venue's client: a relying party allowed to verify show codes of the sample type (what
 * the verification, durability and power-cut tests scan with).
 *
 * @example const venue = await createVenueClient(nodeFixture.node.ctx);
 */
export function createVenueClient(ctx: AppContext): Promise<TestClient> {
  return createTestClient(ctx, {
    organisationCode: RELYING_PARTY_CODE,
    kind: 'relying-party',
    scopes: ['verify'],
    licenceTypes: [TYPE_CODE],
  });
}

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
export const NODE_HOOK_TIMEOUT = 120_000;

type ShowCodeInput = Parameters<typeof createShowCode>[0];

export interface LicenceNodeFixture {
  /** The node of the running file, started before its first test (`beforeAll`). */
  readonly node: LicenceNode;
  /** Issues a licence of the sample type over HTTP as the department, numbered `<prefix>-<n>`. */
  issue(): Promise<Licence>;
  /** A show code of `licence` signed with the node's showing key at the node's clock. */
  showCode(
    licence: Licence,
    options?: {
      readonly status?: ShowCodeInput['status'];
      readonly purpose?: string;
      readonly disclose?: ShowCodeInput['disclose'];
    },
  ): Promise<string>;
}

/**
 * The set-up the route tests of verification, printing, status, venues and inspections share:
 * a node for the whole file (started before its tests, closed after), licences issued through
 * the real route, show codes from the node's own showing key. Register it first in the
 * `describe`, so that the file's own `beforeAll` (its clients) runs with the node started.
 *
 * @example
 * const nodeFixture = useLicenceNode(create, { now: () => clock, numberPrefix: '吉V' });
 * it('…', async () => { const licence = await nodeFixture.issue(); … });
 */
export function useLicenceNode(
  create: () => Promise<TestDatabase>,
  options: Parameters<typeof startLicenceNode>[1] & { readonly numberPrefix: string },
): LicenceNodeFixture {
  const { numberPrefix, ...nodeOptions } = options;
  let started: LicenceNode | undefined;
  let serial = 0;
  const node = (): LicenceNode => {
    if (started === undefined) throw new Error('the node starts before the tests (beforeAll)');
    return started;
  };
  beforeAll(async () => {
    started = await startLicenceNode(create, nodeOptions);
  }, NODE_HOOK_TIMEOUT);
  afterAll(async () => {
    await started?.close();
  }, NODE_HOOK_TIMEOUT);
  return {
    get node() {
      return node();
    },
    async issue() {
      serial += 1;
      const response = await node().app.inject({
        method: 'POST',
        url: '/api/v1/licences',
        headers: { authorization: node().issuer.authorization },
        payload: sampleInput({ certificateNumber: `${numberPrefix}-${serial}` }) as never,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().licence as Licence;
    },
    async showCode(licence, codeOptions = {}) {
      const { signingKey } = await ensureNodeKey(node().ctx, 'showing');
      const made = await createShowCode(
        {
          licence,
          type: sampleType(),
          status: codeOptions.status ?? 'valid',
          purpose: codeOptions.purpose ?? 'entry',
          ...(codeOptions.disclose === undefined ? {} : { disclose: codeOptions.disclose }),
        },
        signingKey,
        { now: node().ctx.now() },
      );
      return made.text;
    },
  };
}
