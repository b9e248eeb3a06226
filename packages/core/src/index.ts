/**
 * @hutong/core — the pure heart of Hutong. No Node.js imports (guarded by
 * `no-node-imports.test.ts`): everything here runs in browsers, kiosks and other nodes.
 */

export * from './canonical/index.js';
export * from './catalogue/index.js';
export * from './crypto/index.js';
export * from './errors.js';
export * from './grants/index.js';
export * from './identifiers/index.js';
export * from './licence/index.js';
export * from './matters/index.js';
export * from './merkle/index.js';
export * from './printing/index.js';
export * from './showing/index.js';
export * from './status/index.js';
export * from './trust/index.js';
export * from './verify/index.js';
