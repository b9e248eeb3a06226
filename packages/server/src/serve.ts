import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { buildApp } from './api/build-app.js';
import { ensureNodeId } from './store/meta.js';
import { migrateToLatest } from './store/migrate.js';
import { openStore, type Store, storeLocation } from './store/store.js';

export interface StartServerOptions {
  /** Where the SQLite store lives (`<dataDir>/hutong.db`); unused with `databaseUrl`. */
  readonly dataDir: string;
  /** A `postgres://` URL: the store lives there instead of the data directory. */
  readonly databaseUrl?: string | undefined;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host: string;
  /**
   * Demo mode (`npm start`). For now it adds nothing to what every first start does (the
   * node id); the demo catalogue, issuers and licences arrive with the library store.
   */
  readonly demo?: boolean | undefined;
  readonly webRoot?: string | undefined;
  readonly logger?: FastifyServerOptions['logger'] | undefined;
}

export interface RunningServer {
  /** The base URL to open, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly port: number;
  readonly nodeId: string;
  readonly store: Store;
  readonly app: FastifyInstance;
  /** Stops accepting requests, lets the running ones finish, then closes the store. */
  close(): Promise<void>;
}

/** A wildcard bind address is not an address to open in a browser. */
function browsableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Opens the store, migrates it, makes sure the node has its id, builds the app and listens.
 *
 * @example
 * const server = await startServer({ dataDir: './data', port: 8080, host: '127.0.0.1' });
 * console.log(server.url); // http://127.0.0.1:8080/
 * await server.close();
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const store = await openStore(storeLocation(options));
  try {
    await migrateToLatest(store.db);
    // The node id exists from the first start on, demo or not: it names the node in its
    // log, its checkpoints and the trust list. Demo licences come with the library store.
    const nodeId = await ensureNodeId(store.db);
    const app = await buildApp({ store, nodeId, webRoot: options.webRoot, logger: options.logger });
    app.addHook('onClose', async () => {
      await store.close();
    });
    try {
      await app.listen({ port: options.port, host: options.host });
    } catch (error) {
      await app.close();
      throw error;
    }
    const address = app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : options.port;
    return {
      url: `http://${browsableHost(options.host)}:${port}/`,
      port,
      nodeId,
      store,
      app,
      close: () => app.close(),
    };
  } catch (error) {
    // Whatever failed after the store opened, the store must not stay open (a PostgreSQL
    // pool would keep the process alive).
    await store.close().catch(() => {});
    throw error;
  }
}
