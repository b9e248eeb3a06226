/**
 * Test-only: the real `hutong` command run from the sources as a process of its own, for the
 * tests that start it (`serve.workers*.test.ts`) or kill it with SIGKILL (`import.kill.test.ts`,
 * `serve.import-kill.test.ts`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '@hutong/server';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * Starts `hutong <args…>` (through tsx, `@hutong/*` resolved to the sources as the bench
 * harness does), stdout and stderr piped.
 *
 * @example const child = spawnCli(['import', file, '--type', code, '--issuer', uscc, '--data-dir', dir], env);
 */
export function spawnCli(args: readonly string[], env: Record<string, string>): ChildProcess {
  const code = `const { main } = await import(${JSON.stringify(`file://${MAIN}`)}); process.exitCode = await main(process.argv.slice(1));`;
  return spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, TSX_TSCONFIG_PATH: join(ROOT, 'scripts/bench/tsconfig.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The process's exit code once it has ended (null when a signal ended it). */
export function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/**
 * The first JSON line `hutong serve` prints on stdout (its start line: URL, store, workers),
 * or a rejection naming the exit code and `stderr()` if the process ends before printing it.
 *
 * @example const line = await startLine(child, exited(child), () => stderr);
 */
export function startLine(child: ChildProcess, ended: Promise<number | null>, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const first = stdout.split('\n').find((l) => l.startsWith('{'));
      if (first !== undefined) resolve(first);
    });
    void ended.then((code) => reject(new Error(`hutong serve exited (${code}): ${stderr()}`)));
  });
}

/** How many licences the library holds. */
export async function licenceCount(store: Store): Promise<number> {
  const row = await store.db
    .selectFrom('licences')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
