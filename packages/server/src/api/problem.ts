import { STATUS_CODES } from 'node:http';
import { isHutongError, type Language } from '@hutong/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isServerError, type LocalizedError, ServerError } from '../errors.js';
import { localizeEveryProblem, type ProblemJson } from '../request-problems.js';
import { httpStatusOf } from './error-status.js';
import { negotiateLanguage } from './language.js';
import { validationReasonZh } from './validation-reason.js';

/** RFC 9457 §3: the media type of a problem details document. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json; charset=utf-8';

/** An RFC 9457 problem details document, with Hutong's extension members `code`, `field`, `requestId`. */
export interface Problem {
  /**
   * RFC 9457 §3.1.1: a URI naming the problem type. Hutong's are non-resolvable URNs
   * built from the stable error code; clients key on `code`.
   */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** RFC 9457 §3.1.5: the occurrence — here the request path. */
  readonly instance: string;
  readonly code: string;
  readonly field?: string;
  readonly requestId: string;
  /**
   * Every field at fault when the refusal has several (a face with three bad fields, or a
   * licence request with a bad holder code, date and face field, names all of them at once,
   * as a batch item's error does), each with its own code and message in the caller's
   * language: a form shows each beside its input. `code`/`field`/`detail` are the first.
   */
  readonly issues?: readonly ProblemJson[];
}

/** RFC 9457 §3.1.4: `title` stays the same for every occurrence of a status, except for localisation. */
const TITLES: Readonly<Record<number, { readonly en: string; readonly zh: string }>> = {
  400: { en: 'Bad Request', zh: '请求有误' },
  404: { en: 'Not Found', zh: '未找到' },
  405: { en: 'Method Not Allowed', zh: '不支持的请求方法' },
  409: { en: 'Conflict', zh: '状态冲突' },
  413: { en: 'Content Too Large', zh: '请求体过大' },
  415: { en: 'Unsupported Media Type', zh: '不支持的媒体类型' },
  422: { en: 'Unprocessable Content', zh: '内容无法处理' },
  500: { en: 'Internal Server Error', zh: '服务器内部错误' },
  503: { en: 'Service Unavailable', zh: '服务暂不可用' },
};

function titleOf(status: number, language: Language): string {
  const title = TITLES[status];
  if (title !== undefined) return language === 'en' ? title.en : title.zh;
  return STATUS_CODES[status] ?? 'Error';
}

/** Fastify's own refusals carry `statusCode` and an `FST_ERR_*` code. */
function isFrameworkError(error: unknown): error is Error & {
  statusCode: number;
  code?: string;
  validationContext?: string;
  validation?: ReadonlyArray<{ keyword?: string; instancePath?: string; params?: Record<string, unknown> }>;
} {
  return error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number';
}

/**
 * Turns anything a handler or Fastify threw into an error the API can present in two
 * languages. Unknown errors become `ERR_API_INTERNAL`: their messages may carry internals
 * (SQL, paths) and never reach the caller.
 */
export function toLocalizedError(error: unknown, request: FastifyRequest, bodyLimit: number): LocalizedError {
  if (isHutongError(error) || isServerError(error)) return error;
  if (isFrameworkError(error) && error.statusCode >= 400 && error.statusCode < 500) {
    // @fastify/static answers a directory (`/assets/`) or a refused path with 403/404:
    // to the caller both are simply "nothing here" (and no hint of the folder layout).
    if (error.statusCode === 403 || error.statusCode === 404) {
      return new ServerError('ERR_API_NOT_FOUND', { params: { path: request.url.split('?')[0] ?? request.url } });
    }
    if (error.statusCode === 413) return new ServerError('ERR_API_BODY_TOO_LARGE', { params: { limit: bodyLimit } });
    if (error.statusCode === 415) {
      return new ServerError('ERR_API_UNSUPPORTED_MEDIA_TYPE', {
        params: { mediaType: request.headers['content-type'] ?? '(none)' },
      });
    }
    const first = error.validation?.[0];
    // Ajv reports an unknown or a missing member at its parent (`instancePath` '' for the
    // body itself) and names it in `params`: the field at fault is the member.
    const member = first?.params?.additionalProperty ?? first?.params?.missingProperty;
    const instancePath =
      typeof member === 'string' && /^[\w.-]{1,64}$/.test(member)
        ? `${first?.instancePath ?? ''}/${member}`
        : first?.instancePath;
    const reasonZh = validationReasonZh(error);
    return new ServerError('ERR_API_BAD_REQUEST', {
      params: { reason: error.message },
      ...(reasonZh === undefined ? {} : { zhParams: { reason: reasonZh } }),
      ...(instancePath ? { field: instancePath } : {}),
    });
  }
  return new ServerError('ERR_API_INTERNAL', { params: { requestId: request.id }, cause: error });
}

/**
 * Answers with RFC 9457 problem details in the caller's language (`Accept-Language`).
 *
 * @example return sendProblem(request, reply, new ServerError('ERR_API_NOT_FOUND', { params: { path } }));
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: LocalizedError): FastifyReply {
  const language = negotiateLanguage(request.headers['accept-language']);
  const status = httpStatusOf(error);
  const issues = localizeEveryProblem(error, language);
  const problem: Problem = {
    type: `urn:hutong:problem:${error.code}`,
    title: titleOf(status, language),
    status,
    detail: error.localize(language),
    instance: request.url.split('?')[0] ?? request.url,
    code: error.code,
    ...(error.field !== undefined ? { field: error.field } : {}),
    requestId: request.id,
    ...(issues === undefined ? {} : { issues }),
  };
  return reply
    .code(status)
    .header('content-type', PROBLEM_MEDIA_TYPE)
    .header('content-language', language)
    .header('vary', 'Accept-Language')
    .send(JSON.stringify(problem));
}
