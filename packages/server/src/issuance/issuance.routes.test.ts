import {
  exportSpkiPem,
  formatLicenceId,
  generateSigningKey,
  type Licence,
  parseLicence,
  parseLogEntry,
  parseVerificationMethod,
  signLicence,
  verifyLicenceSignature,
} from '@hutong/core';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDetailsOf } from '../audit/append-audit.js';
import { chunkAuditMembers } from '../audit/append-chunk-audit.js';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { registerExternalKey } from '../keys/register-external-key.js';
import { resolveVerificationKey } from '../keys/resolve-verification-key.js';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import {
  CITIZEN_ID,
  ISSUER_CODE,
  OTHER_ISSUER_CODE,
  sampleInput,
  TYPE_CODE,
} from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, PUBLIC_URL, startLicenceNode } from '../library/test-support/licence-node.js';
import { buildLogEntry } from '../log/log-entry.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import { unpackJson } from '../store/packed-json.js';
import { createTestStaff } from '../test-support/principals.js';
import { batchSigningPoolRunning, POOL_SIGNING_THRESHOLD } from './batch-signing-pool.js';
import { BatchResponse } from './issuance.schema.js';
import { ISSUANCE_CHUNK, pipelineChunkSizes } from './issue-prepared-licences.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

const NOW = new Date('2026-11-29T04:00:00Z');

describe.each(TEST_DATABASES)('issuance over HTTP on $dialect', ({ create }) => {
  // One node per engine (setting one up registers organisations, a type, keys and clients);
  // every test uses its own numbers and keys and measures what it changed.
  let node: LicenceNode;
  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => NOW });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node.close();
  }, HOOK_TIMEOUT);

  async function counts() {
    const db = node.t.store.db;
    const n = async (
      table:
        | 'licences'
        | 'licence_status_events'
        | 'audit_records'
        | 'audit_licences'
        | 'idempotency_records'
        | 'status_lists',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      licences: await n('licences'),
      events: await n('licence_status_events'),
      audit: await n('audit_records'),
      auditLicences: await n('audit_licences'),
      idempotency: await n('idempotency_records'),
      lists: await n('status_lists'),
    };
  }

  function post(payload: unknown, headers: Record<string, string> = {}, url = '/api/v1/licences') {
    return node.app.inject({
      method: 'POST',
      url,
      headers: { authorization: node.issuer.authorization, 'accept-language': 'en', ...headers },
      payload: payload as Record<string, unknown>,
    });
  }

  it('issues a licence signed with the issuer’s key, its status entry on this node', async () => {
    const before = await counts();
    const response = await post(sampleInput());
    expect(response.statusCode).toBe(201);
    const body = response.json() as { identifier: string; outcome: string; licence: Licence };
    expect(body.outcome).toBe('issued');
    expect(response.headers.location).toBe(`/api/v1/licences/${body.identifier}`);
    const licence = parseLicence(body.licence);
    expect(licence.metadata.certificateIdentifier).toBe(body.identifier);
    expect(licence.metadata.certificateIssuingAuthorityName).toBe('吉林省住房和城乡建设厅');
    expect(licence.statusReference?.uri).toBe(`${PUBLIC_URL}/api/v1/status-lists/${ISSUER_CODE}/1`);
    const { keyId } = parseVerificationMethod(licence.proof.verificationMethod);
    const { key } = await resolveVerificationKey(node.ctx, ISSUER_CODE, keyId);
    expect(await verifyLicenceSignature(licence, key)).toBe(true);
    const after = await counts();
    expect([after.licences - before.licences, after.events - before.events]).toEqual([1, 1]);
  });

  it('answers a retried Idempotency-Key with the same licence, and refuses it with another body', async () => {
    const first = await post(sampleInput(), { 'idempotency-key': 'dept-req-0001' });
    const again = await post(sampleInput(), { 'idempotency-key': 'dept-req-0001' });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().identifier).toBe(first.json().identifier);
    expect(again.json().outcome).toBe('existing');
    const before = await counts();
    const conflict = await post(sampleInput({ certificateNumber: 'OTHER' }), { 'idempotency-key': 'dept-req-0001' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.headers['content-type']).toContain('application/problem+json');
    expect(conflict.json()).toMatchObject({ code: 'ERR_ISSUANCE_IDEMPOTENCY_CONFLICT', field: 'Idempotency-Key' });
    expect(await counts()).toEqual(before);
  });

  it('lets a department operator issue for their own department only (the agency console), CSRF token required', async () => {
    const asStaff = (payload: unknown, headers: Record<string, string>) =>
      node.app.inject({
        method: 'POST',
        url: '/api/v1/licences',
        headers: { 'accept-language': 'en', ...headers },
        payload: payload as Record<string, unknown>,
      });
    const operator = await createTestStaff(node.ctx, { roles: ['department-operator'], organisationCode: ISSUER_CODE });
    const before = await counts();
    const input = sampleInput({ certificateNumber: '吉A042012000951' });
    const issued = await asStaff(input, operator.headers);
    expect(issued.statusCode, issued.body).toBe(201);
    const body = issued.json() as { identifier: string; licence: Licence };
    expect(body.licence.metadata.certificateIssuingAuthorityCode).toBe(ISSUER_CODE);
    const audit = await node.t.store.db
      .selectFrom('audit_records')
      .select('actor')
      .orderBy('seq', 'desc')
      .limit(20)
      .execute();
    expect(audit.map((row) => row.actor)).toContain(`staff:${operator.userId}`);
    expect((await counts()).licences).toBe(before.licences + 1);

    // Another department's operator may not issue in this department's name, nor by default.
    const stranger = await createTestStaff(node.ctx, {
      roles: ['department-operator'],
      organisationCode: OTHER_ISSUER_CODE,
    });
    const named = await asStaff(
      { ...sampleInput({ certificateNumber: '吉A042012000952' }), certificateIssuingAuthorityCode: ISSUER_CODE },
      stranger.headers,
    );
    expect([named.statusCode, named.json().code, named.json().field]).toEqual([
      403,
      'ERR_AUTH_ISSUER_FORBIDDEN',
      'issuerCode',
    ]);
    // Without the CSRF token the session cookie alone does not issue.
    const forged = await asStaff(sampleInput({ certificateNumber: '吉A042012000953' }), { cookie: operator.cookie });
    expect(forged.statusCode).toBe(403);
    expect((await counts()).licences).toBe(before.licences + 1);
  });

  it('answers a retried sourceKey with the same licence', async () => {
    const first = await post(sampleInput({ sourceKey: 'DEPT-42' }));
    const again = await post(sampleInput({ sourceKey: 'DEPT-42' }));
    expect(again.json().identifier).toBe(first.json().identifier);
    const conflict = await post(sampleInput({ sourceKey: 'DEPT-42', certificateHolderName: '王五' }));
    expect([conflict.statusCode, conflict.json().code, conflict.json().field]).toEqual([
      409,
      'ERR_ISSUANCE_IDEMPOTENCY_CONFLICT',
      'sourceKey',
    ]);
  });

  const refusals: Array<
    [string, () => Promise<{ statusCode: number; json(): Record<string, unknown> }>, number, string, string | undefined]
  > = [
    [
      'no credentials',
      () => node.app.inject({ method: 'POST', url: '/api/v1/licences', payload: sampleInput() as never }),
      401,
      '',
      undefined,
    ],
    ['a relying party', () => post(sampleInput(), { authorization: node.reader.authorization }), 403, '', undefined],
    [
      'malformed JSON',
      () => post('{"certificateTypeCode": ', { 'content-type': 'application/json' }),
      400,
      'ERR_API_BAD_REQUEST',
      undefined,
    ],
    ['a wrong type', () => post(sampleInput({ face: 'not an object' })), 400, 'ERR_API_BAD_REQUEST', undefined],
    ['an unknown field', () => post({ ...sampleInput(), colour: 'red' }), 400, 'ERR_API_BAD_REQUEST', undefined],
    [
      'an oversized body',
      () => post(sampleInput({ face: { holderName: 'x'.repeat(1_100_000) } })),
      413,
      'ERR_API_BODY_TOO_LARGE',
      undefined,
    ],
    [
      'a wrong check digit',
      () => post(sampleInput({ certificateHolderCode: '110105194912310021' })),
      422,
      'ERR_CITIZEN_ID_CHECK',
      'certificateHolderCode',
    ],
    [
      'dates out of order',
      () => post(sampleInput({ certificateExpiringDate: '2025-01-01' })),
      422,
      'ERR_ISSUANCE_DATE_ORDER',
      'certificateExpiringDate',
    ],
    [
      'a type the client may not issue',
      () => post(sampleInput({ certificateTypeCode: '11100000000013338W011' })),
      403,
      'ERR_AUTH_TYPE_FORBIDDEN',
      'typeCode',
    ],
    [
      'another department’s licence',
      () => post(sampleInput({ certificateIssuingAuthorityCode: OTHER_ISSUER_CODE })),
      403,
      'ERR_AUTH_ISSUER_FORBIDDEN',
      'issuerCode',
    ],
    [
      'a bad face',
      () => post(sampleInput({ face: { holderName: '张三' } })),
      422,
      'ERR_CATALOGUE_FACE_INVALID',
      undefined,
    ],
    [
      'a malformed Idempotency-Key',
      () => post(sampleInput(), { 'idempotency-key': 'has space' }),
      400,
      'ERR_ISSUANCE_IDEMPOTENCY_KEY',
      'Idempotency-Key',
    ],
  ];

  it.each(refusals)('refuses %s precisely and writes nothing', async (_name, send, status, code, field) => {
    const before = await counts();
    const response = await send();
    expect(response.statusCode).toBe(status);
    const problem = response.json();
    if (code !== '') expect(problem.code).toBe(code);
    if (field !== undefined) expect(problem.field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('names every face field at fault in the problem, each with its code, in the caller’s language', async () => {
    const before = await counts();
    const bad = sampleInput({ face: { holderName: '张三', operationCategory: '建筑电工'.repeat(6) } });
    const english = (await post(bad)).json();
    expect([english.code, english.status]).toEqual(['ERR_CATALOGUE_FACE_INVALID', 422]);
    expect(english.issues.map((i: { field: string; code: string }) => [i.field, i.code])).toEqual([
      ['idNumber', 'ERR_CATALOGUE_FACE_REQUIRED'],
      ['operationCategory', 'ERR_CATALOGUE_FACE_TOO_LONG'],
    ]);
    const chinese = (await post(bad, { 'accept-language': 'zh-CN' })).json();
    expect(chinese.issues.map((i: { field: string }) => i.field)).toEqual(['idNumber', 'operationCategory']);
    expect(chinese.issues[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(chinese.issues[0].message).not.toBe(english.issues[0].message);
    // One field at fault, or a refusal of another kind: no issues list beside `field`.
    expect((await post(sampleInput({ certificateExpiringDate: '2025-01-01' }))).json().issues).toBeUndefined();
    expect(await counts()).toEqual(before);
  });

  it('names every problem of a request at once, holder code and dates with the face; the first stays the problem’s code', async () => {
    const before = await counts();
    const bad = sampleInput({
      certificateHolderCode: '110105194912310021',
      certificateIssuedDate: '2019-02-30',
      face: { holderName: '张三', operationCategory: '建筑电工'.repeat(6) },
    });
    const problem = (await post(bad)).json();
    expect([problem.code, problem.field, problem.status]).toEqual([
      'ERR_CITIZEN_ID_CHECK',
      'certificateHolderCode',
      422,
    ]);
    const every = [
      ['certificateHolderCode', 'ERR_CITIZEN_ID_CHECK'],
      ['certificateIssuedDate', 'ERR_ISSUANCE_DATE'],
      ['idNumber', 'ERR_CATALOGUE_FACE_REQUIRED'],
      ['operationCategory', 'ERR_CATALOGUE_FACE_TOO_LONG'],
    ];
    expect(problem.issues.map((i: { field: string; code: string }) => [i.field, i.code])).toEqual(every);
    const chinese = (await post(bad, { 'accept-language': 'zh-CN' })).json();
    expect(chinese.issues[1].message).toMatch(/[\u4e00-\u9fff]/);
    // Effective after expiring, beside a face problem: both named.
    const order = (
      await post(
        sampleInput({
          certificateExpiringDate: '2000-01-01',
          face: { holderName: '张三', operationCategory: '建筑电工' },
        }),
      )
    ).json();
    expect(order.issues.map((i: { field: string }) => i.field)).toEqual(['certificateExpiringDate', 'idNumber']);
    // The same in a batch item.
    const batch = (await post({ items: [bad] }, {}, '/api/v1/licences/batch')).json() as {
      results: Array<{ error?: { code: string; issues?: Array<{ field: string; code: string }> } }>;
    };
    expect(batch.results[0]?.error?.code).toBe('ERR_CITIZEN_ID_CHECK');
    expect(batch.results[0]?.error?.issues?.map((i) => [i.field, i.code])).toEqual(every);
    expect(await counts()).toEqual(before);
  });

  it('issues a batch, each item all-or-nothing with its own result', async () => {
    const before = await counts();
    const response = await post(
      {
        items: [
          sampleInput({ certificateNumber: 'B-1' }),
          sampleInput({ certificateHolderCode: '110105194912310021' }),
          sampleInput({ certificateNumber: 'B-3', face: { holderName: '张三' } }),
          sampleInput({ certificateNumber: 'B-4', sourceKey: 'S-4' }),
        ],
      },
      {},
      '/api/v1/licences/batch',
    );
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      issued: number;
      rejected: number;
      results: Array<{ index: number; outcome: string; error?: { code: string; field?: string; issues?: unknown[] } }>;
    };
    expect([body.issued, body.rejected]).toEqual([2, 2]);
    expect(body.results.map((r) => [r.index, r.outcome, r.error?.code])).toEqual([
      [0, 'issued', undefined],
      [1, 'rejected', 'ERR_CITIZEN_ID_CHECK'],
      [2, 'rejected', 'ERR_CATALOGUE_FACE_INVALID'],
      [3, 'issued', undefined],
    ]);
    expect(body.results[2]?.error?.issues).toHaveLength(2);
    expect((await counts()).licences - before.licences).toBe(2);
  });

  it(
    'signs a large batch on the signing threads: every licence verifies with the issuer’s key, each has its side records',
    async () => {
      const before = await counts();
      const size = POOL_SIGNING_THRESHOLD + 8;
      const items = Array.from({ length: size }, (_, i) => sampleInput({ certificateNumber: `POOL-${i}` }));
      const response = await post({ items }, {}, '/api/v1/licences/batch');
      expect(response.statusCode).toBe(200);
      expect(batchSigningPoolRunning()).toBe(true);
      const body = response.json() as { issued: number; results: Array<{ outcome: string; licence: Licence }> };
      expect(body.issued).toBe(size);
      for (const result of body.results) {
        const licence = parseLicence(result.licence);
        const { keyId } = parseVerificationMethod(licence.proof.verificationMethod);
        const { key } = await resolveVerificationKey(node.ctx, ISSUER_CODE, keyId);
        expect(await verifyLicenceSignature(licence, key)).toBe(true);
      }
      const after = await counts();
      // One audit record per committed chunk, listing its licences (write-path-budget.md, proposal 1).
      expect([
        after.licences - before.licences,
        after.events - before.events,
        after.audit - before.audit,
        after.auditLicences - before.auditLicences,
      ]).toEqual([size, size, pipelineChunkSizes(size).length, size]);
      // Each licence has its side records: the audit chain recomputes, and each log entry is, to
      // the byte, buildLogEntry's for its licence's event in its (chunk's) audit record, with its
      // stored salt.
      expect(await verifyAuditChain(node.t.store.db)).toMatchObject({ ok: true });
      const db = node.t.store.db;
      const entries = await db
        .selectFrom('log_entries')
        .innerJoin('log_entry_salts', 'log_entry_salts.idx', 'log_entries.idx')
        .select(['log_entries.idx', 'log_entries.entry', 'log_entries.leaf_hash', 'log_entry_salts.salt'])
        .orderBy('log_entries.idx', 'desc')
        .limit(size)
        .execute();
      const issued = new Set<string>(body.results.map((r) => r.licence.metadata.certificateIdentifier));
      let checked = 0;
      for (const row of entries) {
        const entry = unpackJson(row.entry);
        const parsed = parseLogEntry(entry);
        if (parsed.target === undefined || !issued.has(parsed.target)) continue;
        const audit = await db
          .selectFrom('audit_records')
          .selectAll()
          .where('seq', '=', parsed.audit ?? -1)
          .executeTakeFirstOrThrow();
        const details = auditDetailsOf(audit.packed_details);
        const member = chunkAuditMembers(details)?.find((m) => m.identifier === parsed.target);
        expect(audit.target ?? member?.identifier).toBe(parsed.target);
        const event = {
          type: 'licence.issued' as const,
          actor: audit.actor,
          ...(audit.request_id === null ? {} : { requestId: audit.request_id }),
          target: parsed.target,
          details: member?.details ?? details,
          at: audit.at,
        };
        const rebuilt = buildLogEntry(event, Number(audit.seq), row.salt, nodeHashProvider);
        expect(Buffer.from(rebuilt.entry).toString('utf8')).toBe(Buffer.from(entry).toString('utf8'));
        expect(Buffer.from(rebuilt.leafHash).equals(Buffer.from(row.leaf_hash))).toBe(true);
        checked += 1;
      }
      expect(checked).toBe(size);
      // Starting the threads (from TypeScript sources in tests) takes seconds on a loaded machine.
    },
    HOOK_TIMEOUT,
  );

  it(
    'answers a batch with the bytes the BatchResponse schema serialises: thread-made texts, retries and refusals alike',
    async () => {
      // Signed on the threads (over the threshold), refusals with and without issues, a face
      // with a number and a boolean-free text of CJK characters, then the same batch again
      // (every licence `existing`, stringified on the main thread).
      const size = POOL_SIGNING_THRESHOLD + 4;
      const items = Array.from({ length: size }, (_, i) =>
        i === 3
          ? sampleInput({ certificateHolderCode: '110105194912310021' })
          : i === 5
            ? sampleInput({ certificateNumber: `BYTES-${i}`, face: { holderName: '张三' } })
            : sampleInput({ certificateNumber: `BYTES-${i}`, sourceKey: `BYTES-${i}` }),
      );
      const serializer = Fastify();
      serializer.post('/', { schema: { response: { 200: BatchResponse } } }, async (request) => request.body);
      await serializer.ready();
      try {
        for (const attempt of ['first', 'retry']) {
          const response = await post({ items }, { 'accept-language': 'zh-CN' }, '/api/v1/licences/batch');
          expect(response.statusCode).toBe(200);
          const body = response.json() as { issued: number; existing: number; rejected: number };
          expect([body.issued, body.existing, body.rejected]).toEqual(
            attempt === 'first' ? [size - 2, 0, 2] : [0, size - 2, 2],
          );
          // What Fastify's schema serializer (fast-json-stringify) writes for the same answer.
          const reserialised = await serializer.inject({
            method: 'POST',
            url: '/',
            headers: { 'content-type': 'application/json' },
            payload: response.body,
          });
          expect(reserialised.statusCode).toBe(200);
          // Where the two first differ, with some context (the bodies are ~50 KB).
          let at = 0;
          while (at < response.body.length && response.body[at] === reserialised.body[at]) at += 1;
          expect(response.body.slice(Math.max(0, at - 80), at + 80)).toBe(
            reserialised.body.slice(Math.max(0, at - 80), at + 80),
          );
          expect(response.body.length).toBe(reserialised.body.length);
          expect(response.headers['content-type']).toBe(reserialised.headers['content-type']);
          expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
        }
      } finally {
        await serializer.close();
      }
    },
    HOOK_TIMEOUT,
  );

  it(
    'issues a batch of more than one chunk, checked and numbered in two parts, as one: refusals and a repeated sourceKey in both, then its retry',
    async () => {
      // The first ISSUANCE_CHUNK inputs are checked and numbered before the others
      // (issueInputs): the outcomes, their order and the serials must not show it.
      const size = ISSUANCE_CHUNK + 40;
      const refused = new Set([3, ISSUANCE_CHUNK - 1, ISSUANCE_CHUNK, size - 5]);
      const items = Array.from({ length: size }, (_, i) =>
        refused.has(i)
          ? sampleInput({ certificateNumber: `TWO-${i}`, certificateHolderCode: '110105194912310021' })
          : // Item size - 2 repeats item 10 (same sourceKey, same request): its licence, not a second one.
            sampleInput({
              certificateNumber: `TWO-${i === size - 2 ? 10 : i}`,
              sourceKey: `TWO-${i === size - 2 ? 10 : i}`,
            }),
      );
      const before = await counts();
      const first = await post({ items }, { 'idempotency-key': 'two-parts' }, '/api/v1/licences/batch');
      expect(first.statusCode).toBe(200);
      type Body = {
        issued: number;
        existing: number;
        rejected: number;
        results: Array<{ index: number; outcome: string; identifier?: string; error?: { code: string } }>;
      };
      const body = first.json() as Body;
      expect([body.issued, body.existing, body.rejected]).toEqual([size - refused.size - 1, 1, refused.size]);
      expect(body.results.map((r) => r.index)).toEqual(items.map((_, i) => i));
      for (const r of body.results) {
        if (refused.has(r.index)) expect([r.outcome, r.error?.code]).toEqual(['rejected', 'ERR_CITIZEN_ID_CHECK']);
        else expect(r.outcome).toBe(r.index === size - 2 ? 'existing' : 'issued');
      }
      expect(body.results[size - 2]?.identifier).toBe(body.results[10]?.identifier);
      const identifiers = body.results.filter((r) => r.outcome === 'issued').map((r) => r.identifier);
      expect(new Set(identifiers).size).toBe(size - refused.size - 1);
      expect((await counts()).licences - before.licences).toBe(size - refused.size - 1);

      const again = (
        await post({ items }, { 'idempotency-key': 'two-parts' }, '/api/v1/licences/batch')
      ).json() as Body;
      expect([again.issued, again.existing, again.rejected]).toEqual([0, size - refused.size, refused.size]);
      expect(again.results.map((r) => r.identifier)).toEqual(body.results.map((r) => r.identifier));
      expect((await counts()).licences - before.licences).toBe(size - refused.size - 1);
    },
    HOOK_TIMEOUT,
  );

  it('retries a batch under its Idempotency-Key without issuing anything twice', async () => {
    const before = await counts();
    const items = [sampleInput({ certificateNumber: 'R-1' }), sampleInput({ certificateNumber: 'R-2' })];
    const first = await post({ items }, { 'idempotency-key': 'batch-7' }, '/api/v1/licences/batch');
    const again = await post({ items }, { 'idempotency-key': 'batch-7' }, '/api/v1/licences/batch');
    expect(first.json().issued).toBe(2);
    expect(again.json().existing).toBe(2);
    expect(again.json().results.map((r: { identifier: string }) => r.identifier)).toEqual(
      first.json().results.map((r: { identifier: string }) => r.identifier),
    );
    const conflict = await post({ items: [items[0]] }, { 'idempotency-key': 'batch-7' }, '/api/v1/licences/batch');
    expect([conflict.statusCode, conflict.json().code]).toEqual([409, 'ERR_ISSUANCE_IDEMPOTENCY_CONFLICT']);
    expect((await counts()).licences - before.licences).toBe(2);
  });

  it('refuses empty and oversized batches', async () => {
    const before = await counts();
    const empty = await post({ items: [] }, {}, '/api/v1/licences/batch');
    expect([empty.statusCode, empty.json().code]).toEqual([400, 'ERR_ISSUANCE_BATCH_SIZE']);
    const tooMany = await post(
      { items: Array.from({ length: 1001 }, () => sampleInput()) },
      {},
      '/api/v1/licences/batch',
    );
    expect([tooMany.statusCode, tooMany.json().code]).toEqual([400, 'ERR_ISSUANCE_BATCH_SIZE']);
    expect(await counts()).toEqual(before);
  });

  it('allocates serials without collision under concurrent requests', async () => {
    const responses = await Promise.all(
      Array.from({ length: 16 }, (_, i) => post(sampleInput({ certificateNumber: `C-${i}` }))),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(16).fill(201));
    expect(new Set(responses.map((r) => r.json().identifier)).size).toBe(16);
  });

  describe('aggregation', () => {
    /** A department-signed licence under a fresh external key; `serial` keeps tests apart. */
    async function departmentSigned(serial: string, overrides: Record<string, unknown> = {}, created = NOW) {
      const key = await generateSigningKey('sm2-sm3');
      await registerExternalKey(
        node.ctx,
        ISSUER_CODE,
        { publicKeyPem: exportSpkiPem(key.publicKey), validFrom: '2026-01-01T00:00:00Z' },
        { actor: 'system' },
      );
      const unsigned = {
        format: 'hutong-licence/1' as const,
        metadata: {
          certificateIdentifier: formatLicenceId({
            typeCode: TYPE_CODE,
            issuerCode: ISSUER_CODE,
            serial,
            version: '001',
          }),
          certificateName: '建筑施工特种作业人员操作资格证书',
          certificateTypeCode: TYPE_CODE,
          certificateNumber: '吉A042012000939',
          certificateVersion: '001',
          certificateIssuingAuthorityName: '吉林省住房和城乡建设厅',
          certificateIssuingAuthorityCode: ISSUER_CODE,
          certificateIssuedDate: '20260108',
          certificateHolderName: '张三',
          certificateHolderCode: CITIZEN_ID,
          certificateHolderTypeCode: '111',
          certificateEffectiveDate: '20260108',
          certificateExpiringDate: '20280108',
          certificateAreaCode: '220000',
          ...overrides,
        },
        face: { holderName: '张三', idNumber: CITIZEN_ID, operationCategory: '建筑电工' },
      };
      return signLicence(unsigned as never, key, { created });
    }

    it('takes in a department-signed licence after verifying it, once', async () => {
      const licence = await departmentSigned('D0000001');
      const first = await post(licence, {}, '/api/v1/licences/aggregate');
      expect(first.statusCode).toBe(201);
      expect(first.json().licence).toEqual(JSON.parse(JSON.stringify(licence)));
      const again = await post(licence, {}, '/api/v1/licences/aggregate');
      expect([again.statusCode, again.json().outcome]).toEqual([200, 'existing']);
      const row = await node.t.store.db
        .selectFrom('licences')
        .select(['origin', 'status'])
        .where('identifier', '=', licence.metadata.certificateIdentifier)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ origin: 'aggregated', status: 'valid' });
    });

    it('refuses a tampered licence, an unknown key, a proof outside the key’s validity', async () => {
      const before = await counts();
      const licence = await departmentSigned('D0000002');
      const tampered = { ...licence, face: { ...licence.face, operationCategory: '建筑架子工' } };
      const bad = await post(tampered, {}, '/api/v1/licences/aggregate');
      expect([bad.statusCode, bad.json().code]).toEqual([422, 'ERR_ISSUANCE_SIGNATURE_INVALID']);
      const early = await departmentSigned('D0000003', {}, new Date('2025-06-01T00:00:00Z'));
      const tooEarly = await post(early, {}, '/api/v1/licences/aggregate');
      expect([tooEarly.statusCode, tooEarly.json().code]).toEqual([422, 'ERR_ISSUANCE_KEY_NOT_VALID']);
      const stranger = await signLicence(
        { format: licence.format, metadata: licence.metadata, face: licence.face },
        await generateSigningKey('ed25519'),
        { created: NOW },
      );
      const unknown = await post(stranger, {}, '/api/v1/licences/aggregate');
      expect(unknown.json().code).toBe('ERR_KEYS_NOT_FOUND');
      const malformed = await post({ ...licence, extra: 1 }, {}, '/api/v1/licences/aggregate');
      expect([malformed.statusCode, malformed.json().code]).toEqual([422, 'ERR_LICENCE_MEMBER_UNKNOWN']);
      expect((await counts()).licences).toBe(before.licences);
    });
  });
});
