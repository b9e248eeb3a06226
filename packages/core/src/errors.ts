/**
 * One error type for the whole core (the sigstore-js / jose model): a stable `code`
 * from a closed union, the `field` at fault, and messages in Chinese and English.
 *
 * Each domain folder keeps its own table of codes in `error-codes.ts` (so that
 * domains never edit one shared file); this module merges them into the closed
 * union `HutongErrorCode`. Only the API layer maps codes to HTTP statuses.
 */
import { canonicalErrors } from './canonical/error-codes.js';
import { catalogueErrors } from './catalogue/error-codes.js';
import { cryptoErrors } from './crypto/error-codes.js';
import { identifierErrors } from './identifiers/error-codes.js';
import { licenceErrors } from './licence/error-codes.js';
import { merkleErrors } from './merkle/error-codes.js';
import { printingErrors } from './printing/error-codes.js';
import { showingErrors } from './showing/error-codes.js';
import { statusErrors } from './status/error-codes.js';
import { trustErrors } from './trust/error-codes.js';
import { verifyErrors } from './verify/error-codes.js';

/** A message template in both languages; `{name}` is replaced by the error's params. */
export interface ErrorMessage {
  readonly en: string;
  readonly zh: string;
}

export type ErrorTable = Readonly<Record<`ERR_${string}`, ErrorMessage>>;

const ERROR_TABLE = {
  ...canonicalErrors,
  ...catalogueErrors,
  ...cryptoErrors,
  ...identifierErrors,
  ...licenceErrors,
  ...merkleErrors,
  ...printingErrors,
  ...showingErrors,
  ...statusErrors,
  ...trustErrors,
  ...verifyErrors,
} as const satisfies ErrorTable;

export type HutongErrorCode = keyof typeof ERROR_TABLE;

/** Languages Hutong speaks: Chinese first (the UI default), English second. */
export type Language = 'zh-CN' | 'en';

export type ErrorParams = Readonly<Record<string, string | number>>;

export interface HutongErrorOptions {
  /** The input field (or segment) at fault, e.g. `certificateHolderCode` or `check`. */
  readonly field?: string;
  /** The machine-readable values of the template's placeholders; the English message reads them as they are. */
  readonly params?: ErrorParams;
  /**
   * Values that read differently in Chinese, merged over `params` for the zh-CN message only
   * (the server's `ServerError` has the same option): a `reason` written as English prose
   * would otherwise put English inside a Chinese message ("message in the caller's language").
   */
  readonly zhParams?: ErrorParams;
  /**
   * The error this one reports. When it is a HutongError of the same code (an error relabelled
   * with the caller's field, its params kept or extended) and `zhParams` is not given, its
   * `zhParams` carry over: relabelling must not bring the English back into the Chinese message.
   */
  readonly cause?: unknown;
}

/**
 * Templates split once at their `{name}` placeholders (text, name, text, … — `split` with a
 * capturing group): verdicts format a message for every failed or not-run check, on the
 * verifiers' hot paths. Bounded by the table (two languages a code).
 */
const compiledTemplates = new Map<string, readonly string[]>();

function format(template: string, params: ErrorParams): string {
  let parts = compiledTemplates.get(template);
  if (parts === undefined) {
    parts = template.split(/\{(\w+)\}/);
    compiledTemplates.set(template, parts);
  }
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = params[name];
    // A placeholder without its parameter stays as written.
    out += value === undefined ? `{${name}}` : String(value);
    out += parts[i + 1] as string;
  }
  return out;
}

/**
 * The message of `code` with `params`, without making an error: a verdict's failed check
 * carries the message as its reason, and an `Error` would capture a stack trace per check.
 *
 * `zhParams` (see `HutongErrorOptions`) are read over `params` in the zh-CN message only.
 *
 * @example errorMessage('ERR_VERIFY_SKIPPED_NO_KEY', { keyId: 'k1' }) // 'Not checked: …'
 */
export function errorMessage(
  code: HutongErrorCode,
  params: ErrorParams = {},
  language: Language = 'en',
  zhParams?: ErrorParams,
): string {
  const entry = ERROR_TABLE[code];
  if (language === 'en') return format(entry.en, params);
  return format(entry.zh, zhParams === undefined ? params : { ...params, ...zhParams });
}

export class HutongError extends Error {
  readonly code: HutongErrorCode;
  readonly field: string | undefined;
  readonly params: ErrorParams;
  /** The Chinese values of some of `params`, for the zh-CN message (`undefined` when none differ). */
  readonly zhParams: ErrorParams | undefined;

  constructor(code: HutongErrorCode, options: HutongErrorOptions = {}) {
    const params = options.params ?? {};
    super(errorMessage(code, params), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HutongError';
    this.code = code;
    this.field = options.field;
    this.params = params;
    const { cause } = options;
    this.zhParams =
      options.zhParams === undefined && cause instanceof HutongError && cause.code === code
        ? cause.zhParams
        : options.zhParams;
  }

  /** The message in the caller's language (`Accept-Language`, the UI's locale). */
  localize(language: Language): string {
    return errorMessage(this.code, this.params, language, this.zhParams);
  }

  toJSON(language: Language = 'en'): { code: HutongErrorCode; message: string; field?: string } {
    const out: { code: HutongErrorCode; message: string; field?: string } = {
      code: this.code,
      message: this.localize(language),
    };
    if (this.field !== undefined) out.field = this.field;
    return out;
  }
}

export function isHutongError(value: unknown): value is HutongError {
  return value instanceof HutongError;
}

/** Every code with its messages, for documentation and for the API's error table. */
export function errorCatalogue(): ReadonlyArray<{ code: HutongErrorCode } & ErrorMessage> {
  return (Object.keys(ERROR_TABLE) as HutongErrorCode[]).map((code) => ({ code, ...ERROR_TABLE[code] }));
}
