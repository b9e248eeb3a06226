/**
 * Packed JSON (store/packed-json.ts): every licence the library writes is packed once (on a
 * signing thread or the writer) with its log entry and audit details, and every read of a
 * licence (online verification, the library's queries, the holder's pages) unpacks one. No
 * issue target of its own; the row shows the reused inflater against a fresh zlib stream per
 * value (Node's own inflateRawSync with the same dictionary), on the same signed licence
 * document, same run; the texts are checked equal before timing. (No packing row: a reused
 * deflater's bytes may differ from deflateRawSync's after its first value, see packed-json.ts,
 * so the two sides cannot be checked equal byte for byte.)
 */
import { parseLicence } from '@hutong/core';
import type { BenchFile } from '../../../../scripts/bench/types.js';
import { sampleLicenceJson } from '../../../core/src/licence/test-support/sample-licence.js';
import { packJson, unpackJsonFresh, unpackJsonText } from './packed-json.js';

export default function bench(): BenchFile {
  const licence = parseLicence({
    ...sampleLicenceJson(),
    proof: {
      suite: 'ed25519',
      verificationMethod: '11220000013544541J#NzbLsXh8uDCcd7MNwrnk5ttW2rkpMP4kJr43lcVTkvs',
      created: '2026-11-29T12:00:00Z',
      signatureValue: Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) & 255)).toString('base64url'),
    },
  });
  const text = JSON.stringify(licence);
  const bytes = Buffer.from(text, 'utf8');
  const packed = packJson('licence-document', text);
  const sizes = `${bytes.length.toLocaleString('en')} → ${packed.length} bytes`;
  return {
    title: 'Packed JSON (DEFLATE with a preset dictionary)',
    issue: 'issue 3',
    workloads: [
      {
        name: `unpack a licence document to text (${sizes})`,
        subject: { label: 'unpackJsonText (reused inflater)', fn: () => unpackJsonText(packed) },
        baseline: {
          label: 'inflateRawSync per value, then UTF-8 decode',
          fn: () => Buffer.from(unpackJsonFresh(packed)).toString('utf8'),
        },
        expect: text,
      },
    ],
  };
}
