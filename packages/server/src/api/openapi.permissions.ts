import type { PermissionTable } from '../auth/route-permission.js';

const PUBLIC = [{ kind: 'anonymous' }] as const;

/** The API's own documentation (@fastify/swagger-ui under /api/docs): public, like the API's shape. */
export const openApiPermissions = {
  'GET /api/docs': { allow: PUBLIC, summary: 'Swagger UI' },
  'GET /api/docs/': { allow: PUBLIC, summary: 'Swagger UI' },
  'GET /api/docs/json': { allow: PUBLIC, summary: 'The OpenAPI 3.1 document (JSON)' },
  'GET /api/docs/yaml': { allow: PUBLIC, summary: 'The OpenAPI 3.1 document (YAML)' },
  'GET /api/docs/static/index.html': { allow: PUBLIC, summary: 'Swagger UI' },
  'GET /api/docs/static/swagger-initializer.js': { allow: PUBLIC, summary: 'Swagger UI' },
  'GET /api/docs/static/*': { allow: PUBLIC, summary: 'Swagger UI assets' },
} as const satisfies PermissionTable;
