/**
 * RFC 8785 canonicalisation, the step every signature, document digest, log entry and audit
 * record of a licence passes through (issue 3: a batch of 1,000 licences canonicalises each
 * licence at least twice on the signing threads, and its log entry and audit record on the
 * writer thread). No issue target of its own: these rows show what the shared step costs.
 *
 * - `canonicalize` (the fast path for plain JSON, the exact walk for anything else) against
 *   the exact walk alone on the same signed licence: the fast path's speed-up, same run, same
 *   input, same output (checked once before timing);
 * - `canonicalize` against `JSON.stringify` of the same licence: how far the canonical form is
 *   from the engine's own (non-canonical: insertion order) serialisation, the floor of any JS
 *   serialiser;
 * - `canonicalBytes` (canonical text then UTF-8) against `TextEncoder.encode(JSON.stringify(…))`.
 */
import type { BenchFile } from '../../../../scripts/bench/types.js';
import { parseLicence } from '../licence/parse-licence.js';
import { sampleLicenceJson } from '../licence/test-support/sample-licence.js';
import { canonicalBytes, canonicalize, canonicalizeExact } from './canonicalize.js';

export default function bench(): BenchFile {
  // A signed licence as the library holds it (the proof is well-formed, not a real signature:
  // canonicalisation never looks at it).
  const licence = parseLicence({
    ...sampleLicenceJson(),
    proof: {
      suite: 'ed25519',
      verificationMethod: '11220000013544541J#NzbLsXh8uDCcd7MNwrnk5ttW2rkpMP4kJr43lcVTkvs',
      created: '2026-11-29T12:00:00Z',
      signatureValue: 'A'.repeat(86),
    },
  });
  const text = canonicalizeExact(licence);
  const encoder = new TextEncoder();
  const size = `${text.length.toLocaleString('en')} characters`;
  return {
    title: 'RFC 8785 canonicalisation',
    issue: 'issue 3',
    workloads: [
      {
        name: `canonicalize, signed licence (${size}): fast path vs exact walk`,
        subject: { label: 'canonicalize (fast path)', fn: () => canonicalize(licence) },
        baseline: { label: 'the exact walk alone (canonicalizeExact)', fn: () => canonicalizeExact(licence) },
        expect: text,
      },
      {
        name: `canonicalize, signed licence (${size}) vs JSON.stringify`,
        subject: { label: 'canonicalize', fn: () => canonicalize(licence).length },
        baseline: {
          label: 'JSON.stringify (insertion order, not canonical)',
          fn: () => JSON.stringify(licence).length,
        },
        expect: text.length,
        note: 'Same length because this licence needs no escaping; the texts differ in member order only.',
      },
      {
        name: `canonicalBytes, signed licence (${size}) vs TextEncoder over JSON.stringify`,
        subject: { label: 'canonicalBytes', fn: () => canonicalBytes(licence).length },
        baseline: {
          label: 'TextEncoder.encode(JSON.stringify(…))',
          fn: () => encoder.encode(JSON.stringify(licence)).length,
        },
        expect: encoder.encode(text).length,
      },
    ],
  };
}
