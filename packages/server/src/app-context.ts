/**
 * What every use case and every `register<Domain>Routes(app, ctx)` receives
 * (docs/design/server-conventions.md, "The app context").
 */
import type { CryptoProvider } from '@hutong/core';
import { nodeCryptoProvider } from './crypto/node-crypto-provider.js';
import type { Secrets } from './secrets/secrets.js';
import type { Store } from './store/store.js';

export interface AppContext {
  /** An open, migrated store. */
  readonly store: Store;
  /** This node's id (`ensureNodeId`). */
  readonly nodeId: string;
  /** The clock: use cases never call `new Date()` themselves, so tests control time. */
  readonly now: () => Date;
  /** The master key's purpose keys (`secrets/`). */
  readonly secrets: Secrets;
  /** Platform crypto for core's ed25519 / ecdsa-p256 suites (SM2 is pure JavaScript). */
  readonly cryptoProvider: CryptoProvider;
}

/**
 * Builds the context with the defaults: the system clock and the node:crypto provider.
 *
 * @example const ctx = createAppContext({ store, nodeId, secrets: loadSecrets({ dataDir, env: process.env }) });
 */
export function createAppContext(parts: {
  readonly store: Store;
  readonly nodeId: string;
  readonly secrets: Secrets;
  readonly now?: (() => Date) | undefined;
  readonly cryptoProvider?: CryptoProvider | undefined;
}): AppContext {
  return {
    store: parts.store,
    nodeId: parts.nodeId,
    secrets: parts.secrets,
    now: parts.now ?? (() => new Date()),
    cryptoProvider: parts.cryptoProvider ?? nodeCryptoProvider,
  };
}

/**
 * Who performs a write, as use cases record it: the `actor` of domain events and audit
 * records (`client:<id>`, `staff:<id>`, `system`; see `auth/principal.ts` `actorOf`) and the
 * request that carried it.
 *
 * @example await createOrganisation(ctx, input, { actor: actorOf(request.principal), requestId: request.id });
 */
export interface ActingAs {
  readonly actor: string;
  readonly requestId?: string | undefined;
}
