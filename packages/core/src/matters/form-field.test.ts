import { describe, expect, it } from 'vitest';
import { parseLicenceType } from '../catalogue/index.js';
import { sampleLicenceTypeDocument } from '../catalogue/test-support/sample-licence-type.js';
import { sampleUnsignedLicence } from '../licence/test-support/sample-licence.js';
import { HOLDER_ATTRIBUTE_PATHS, HOLDER_ATTRIBUTES, MAPPABLE_METADATA, mappableLicencePaths } from './form-field.js';

describe('the licence paths a matter form field can be filled from', () => {
  const type = parseLicenceType(sampleLicenceTypeDocument());
  const paths = mappableLicencePaths(type);

  it('are the type’s face fields in order, without images, then the mappable metadata elements', () => {
    const face = type.faceFields.filter((field) => field.type !== 'image').map((field) => `face.${field.key}`);
    expect(face).not.toContain('face.photo');
    expect(paths.map((p) => p.path)).toEqual([...face, ...MAPPABLE_METADATA.map((key) => `metadata.${key}`)]);
    for (const { path, scope, key } of paths) expect(path).toBe(`${scope}.${key}`);
  });

  it('name only metadata a licence has, and not the signature, version or area', () => {
    const metadata = sampleUnsignedLicence().metadata as unknown as Record<string, unknown>;
    for (const key of MAPPABLE_METADATA) {
      if (key !== 'certificateExpiringDate') expect(metadata, key).toHaveProperty(key);
    }
    expect(MAPPABLE_METADATA).not.toContain('certificateVersion');
    expect(MAPPABLE_METADATA).not.toContain('certificateAreaCode');
    expect(new Set(MAPPABLE_METADATA).size).toBe(MAPPABLE_METADATA.length);
  });

  it('read each holder attribute from a mappable metadata element', () => {
    const metadataPaths = paths.filter((p) => p.scope === 'metadata').map((p) => p.path);
    for (const attribute of HOLDER_ATTRIBUTES) expect(metadataPaths).toContain(HOLDER_ATTRIBUTE_PATHS[attribute]);
  });

  it('are the metadata elements alone for a type without face fields', () => {
    expect(mappableLicencePaths({ faceFields: [] }).every((p) => p.scope === 'metadata')).toBe(true);
  });
});
