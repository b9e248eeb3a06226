import { PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { ServerError } from '../../errors.js';
import { preparedName } from '../prepared-texts.js';
import type { StoreDialect } from '../store-dialect.js';

/** Connections per server process; several stateless processes share one PostgreSQL. */
const POOL_SIZE = 10;

/**
 * A PostgreSQL store through node-postgres. `url` is a `postgres://` connection URL
 * (the `DATABASE_URL` convention).
 *
 * @example const { dialect } = postgresDialect('postgres://hutong@db.internal:5432/hutong');
 */
export function postgresDialect(url: string): StoreDialect {
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ServerError('ERR_STORE_URL_INVALID', { field: 'databaseUrl' });
  let target: string;
  try {
    const parsed = new URL(url);
    // Credentials stay out of every message and log line.
    target = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch (cause) {
    throw new ServerError('ERR_STORE_URL_INVALID', { field: 'databaseUrl', cause });
  }
  const pool = new pg.Pool({ connectionString: url, max: POOL_SIZE });
  // An idle connection that dies (server restart, failover) makes the pool emit 'error';
  // without a listener Node would crash the process. The pool drops that client by
  // itself, and the next query reports the outage (health answers 503).
  pool.on('error', () => {});
  // The hot statements go as named ones, parsed and planned once per connection (prepared-texts.ts).
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
      const name = typeof config === 'string' ? preparedName(config) : undefined;
      if (name === undefined) return query(config, values, callback);
      return query({ name, text: config, values }, callback);
    };
  });
  return {
    name: 'postgres',
    dialect: new PostgresDialect({ pool }),
    target,
    // PostgreSQL's asynchronous commit (postgresql.org/docs/current/wal-async-commit.html): the
    // commit is visible at once and flushed by the WAL writer within 3 × wal_writer_delay; a
    // crash of the server may lose the latest such commits, never corrupt or reorder, and a
    // later synchronous commit flushes the WAL up to itself, so everything before it too.
    relaxCommit: async <DB>(trx: Transaction<DB>) => {
      if (!trx.isTransaction) throw new TypeError('relaxCommit runs inside the transaction it relaxes');
      await sql`set local synchronous_commit = off`.execute(trx);
    },
  };
}
