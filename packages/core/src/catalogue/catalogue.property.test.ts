/**
 * Hostile-input properties: every catalogue entry point answers arbitrary input with a
 * value or a HutongError — never a TypeError, never a partial object.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { FaceValidationError } from './face-validation-error.js';
import { parseLicenceType } from './licence-type.js';
import { maskFaceValue } from './mask-face-value.js';
import { parseResponsibilityEntry } from './responsibility-entry.js';
import { parseScenarioEntry } from './scenario-entry.js';
import { sampleFace, sampleLicenceTypeDocument } from './test-support/sample-licence-type.js';
import { checkFace, validateFace } from './validate-face.js';
import { parseValidityRule } from './validity-rule.js';

const type = parseLicenceType(sampleLicenceTypeDocument());
const now = new Date('2026-06-01T00:00:00Z');

/** Runs `run`; returns its value, or the HutongError it threw; rethrows anything else (failing the property). */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
}

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** Values a face field might plausibly receive, including near misses. */
const faceValue = fc.oneof(
  anything,
  fc.constantFrom(
    '11010519491231002X',
    '91350100M000100Y43',
    '650000',
    '1949-12-31',
    '19491231',
    '13812341234',
    '张三',
    '',
  ),
  fc.string({ unit: 'grapheme' }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
);
const keys = fc.constantFrom(...type.faceFields.map((f) => f.key), 'nickname', '__proto__', 'constructor', '');
const faceLike = fc.dictionary(keys, faceValue, { maxKeys: 20 });

describe('catalogue — arbitrary input', () => {
  it('validateFace throws nothing but HutongError, and only FaceValidationError for a face', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anything,
          faceLike,
          faceLike.map((f) => ({ ...sampleFace(), ...f })),
        ),
        (face) => {
          const result = outcome(() => validateFace(type, face, { now }));
          if (result instanceof HutongError) {
            expect(result).toBeInstanceOf(FaceValidationError);
            expect((result as FaceValidationError).issues.length).toBeGreaterThan(0);
          } else {
            // An accepted face has only the type's keys, each with a JSON scalar value.
            for (const [key, value] of Object.entries(result as object)) {
              expect(type.faceFields.some((f) => f.key === key)).toBe(true);
              expect(['string', 'number', 'boolean']).toContain(typeof value);
            }
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('an accepted face is a fixed point: validating it again gives the same face', () => {
    fc.assert(
      fc.property(
        faceLike.map((f) => ({ ...sampleFace(), ...f })),
        (input) => {
          const result = outcome(() => checkFace(type, input, { now, legacy: true }));
          if (result instanceof HutongError) return;
          const { face } = result as { face: Record<string, unknown> };
          expect(checkFace(type, face, { now, legacy: true }).face).toEqual(face);
          // …and masking any of its values at any clearance is total.
          for (const f of type.faceFields) {
            const value = face[f.key];
            if (value !== undefined) {
              for (const c of [1, 2, 3, 4] as const) {
                expect(typeof maskFaceValue(f, value as string | number | boolean, c)).not.toBe('undefined');
              }
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('parseLicenceType, parseValidityRule and the list parsers throw nothing but HutongError', () => {
    fc.assert(
      fc.property(anything, (input) => {
        for (const parse of [parseLicenceType, parseValidityRule, parseResponsibilityEntry, parseScenarioEntry]) {
          outcome(() => parse(input));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('parseLicenceType throws nothing but HutongError for a valid document with one member replaced', () => {
    const doc = sampleLicenceTypeDocument();
    const topKeys = Object.keys(doc);
    const fieldKeys = Object.keys((doc.faceFields as Array<Record<string, unknown>>)[2] ?? {});
    fc.assert(
      fc.property(
        fc.constantFrom(...topKeys),
        fc.constantFrom(...fieldKeys),
        fc.nat(16),
        anything,
        fc.boolean(),
        (top, fieldKey, index, value, inField) => {
          const copy = sampleLicenceTypeDocument();
          if (inField) {
            const fields = copy.faceFields as Array<Record<string, unknown>>;
            const target = fields[index];
            if (target !== undefined) target[fieldKey] = value;
          } else {
            copy[top] = value;
          }
          outcome(() => parseLicenceType(copy));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
