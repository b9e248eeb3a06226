/**
 * The transparency-log service of one node (issue 4): its keys, the tree store, the
 * background integrator, and its wiring into the app — the `recordEvent` sink, the routes,
 * and the integrator's start and stop with the app.
 */
import { randomUUID } from 'node:crypto';
import { LOG_RECEIPT_FORMAT } from '@hutong/core';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import type { LogRuntime } from './integrate-log.js';
import { registerLogRoutes } from './log.routes.js';
import {
  DEFAULT_INTEGRATION_INTERVAL_MS,
  DEFAULT_MAX_BATCH,
  LogIntegrator,
  MAX_MERGE_DELAY_MS,
} from './log-integrator.js';
import { ensureLogKeys, type LogKeys } from './log-keys.js';
import { registerLogSink } from './log-sink.js';
import { logTreeStoreFor } from './log-tree-store.js';

export interface LogOptions {
  /** The log's origin line and key name (default `<node id>/hutong-log`). Fixed once the log exists. */
  readonly origin?: string | undefined;
  /** This node's witness key name (default `<node id>/hutong-witness`). */
  readonly witnessName?: string | undefined;
  /** Whether checkpoints carry an SM2 line besides the Ed25519 one (default true). */
  readonly sm2?: boolean | undefined;
  /** Run the background integrator (default true; tests may drive `integrateNow` instead). */
  readonly integrate?: boolean | undefined;
  readonly intervalMs?: number | undefined;
  readonly maxBatch?: number | undefined;
  /** Wait for each witness's cosignature at most this long (default 500 ms, inside the merge delay). */
  readonly witnessTimeoutMs?: number | undefined;
  /** Integration lease lifetime (default 5 s). */
  readonly leaseMs?: number | undefined;
  /** HTTP client for the cosignature collector (default: global fetch). */
  readonly fetch?: typeof fetch | undefined;
}

/** What `/log/info` publishes. */
export interface LogInfo {
  readonly origin: string;
  /** The Ed25519 checkpoint key (C2SP vkey): what `/log/key` serves. */
  readonly vkey: string;
  /** The SM2 checkpoint key, when checkpoints carry an SM2 line. */
  readonly sm2Vkey: string | null;
  /** This node's witness key (cosignature/v1). */
  readonly witnessVkey: string;
  /** At most this long between an entry's sequencing and a checkpoint covering it. */
  readonly maxMergeDelayMs: number;
  readonly integrationIntervalMs: number;
  readonly receiptFormat: string;
  readonly checkpoint: string;
  readonly tiles: string;
  readonly witness: string;
}

export interface LogService {
  readonly keys: LogKeys;
  readonly runtime: LogRuntime;
  readonly integrator: LogIntegrator;
  readonly info: LogInfo;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The node's transparency log (`log/`). */
    transparencyLog: LogService;
  }
}

/**
 * Creates the log service of a node: loads or creates its keys, prepares the integrator.
 *
 * @example const service = await createLogService(ctx, { origin: 'licences.xj.gov.cn/hutong-log' });
 */
export async function createLogService(
  ctx: AppContext,
  options: LogOptions = {},
  onError: (error: unknown) => void = () => {},
): Promise<LogService> {
  const keys = await ensureLogKeys(ctx, {
    origin: options.origin ?? `${ctx.nodeId}/hutong-log`,
    witnessName: options.witnessName ?? `${ctx.nodeId}/hutong-witness`,
    sm2: options.sm2 ?? true,
  });
  const runtime: LogRuntime = {
    db: ctx.store.db,
    keys,
    tree: logTreeStoreFor(ctx.store.db),
    now: ctx.now,
    owner: `${ctx.nodeId}:${randomUUID()}`,
    leaseMs: options.leaseMs ?? 5000,
    witnessTimeoutMs: options.witnessTimeoutMs ?? 500,
    fetch: options.fetch ?? fetch,
  };
  const intervalMs = options.intervalMs ?? DEFAULT_INTEGRATION_INTERVAL_MS;
  const integrator = new LogIntegrator(runtime, {
    intervalMs,
    maxBatch: options.maxBatch ?? DEFAULT_MAX_BATCH,
    onError,
  });
  return {
    keys,
    runtime,
    integrator,
    info: {
      origin: keys.origin,
      vkey: keys.checkpoint.verifierKey,
      sm2Vkey: keys.sm2?.verifierKey ?? null,
      witnessVkey: keys.witness.verifierKey,
      maxMergeDelayMs: MAX_MERGE_DELAY_MS,
      integrationIntervalMs: intervalMs,
      receiptFormat: LOG_RECEIPT_FORMAT,
      checkpoint: '/log/checkpoint',
      tiles: '/log/tile/',
      witness: '/log/witness',
    },
  };
}

/**
 * Wires the log into an app: the `recordEvent` sink, the service (as `app.transparencyLog`),
 * the routes, and the integrator, started when the app is ready and stopped before it closes.
 *
 * @example await registerLog(app, ctx, options.log);
 */
export async function registerLog(
  app: FastifyInstance,
  ctx: AppContext,
  options: LogOptions = {},
): Promise<LogService> {
  registerLogSink();
  const service = await createLogService(ctx, options, (error) =>
    app.log.error({ err: error }, 'log integration failed'),
  );
  app.decorate('transparencyLog', service);
  registerLogRoutes(app, ctx, service);
  if (options.integrate ?? true) {
    app.addHook('onReady', async () => {
      service.integrator.start();
    });
  }
  // preClose: before the server (and, in startServer, the store) closes.
  app.addHook('preClose', async () => {
    await service.integrator.stop();
  });
  return service;
}
