/** The real Hutong server for browser tests: a fresh SQLite data directory, a free port, the built web shell. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WEB_ROOT, type RunningServer, type Secrets, startServer } from '@hutong/server';

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  /** Stops the server and removes its data directory. */
  close(): Promise<void>;
}

/** What a helper needs of a node under test: its server (demo accounts, store) and its URL. */
export type NodeUnderTest = Pick<TestServer, 'server' | 'url'>;

export interface TestServerOptions {
  /** Seed the demo library (`hutong serve --demo`) before listening. */
  readonly demo?: boolean;
  /** The node's master-key secrets (a test that opens the node's own keys, e.g. to make a show code, passes its own). */
  readonly secrets?: Secrets;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  if (!existsSync(join(DEFAULT_WEB_ROOT, 'index.html'))) {
    throw new Error(
      `the web shell is not built (${DEFAULT_WEB_ROOT}): run \`npm run build\` first (\`npm test\` does)`,
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hutong-e2e-'));
  let server: RunningServer;
  try {
    server = await startServer({
      dataDir,
      port: 0,
      host: '127.0.0.1',
      demo: options.demo === true,
      ...(options.secrets === undefined ? {} : { secrets: options.secrets }),
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    url: server.url,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
