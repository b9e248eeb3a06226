/**
 * The server's own errors (one `errors.ts` per package, the sigstore-js model): a stable
 * `code` from a closed union, the `field` at fault, messages in Chinese and English.
 *
 * Why not `HutongError`: core's union of codes is closed over core's own tables, and the
 * server must not edit core to add `ERR_API_*` / `ERR_STORE_*`. Both classes share the
 * shape the API layer needs (`code`, `field`, `localize`), see `LocalizedError`; core's
 * domain errors reach HTTP through `HutongError.localize` unchanged.
 */
import type { ErrorMessage, ErrorParams, ErrorTable, Language } from '@hutong/core';
import { apiErrors } from './api/error-codes.js';
import { auditErrors } from './audit/error-codes.js';
import { authErrors } from './auth/error-codes.js';
import { catalogueServiceErrors } from './catalogue/error-codes.js';
import { grantErrors } from './grants/error-codes.js';
import { holderErrors } from './holders/error-codes.js';
import { importErrors } from './import/error-codes.js';
import { inspectionErrors } from './inspections/error-codes.js';
import { issuanceErrors } from './issuance/error-codes.js';
import { keyErrors } from './keys/error-codes.js';
import { libraryErrors } from './library/error-codes.js';
import { logErrors } from './log/error-codes.js';
import { matterErrors } from './matters/error-codes.js';
import { notificationErrors } from './notifications/error-codes.js';
import { organisationErrors } from './organisations/error-codes.js';
import { printingServiceErrors } from './printing/error-codes.js';
import { secretsErrors } from './secrets/error-codes.js';
import { statusServiceErrors } from './status/error-codes.js';
import { storeErrors } from './store/error-codes.js';
import { venueErrors } from './venues/error-codes.js';

const SERVER_ERROR_TABLE = {
  ...apiErrors,
  ...auditErrors,
  ...authErrors,
  ...catalogueServiceErrors,
  ...holderErrors,
  ...importErrors,
  ...keyErrors,
  ...organisationErrors,
  ...secretsErrors,
  ...storeErrors,
  ...issuanceErrors,
  ...libraryErrors,
  ...logErrors,
  ...statusServiceErrors,
  ...notificationErrors,
  ...grantErrors,
  ...matterErrors,
  ...printingServiceErrors,
  ...venueErrors,
  ...inspectionErrors,
} as const satisfies ErrorTable;

export type ServerErrorCode = keyof typeof SERVER_ERROR_TABLE;

/** What the API layer needs from any error it presents: core's `HutongError` and `ServerError` both fit. */
export interface LocalizedError {
  readonly code: string;
  readonly field: string | undefined;
  localize(language: Language): string;
}

export interface ServerErrorOptions {
  readonly field?: string;
  readonly params?: ErrorParams;
  /**
   * Parameters that read differently in Chinese (over `params` in the zh-CN message): a `reason`
   * that is English prose would otherwise put English inside a Chinese problem (issue 3 §10,
   * "Chinese or English per Accept-Language").
   */
  readonly zhParams?: ErrorParams;
  /** As in core's `HutongErrorOptions`: a ServerError of the same code relabelled here keeps its `zhParams`. */
  readonly cause?: unknown;
}

function format(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export class ServerError extends Error implements LocalizedError {
  readonly code: ServerErrorCode;
  readonly field: string | undefined;
  readonly params: ErrorParams;
  readonly #zhParams: ErrorParams | undefined;

  constructor(code: ServerErrorCode, options: ServerErrorOptions = {}) {
    const params = options.params ?? {};
    super(
      format(SERVER_ERROR_TABLE[code].en, params),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'ServerError';
    this.code = code;
    this.field = options.field;
    this.params = params;
    const { cause } = options;
    this.#zhParams =
      options.zhParams === undefined && cause instanceof ServerError && cause.code === code
        ? cause.#zhParams
        : options.zhParams;
  }

  localize(language: Language): string {
    const entry = SERVER_ERROR_TABLE[this.code];
    if (language === 'en') return format(entry.en, this.params);
    return format(entry.zh, this.#zhParams === undefined ? this.params : { ...this.params, ...this.#zhParams });
  }
}

export function isServerError(value: unknown): value is ServerError {
  return value instanceof ServerError;
}

/** Every server code with its messages, for documentation. */
export function serverErrorCatalogue(): ReadonlyArray<{ code: ServerErrorCode } & ErrorMessage> {
  return (Object.keys(SERVER_ERROR_TABLE) as ServerErrorCode[]).map((c) => ({ code: c, ...SERVER_ERROR_TABLE[c] }));
}
