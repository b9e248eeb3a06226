/**
 * The body of `POST /api/v1/licences/batch` (`BatchResponse`, docs/openapi.json) as bytes,
 * spliced from the licences' JSON texts the signing threads already made (issue 3: the main
 * thread used to stringify 1,000 licences through the response schema, ~1.5 MB, then measure
 * and encode the string again: about 15 % of its busy time in the lead's profile).
 *
 * The bytes are those Fastify's serializer (fast-json-stringify) wrote from the
 * `BatchResponse` schema (tested: issuance.routes.test.ts compares them with the schema's
 * serialisation of the parsed body): required members first, then the optional ones, each
 * group in the schema's order, absent optional members left out; metadata and face passed
 * through in their own order. For a licence that is format, metadata, face, proof, then the
 * optional statusReference ({@link licenceAnswerText}); a licence without a thread-made text
 * (a retry's `existing`, a small batch signed on the main thread) gets its text here.
 */
import type { Language, Licence } from '@hutong/core';
import { localizeEveryProblem } from '../request-problems.js';
import type { BatchItemOutcome } from './issue-licence-batch.js';

/**
 * The answer's bytes (UTF-8 JSON) for the batch's per-item outcomes, in input order.
 *
 * @example reply.type('application/json; charset=utf-8').send(batchResponseBytes(items, 'zh-CN'));
 */
export function batchResponseBytes(items: readonly BatchItemOutcome[], language: Language): Buffer {
  let issued = 0;
  let existing = 0;
  let rejected = 0;
  for (const item of items) {
    if (item.outcome === 'issued') issued += 1;
    else if (item.outcome === 'existing') existing += 1;
    else rejected += 1;
  }
  const parts: Uint8Array[] = [
    Buffer.from(`{"issued":${issued},"existing":${existing},"rejected":${rejected},"results":[`, 'utf8'),
  ];
  for (const [k, item] of items.entries()) {
    const comma = k === 0 ? '' : ',';
    if (item.outcome === 'rejected') {
      const error = item.error;
      const issues = localizeEveryProblem(error, language);
      // ItemError's members as the serializer orders them (required code and message, then the
      // optional field and issues); JSON.stringify leaves out the undefined ones.
      const body = {
        code: error.code,
        message: error.localize(language),
        field: error.field,
        issues: issues?.map(({ field, code, message }) => ({ field, code, message })),
      };
      parts.push(
        Buffer.from(`${comma}{"index":${item.index},"outcome":"rejected","error":${JSON.stringify(body)}}`, 'utf8'),
      );
      continue;
    }
    const identifier = JSON.stringify(item.licence.metadata.certificateIdentifier);
    parts.push(
      Buffer.from(
        `${comma}{"index":${item.index},"outcome":"${item.outcome}","identifier":${identifier},"licence":`,
        'utf8',
      ),
    );
    parts.push(item.answerText ?? Buffer.from(licenceAnswerText(item.licence), 'utf8'));
    parts.push(CLOSE_ITEM);
  }
  parts.push(CLOSE_BODY);
  return Buffer.concat(parts);
}

const CLOSE_ITEM = Buffer.from('}', 'utf8');
const CLOSE_BODY = Buffer.from(']}', 'utf8');

/**
 * A licence's JSON text as the `LicenceDocument` schema serialises it: `JSON.stringify`'s
 * text (`text`, when the caller has it: the store packs it) with the optional
 * `statusReference` moved after the required `proof` (fast-json-stringify writes required
 * members first). Signing threads call it for the batch answer, so the main thread only
 * splices bytes.
 *
 * @example licenceAnswerText(licence) // '{"format":"hutong-licence/1","metadata":{…},"face":{…},"proof":{…},"statusReference":{…}}'
 */
export function licenceAnswerText(licence: Licence, text = JSON.stringify(licence)): string {
  if (licence.statusReference === undefined) return text;
  const proof = `,"proof":${JSON.stringify(licence.proof)}`;
  const statusReference = `,"statusReference":${JSON.stringify(licence.statusReference)}`;
  // JSON.stringify keeps the members in creation order: core makes statusReference, then proof, last.
  const tail = `${statusReference}${proof}}`;
  if (text.endsWith(tail)) return `${text.slice(0, text.length - tail.length)}${proof}${statusReference}}`;
  const { format, metadata, face, proof: p, statusReference: r, ...rest } = licence;
  return JSON.stringify({ format, metadata, face, ...rest, proof: p, statusReference: r });
}
