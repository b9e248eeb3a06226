/**
 * The entry of one `serveCluster` worker process (serve-cluster.ts forks it): waits for the
 * primary's `start` message, serves the store with `startServer` (the primary prepared it:
 * no seeding here) on the shared port, says it listens, and stops gracefully — stops
 * accepting, lets running requests finish, closes its store — on the primary's `stop`, on
 * SIGINT/SIGTERM (Ctrl-C reaches every process of the terminal's group, workers included),
 * or when its IPC channel goes away (the primary died: a worker never outlives it).
 */
import cluster from 'node:cluster';
import { isHutongError } from '@hutong/core';
import { isServerError } from './errors.js';
import { DevMailbox } from './holders/dev-mailbox.js';
import { type RunningServer, startServer } from './serve.js';
import type { FromWorker, ToWorker } from './serve-cluster.js';

if (!cluster.isWorker) {
  process.stderr.write('serve-cluster-worker: started outside a cluster; run `hutong serve --workers N`\n');
  process.exit(2);
}

let server: RunningServer | undefined;
// A demo node's mailbox, shared with the other workers through the primary (serve-cluster.ts).
const mailbox = new DevMailbox(undefined, (message) => send({ type: 'mailbox', message }));
let stopping: Promise<void> | undefined;

function send(message: FromWorker, then: () => void = () => {}): void {
  if (process.connected && process.send !== undefined) process.send(message, undefined, {}, then);
  else then();
}

function stop(): Promise<void> {
  stopping ??= (async () => {
    try {
      await server?.close();
    } finally {
      // Stops even when something (an idle keep-alive timer of a client) would hold the loop open.
      process.exit(0);
    }
  })();
  return stopping;
}

process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
process.once('disconnect', () => void stop());

process.on('message', (message: ToWorker) => {
  if (message.type === 'stop') {
    void stop();
    return;
  }
  if (message.type === 'mailbox') {
    mailbox.receive(message.message);
    return;
  }
  if (message.type !== 'start' || server !== undefined || stopping !== undefined) return;
  const { logLevel, ...options } = message.options;
  startServer({
    ...options,
    preparedByPrimary: true,
    devMailbox: mailbox,
    logger: { level: logLevel, stream: process.stderr },
  }).then(
    (running) => {
      server = running;
      // A stop that arrived while starting: close what just started.
      if (stopping !== undefined) void running.close();
      else send({ type: 'listening', port: running.port, pid: process.pid });
    },
    (error: unknown) => {
      const known = isServerError(error) || isHutongError(error);
      const target = isServerError(error) ? error.params.target : undefined;
      send(
        {
          type: 'failed',
          error: {
            code: known ? error.code : 'ERR_API_INTERNAL',
            message: known ? error.localize('en') : error instanceof Error ? error.message : String(error),
            ...(known && error.field !== undefined ? { field: error.field } : {}),
            ...(typeof target === 'string' ? { target } : {}),
          },
        },
        () => process.exit(1),
      );
    },
  );
});

send({ type: 'ready' });
