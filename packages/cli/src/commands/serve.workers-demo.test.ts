/**
 * `hutong serve --demo --workers 2`: the primary seeds the demo once and prints its accounts
 * once, and the development provider's one-time code reaches the mailbox page whichever worker
 * answers it (the mailbox lives in memory: serve-cluster.ts relays each delivery to the other
 * workers). The real command as a process of its own, its workers real cluster processes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenId } from '../../../server/src/import/test-support/import-fixtures.js';
import { exited, spawnCli, startLine } from '../test-support/spawn-cli.js';

/** One request on a connection of its own (the cluster hands connections out round robin). */
function fresh(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url} in 10 s`)));
    req.end(options.body);
  });
}

describe('hutong serve --demo --workers 2', () => {
  let dataDir: string;
  let child: ChildProcess;
  let ended: Promise<number | null>;
  let base: string;
  let stderr = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hutong-workers-demo-'));
    child = spawnCli(['serve', '--demo', '--data-dir', dataDir, '--port', '0', '--workers', '2'], {
      HUTONG_LOG_LEVEL: 'warn',
    });
    ended = exited(child);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const line = await startLine(child, ended, () => stderr);
    base = (JSON.parse(line) as { url: string }).url;
  }, 120_000);

  afterAll(async () => {
    if (child !== undefined && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await ended;
    }
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the demo accounts once (the primary seeded; the workers did not seed again)', async () => {
    // They follow the start line on stderr.
    const deadline = Date.now() + 10_000;
    while (!stderr.includes('Staff accounts') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    expect(stderr.split('Staff accounts').length - 1).toBe(1);
    expect(stderr.split('Hutong is listening').length - 1).toBe(1);
  });

  it('shows a one-time code on the mailbox page whichever worker answers', async () => {
    const started = await fresh(`${base}api/v1/holder/sign-in/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ holderCodeType: '111', holderCode: citizenId(7) }),
    });
    expect(started.status, started.body).toBe(201);
    const { challengeId } = JSON.parse(started.body) as { challengeId: string };
    // Consecutive fresh connections alternate between the two workers: without the relay,
    // every other read would come back empty, and six in a row never would all find it.
    // At most 20 reads (the anonymous rate limit allows a burst of 60).
    let inARow = 0;
    for (let reads = 0; inARow < 6; reads++) {
      if (reads === 20) throw new Error('the code did not show on every worker');
      await new Promise((r) => setTimeout(r, 20));
      const read = await fresh(`${base}api/v1/dev/mailbox?challengeId=${encodeURIComponent(challengeId)}`);
      expect(read.status).toBe(200);
      const { messages } = JSON.parse(read.body) as { messages: Array<{ challengeId: string; code: string }> };
      inARow = messages.length === 1 && messages[0]?.challengeId === challengeId ? inARow + 1 : 0;
    }
  });
});
