/**
 * `hutong trust-list export` beside a node that has served: without `--public-url` the list
 * names the URL the node serves under, as the served list does, under the same version.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '@hutong/server';
import { describe, expect, it } from 'vitest';
import { scratchDirs } from '../../../server/src/test-support/scratch-dirs.js';
import { captureIo } from '../test-support/capture-io.js';
import { createTrustListExport } from './trust-list-export.js';

const scratch = scratchDirs();
// No $DATABASE_URL nor $HUTONG_PUBLIC_URL of the test runner: the SQLite node of this test.
const ENV = {};

interface Summary {
  readonly ok: boolean;
  readonly url: string | null;
  readonly version: number;
}

async function exportList(
  dataDir: string,
  out: string,
  ...extra: string[]
): Promise<{ code: number; io: ReturnType<typeof captureIo> }> {
  const io = captureIo(dataDir);
  const code = await createTrustListExport(ENV)(['--data-dir', dataDir, '--out', out, ...extra], io);
  return { code, io };
}

describe('hutong trust-list export beside a node that served', () => {
  it('names the URL the node serves under, with the served list’s version, when no --public-url is given', async () => {
    const dataDir = scratch('hutong-t-trust-export-');
    const server = await startServer({ dataDir, port: 0, host: '127.0.0.1', publicUrl: 'https://licences.xj.gov.cn' });
    let served: { version: number; node: { url?: string } };
    try {
      served = (await (await fetch(new URL('api/v1/trust-list', server.url))).json()) as typeof served;
    } finally {
      await server.close();
    }
    expect(served.node.url).toBe('https://licences.xj.gov.cn');

    const { code, io } = await exportList(dataDir, 'trust.json');
    expect(code, io.err).toBe(0);
    const summary = JSON.parse(io.out) as Summary;
    expect(summary).toMatchObject({ ok: true, url: 'https://licences.xj.gov.cn', version: served.version });
    const list = JSON.parse(readFileSync(join(dataDir, 'trust.json'), 'utf8')) as typeof served;
    expect(list.node.url).toBe('https://licences.xj.gov.cn');
    expect(list.version).toBe(served.version);

    // Exporting again changes nothing: no version churn from the export itself.
    const again = await exportList(dataDir, 'trust-again.json');
    expect((JSON.parse(again.io.out) as Summary).version).toBe(served.version);

    // --public-url still wins, normalised as serve normalises it (no trailing slash).
    const other = await exportList(dataDir, 'trust-other.json', '--public-url', 'https://zwfw.xinjiang.gov.cn/');
    expect(other.code, other.io.err).toBe(0);
    expect(JSON.parse(other.io.out)).toMatchObject({
      url: 'https://zwfw.xinjiang.gov.cn',
      version: served.version + 1,
    });
  }, 120_000);

  it('refuses a --public-url that is not a public base URL, writing nothing', async () => {
    const dataDir = scratch('hutong-t-trust-export-bad-');
    const { code, io } = await exportList(dataDir, 'trust.json', '--public-url', 'ftp://example.org/?x=1');
    expect(code).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toContain('is not a public base URL');
  });
});
