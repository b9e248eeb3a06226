import { statusListPath } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { actorOf, type Principal } from '../auth/principal.js';
import { recordChunkEvents, recordEvent } from '../events/index.js';
import type { LicenceWriteContext } from './licence-write-context.js';

/** Where this node is reached from outside, for URLs that go into signed licences. */
export interface PublicUrlOption {
  /**
   * The node's public base URL (`HUTONG_PUBLIC_URL`), e.g. `https://licences.xj.gov.cn`.
   * Licences carry their status list's URL inside their signature, so it must be the
   * configured name, never one taken from a request's Host header.
   */
  readonly publicUrl: string;
}

/** The status list URL of an issuer's list `listId` under a public base URL. */
export function statusListUrl(publicUrl: string, issuerCode: string, listId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}${statusListPath(issuerCode, listId)}`;
}

/**
 * The write context of one request: the app's store and clock, the principal as actor,
 * the holder-index purpose key, the status-list URLs and the real `recordEvent`.
 *
 * @example const wctx = writeContextFor(ctx, request.principal, { publicUrl, requestId: request.id });
 */
export function writeContextFor(
  ctx: AppContext,
  principal: Principal,
  options: PublicUrlOption & { readonly requestId?: string | undefined },
): LicenceWriteContext {
  return {
    db: ctx.store.db,
    now: ctx.now,
    actor: actorOf(principal),
    requestId: options.requestId,
    holderIndexKey: ctx.secrets.purposeKey('holder-index'),
    statusListUri: (issuerCode, listId) => statusListUrl(options.publicUrl, issuerCode, listId),
    recordEvent: async (trx, event) => {
      await recordEvent(trx, event);
    },
    recordChunkEvents: async (trx, events) => {
      await recordChunkEvents(trx, events);
    },
  };
}

/**
 * The write context of the node itself (`actor: 'system'`): scheduled work such as
 * recording expiry.
 *
 * @example const wctx = systemWriteContext(ctx, { publicUrl });
 */
export function systemWriteContext(ctx: AppContext, options: PublicUrlOption): LicenceWriteContext {
  return {
    db: ctx.store.db,
    now: ctx.now,
    actor: 'system',
    holderIndexKey: ctx.secrets.purposeKey('holder-index'),
    statusListUri: (issuerCode, listId) => statusListUrl(options.publicUrl, issuerCode, listId),
    recordEvent: async (trx, event) => {
      await recordEvent(trx, event);
    },
    recordChunkEvents: async (trx, events) => {
      await recordChunkEvents(trx, events);
    },
  };
}

/** The public URL when none is configured: a node on this machine, as `npm start` runs it. */
export const DEFAULT_PUBLIC_URL = 'http://localhost:8080';
