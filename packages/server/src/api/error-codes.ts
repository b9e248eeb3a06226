import type { ErrorTable } from '@hutong/core';

/**
 * Error codes of the HTTP layer (`api/`): refusals that happen before any use case runs.
 * Messages: English, then Chinese; `{name}` takes a param. Their HTTP statuses live in
 * the one table `error-status.ts`.
 */
export const apiErrors = {
  ERR_API_NOT_FOUND: {
    en: 'Nothing exists at {path}.',
    zh: '路径 {path} 不存在。',
  },
  ERR_API_METHOD_NOT_ALLOWED: {
    en: 'Method {method} is not allowed on {path}; allowed: {allow}.',
    zh: '接口 {path} 不支持 {method} 方法，可用方法：{allow}。',
  },
  ERR_API_BODY_TOO_LARGE: {
    en: 'The request body is larger than the limit of {limit} bytes.',
    zh: '请求体超过 {limit} 字节的上限。',
  },
  ERR_API_UNSUPPORTED_MEDIA_TYPE: {
    en: 'The request body has an unsupported media type {mediaType}.',
    zh: '不支持请求体的媒体类型 {mediaType}。',
  },
  ERR_API_BAD_REQUEST: {
    en: 'The request is malformed: {reason}',
    zh: '请求格式有误：{reason}',
  },
  ERR_API_INTERNAL: {
    en: 'An internal error occurred; quote request id {requestId} when reporting it.',
    zh: '服务器内部错误；反馈问题时请提供请求编号 {requestId}。',
  },
  ERR_API_WEB_NOT_BUILT: {
    en: 'The web interface is not built on this server (run `npm run build`).',
    zh: '本服务器尚未构建网页界面（请运行 `npm run build`）。',
  },
  // `hutong serve --workers N` (serve-cluster.ts): a worker process could not start serving.
  ERR_API_WORKER_FAILED: {
    en: 'A worker process of the node could not start ({code}): {message}',
    zh: '节点的工作进程无法启动（{code}）：{message}',
  },
} as const satisfies ErrorTable;
