/**
 * The reason of a schema refusal (`ERR_API_BAD_REQUEST`) in Chinese. Fastify's validator (Ajv)
 * writes its messages in English only ("body/useCause must NOT have more than 200 characters"),
 * and that sentence went into the Chinese problem as it was: a caller asking for zh-CN got
 * "请求格式有误：body must have required property 'useCause'". Issue 3 §10 asks for problems
 * "in Chinese or English per Accept-Language"; this says the same thing in Chinese for the
 * keywords Hutong's TypeBox schemas use, and keeps Ajv's English for any other (never nothing).
 */

/** One entry of Fastify's `error.validation` (Ajv's ErrorObject, the members read here). */
export interface ValidationIssue {
  readonly keyword?: string;
  readonly instancePath?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Fastify's refusals of a body before any schema runs (its default JSON parser). */
const PARSER_REASONS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求体为空，但 Content-Type 声明为 application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: '请求体不是有效的 JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求体长度与 Content-Length 不符',
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: '字符串',
  number: '数字',
  integer: '整数',
  boolean: '布尔值',
  object: '对象',
  array: '数组',
  null: 'null',
};

function typeNames(value: unknown): string {
  const names = Array.isArray(value) ? value : [value];
  return names.map((name) => TYPE_NAMES[String(name)] ?? String(name)).join('或');
}

function listed(value: unknown): string {
  return Array.isArray(value) ? value.map((v) => JSON.stringify(v)).join('、') : JSON.stringify(value);
}

/**
 * The Chinese reason for a refusal, or undefined when Ajv's English must stand (an unknown
 * keyword or error code).
 *
 * @example validationReasonZh({ code: 'FST_ERR_VALIDATION', validationContext: 'body', validation: [{ keyword: 'required', instancePath: '', params: { missingProperty: 'useCause' } }] })
 * // 'body 缺少必填字段 useCause'
 */
export function validationReasonZh(error: {
  readonly code?: string | undefined;
  readonly validationContext?: string | undefined;
  readonly validation?: readonly ValidationIssue[] | undefined;
}): string | undefined {
  if (error.code !== undefined && PARSER_REASONS[error.code] !== undefined) return PARSER_REASONS[error.code];
  // A union's branches each report their own refusal before Ajv's `anyOf` sums them up: the
  // first branch's ("must be one of: department") would misstate what the union accepts.
  const first = error.validation?.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf') ?? error.validation?.[0];
  if (first === undefined) return undefined;
  // Fastify names the place as its message does: the part of the request, then the JSON pointer.
  const path = `${error.validationContext ?? 'body'}${first.instancePath ?? ''}`;
  const p = first.params ?? {};
  switch (first.keyword) {
    case 'required':
      return `${path} 缺少必填字段 ${String(p.missingProperty)}`;
    case 'additionalProperties':
      return `${path} 不接受字段 ${String(p.additionalProperty)}`;
    case 'type':
      return `${path} 应为${typeNames(p.type)}`;
    case 'minLength':
      return `${path} 不得少于 ${String(p.limit)} 个字符`;
    case 'maxLength':
      return `${path} 不得多于 ${String(p.limit)} 个字符`;
    case 'minimum':
      return `${path} 不得小于 ${String(p.limit)}`;
    case 'maximum':
      return `${path} 不得大于 ${String(p.limit)}`;
    case 'exclusiveMinimum':
      return `${path} 须大于 ${String(p.limit)}`;
    case 'exclusiveMaximum':
      return `${path} 须小于 ${String(p.limit)}`;
    case 'minItems':
      return `${path} 不得少于 ${String(p.limit)} 项`;
    case 'maxItems':
      return `${path} 不得多于 ${String(p.limit)} 项`;
    case 'minProperties':
      return `${path} 不得少于 ${String(p.limit)} 个字段`;
    case 'maxProperties':
      return `${path} 不得多于 ${String(p.limit)} 个字段`;
    case 'uniqueItems':
      return `${path} 含有重复项`;
    case 'pattern':
      return `${path} 的格式不符合要求`;
    case 'format':
      return `${path} 不是有效的 ${String(p.format)}`;
    case 'enum':
      return `${path} 须为以下取值之一：${listed(p.allowedValues)}`;
    case 'const':
      return `${path} 须为 ${listed(p.allowedValue)}`;
    case 'anyOf':
    case 'oneOf':
      return `${path} 不符合任何一种允许的形式`;
    default:
      return undefined;
  }
}
