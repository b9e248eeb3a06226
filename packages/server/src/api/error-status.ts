import { isHutongError } from '@hutong/core';
import type { LocalizedError, ServerErrorCode } from '../errors.js';

/** The one table from the server's error codes to HTTP statuses. */
const SERVER_STATUS = {
  ERR_API_NOT_FOUND: 404,
  ERR_API_METHOD_NOT_ALLOWED: 405,
  ERR_API_BODY_TOO_LARGE: 413,
  ERR_API_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_API_BAD_REQUEST: 400,
  ERR_API_INTERNAL: 500,
  ERR_API_WEB_NOT_BUILT: 503,
  ERR_STORE_UNAVAILABLE: 503,
  ERR_STORE_URL_INVALID: 500,
  ERR_STORE_SCHEMA_TOO_NEW: 503,
  ERR_STORE_MIGRATION_FAILED: 503,
  ERR_ISSUANCE_IDEMPOTENCY_KEY: 400,
  ERR_ISSUANCE_IDEMPOTENCY_CONFLICT: 409,
  ERR_ISSUANCE_BATCH_SIZE: 400,
  ERR_ISSUANCE_HOLDER_CATEGORY: 422,
  ERR_ISSUANCE_DATE: 422,
  ERR_ISSUANCE_DATE_ORDER: 422,
  ERR_ISSUANCE_DUPLICATE: 409,
  ERR_ISSUANCE_KEY_UNKNOWN: 422,
  ERR_ISSUANCE_KEY_NOT_VALID: 422,
  ERR_ISSUANCE_SIGNATURE_INVALID: 422,
  ERR_ISSUANCE_SUITE_NOT_ALLOWED: 422,
  ERR_ISSUANCE_TYPE_NAME: 422,
  ERR_LIBRARY_NOT_FOUND: 404,
  ERR_LIBRARY_USE_CAUSE_REQUIRED: 400,
  ERR_LIBRARY_CURSOR_INVALID: 400,
  ERR_LIBRARY_QUERY_FILTER: 400,
  ERR_LIBRARY_TYPE_FORBIDDEN: 403,
  ERR_STATUS_LIST_NOT_FOUND: 404,
  ERR_STATUS_CHANGE_VERSION: 422,
  ERR_STATUS_CHANGE_NOTHING: 422,
  ERR_STATUS_NOT_ISSUER: 403,
  ERR_NOTIFICATIONS_URL_INVALID: 422,
  ERR_NOTIFICATIONS_NOT_FOUND: 404,
  ERR_NOTIFICATIONS_TYPE_FORBIDDEN: 403,
} as const satisfies Record<ServerErrorCode, number>;

/**
 * Core's errors are refusals of well-formed but invalid content (a bad check character,
 * an illegal status transition): 422 Unprocessable Content (RFC 9110 §15.5.21) unless a
 * use case states otherwise when it introduces a code that means something else.
 */
const CORE_ERROR_STATUS = 422;

/**
 * The HTTP status of an error the API presents.
 *
 * @example httpStatusOf(new ServerError('ERR_API_NOT_FOUND', { params: { path: '/api/x' } })) // 404
 */
export function httpStatusOf(error: LocalizedError): number {
  if (isHutongError(error)) return CORE_ERROR_STATUS;
  return (SERVER_STATUS as Readonly<Record<string, number>>)[error.code] ?? 500;
}
