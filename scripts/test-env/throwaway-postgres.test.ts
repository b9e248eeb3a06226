import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { probePostgres, withClient } from './postgres-admin.mjs';
import { startThrowawayPostgres } from './throwaway-postgres.mjs';

// The harness's fallback when a machine has no PostgreSQL (scripts/test.mjs): proven on
// every run, with the very module the harness uses, so it cannot rot unnoticed.
describe('a throwaway PostgreSQL cluster', () => {
  it('starts as an unprivileged user, answers SQL on its port and socket, and leaves nothing behind', async () => {
    const messages: string[] = [];
    const cluster = await startThrowawayPostgres({ log: (message: string) => messages.push(message) });
    try {
      expect(existsSync(`${cluster.dir}/.s.PGSQL.${cluster.port}`)).toBe(true);
      const rows = await withClient(cluster.adminUrl, async (client: import('pg').Client) => {
        await client.query('create table licences (identifier text primary key)');
        await client.query("insert into licences values ('1.2.156.3005.2.x')");
        return (await client.query('select identifier, current_user as who, version() as version from licences')).rows;
      });
      expect(rows).toEqual([
        { identifier: '1.2.156.3005.2.x', who: 'postgres', version: expect.stringMatching(/^PostgreSQL \d+/) },
      ]);
      // The unix socket in the temp folder answers too.
      const socketUrl = `postgres://postgres@/postgres?host=${encodeURIComponent(cluster.dir)}&port=${cluster.port}`;
      expect(await probePostgres(socketUrl)).toBeUndefined();
      // PostgreSQL refuses to run as root: the server process must belong to someone else.
      if (process.getuid?.() === 0) {
        const { stdout } = spawnSync('ps', ['-o', 'user=', '-p', String(cluster.pid)], { encoding: 'utf8' });
        expect(stdout.trim()).not.toBe('root');
        expect(stdout.trim()).not.toBe('');
      }
    } finally {
      await cluster.stop();
    }
    expect(existsSync(cluster.dir)).toBe(false);
    expect(await probePostgres(cluster.adminUrl, 1000)).toBeDefined();
  }, 30_000);
});
