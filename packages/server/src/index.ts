/**
 * @hutong/server — the Hutong node: Fastify API, use cases by domain, the store behind
 * Kysely (SQLite or PostgreSQL). Node only.
 */
export { type BuildAppOptions, buildApp, DEFAULT_BODY_LIMIT } from './api/build-app.js';
export { HealthResponse } from './api/health.schema.js';
export { DEFAULT_LANGUAGE, negotiateLanguage } from './api/language.js';
export { PROBLEM_MEDIA_TYPE, type Problem } from './api/problem.js';
export { DEFAULT_WEB_ROOT } from './api/web-shell.js';
export { type AppContext, createAppContext } from './app-context.js';
export * from './audit/index.js';
export * from './auth/index.js';
export * from './catalogue/index.js';
export { createNodeCryptoProvider, nodeCryptoProvider } from './crypto/index.js';
export * from './demo/index.js';
export {
  isServerError,
  type LocalizedError,
  ServerError,
  type ServerErrorCode,
  serverErrorCatalogue,
} from './errors.js';
export * from './events/index.js';
export * from './grants/index.js';
export * from './holders/index.js';
export * from './import/index.js';
export * from './keys/index.js';
export * from './library/index.js';
export * from './log/index.js';
export { createMatter, updateMatter } from './matters/save-matter.js';
export * from './organisations/index.js';
export * from './secrets/index.js';
export { type PreparedNode, prepareNode, type RunningServer, type StartServerOptions, startServer } from './serve.js';
export {
  MAX_WORKERS,
  parseWorkerCount,
  type RunningCluster,
  type ServeClusterOptions,
  serveCluster,
} from './serve-cluster.js';
export * from './showing/index.js';
export * from './store/index.js';
export * from './trust/index.js';
export { SERVER_VERSION } from './version.js';
