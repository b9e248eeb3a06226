import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json' with { type: 'json' };
import zhCN from '../i18n/zh-CN.json' with { type: 'json' };
import { CLIENT_KINDS, CLIENT_SCOPES } from './clients-api.js';

/**
 * The administration's client form offers the kinds and scopes the API accepts. Its lists are
 * held against the committed OpenAPI document (docs/openapi.json, which its own test keeps equal
 * to the server's route schemas), not against the server package: web depends on core only.
 * A kind missing here cannot be registered from the web at all — the kiosk's set-up screen sends
 * its administrator to exactly this form for a client of kind “self-service kiosk”.
 */
interface Schema {
  readonly enum?: readonly string[];
  readonly anyOf?: readonly Schema[];
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
}

function enumOf(schema: Schema | undefined): string[] {
  if (schema === undefined) return [];
  return [...(schema.enum ?? []), ...(schema.anyOf ?? []).flatMap(enumOf)];
}

const openapi = JSON.parse(readFileSync(new URL('../../../../docs/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: Schema }> } } }>;
};
const registration = openapi.paths['/api/v1/clients']?.post?.requestBody?.content?.['application/json']?.schema;

describe('the client registration form', () => {
  it('offers every client kind the API accepts, and no other', () => {
    expect([...CLIENT_KINDS].sort()).toEqual(enumOf(registration?.properties?.kind).sort());
  });

  it('offers every scope the API accepts, and no other', () => {
    expect([...CLIENT_SCOPES].sort()).toEqual(enumOf(registration?.properties?.scopes?.items).sort());
  });

  it('names each kind and scope in both languages', () => {
    for (const texts of [zhCN.admin, en.admin] as const) {
      const kinds: Record<string, string> = texts.clientKinds;
      const scopes: Record<string, string> = texts.scopes;
      for (const kind of CLIENT_KINDS) expect(kinds[kind], kind).toBeTruthy();
      for (const scope of CLIENT_SCOPES) expect(scopes[scope], scope).toBeTruthy();
    }
  });
});
