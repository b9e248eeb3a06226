/**
 * `hutong id check <value> [--kind licence|citizen|uscc] [--legacy] [--lang en|zh-CN]`: checks a licence
 * identifier (GB/T 36904), a citizen ID number (GB 11643) or a unified social credit code
 * (GB 32100) and prints ONE JSON object:
 *   {"valid":true,"kind":"licence"|"citizen"|"uscc", ...details}                       exit 0
 *   {"valid":false,"kind":…|null,"error":{"code":"ERR_…","message":"…","field":"…"}}    exit 1
 * Details: a licence identifier's parts; a citizen ID's areaCode, birthDate and sex; with
 * --legacy, a USCC's warnings. A usage mistake (no value, unknown option or kind) is not a
 * verdict on a value: it goes to stderr with exit 2, like the dispatcher's own usage errors.
 * Messages are in the caller's language (`--lang`, else the locale; see `languageOf`).
 */
import { parseArgs } from 'node:util';
import {
  checkUscc,
  citizenIdInfo,
  HutongError,
  type IdentifierKind,
  identifyKind,
  type Language,
  licenceIdParts,
  parseCitizenId,
  parseLicenceId,
} from '@hutong/core';
import { type CliIo, type Command, printJson } from '../command.js';
import { environmentLanguage, LANG_OPTION_HELP, languageOf } from '../language.js';

const KINDS: readonly IdentifierKind[] = ['licence', 'citizen', 'uscc'];

const USAGE: Readonly<Record<Language, string>> = {
  en: `Usage: hutong id check <value> [--kind licence|citizen|uscc] [--legacy] [--lang en|zh-CN]

Checks a licence identifier (GB/T 36904), citizen ID number (GB 11643) or unified
social credit code (GB 32100) and prints one JSON object; exit 0 valid, 1 invalid.
  --kind     what the value is (default: inferred from its shape)
  --legacy   accept a USCC whose check characters fail, with warnings (legacy stock)
  ${LANG_OPTION_HELP.en}
`,
  'zh-CN': `用法：hutong id check <值> [--kind licence|citizen|uscc] [--legacy] [--lang en|zh-CN]

校验电子证照标识（GB/T 36904）、公民身份号码（GB 11643）或统一社会信用代码
（GB 32100），输出一个 JSON 对象；有效时退出码为 0，无效时为 1。
  --kind     值的种类（默认：按其形式推断）
  --legacy   接受校验码不符的统一社会信用代码并给出警告（存量数据）
  ${LANG_OPTION_HELP['zh-CN']}
`,
};

/** The usage mistakes, in each language. */
const PROBLEMS = {
  noValue: { en: 'no value to check', 'zh-CN': '没有要校验的值' },
  oneValue: { en: 'give exactly one value to check', 'zh-CN': '只能给出一个要校验的值' },
  unknownKind: {
    en: (kind: string) => `unknown kind '${kind}' (licence, citizen or uscc)`,
    'zh-CN': (kind: string) => `未知的种类“${kind}”（应为 licence、citizen 或 uscc）`,
  },
  unknownLang: {
    en: (lang: string) => `unknown language '${lang}' (en or zh-CN)`,
    'zh-CN': (lang: string) => `未知的语言“${lang}”（应为 en 或 zh-CN）`,
  },
} as const;

function isKind(value: string): value is IdentifierKind {
  return (KINDS as readonly string[]).includes(value);
}

function usageError(io: CliIo, language: Language, problem: string): number {
  io.stderr(`hutong id check: ${problem}\n\n${USAGE[language]}`);
  return 2;
}

/** The details a valid value reports; throws the core's HutongError when it is not valid. */
function details(kind: IdentifierKind, value: string, legacy: boolean): Record<string, unknown> {
  switch (kind) {
    case 'licence':
      return { ...licenceIdParts(parseLicenceId(value)) };
    case 'citizen':
      return { ...citizenIdInfo(parseCitizenId(value)) };
    case 'uscc': {
      const { warnings } = checkUscc(value, { legacy });
      return legacy ? { warnings } : {};
    }
  }
}

export const idCheck: Command = async (argv, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // parseArgs throws a TypeError (ERR_PARSE_ARGS_*) for unknown options and missing values;
    // its message is Node's, in English, and --lang could not be read: the usage follows the locale.
    return usageError(io, environmentLanguage(io.env), error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const language = languageOf(values.lang, io.env);
  if (language === null) {
    const fallback = environmentLanguage(io.env);
    return usageError(io, fallback, PROBLEMS.unknownLang[fallback](values.lang ?? ''));
  }
  if (values.help === true) {
    io.stdout(USAGE[language]);
    return 0;
  }
  if (positionals.length !== 1) {
    return usageError(io, language, PROBLEMS[positionals.length === 0 ? 'noValue' : 'oneValue'][language]);
  }
  const value = positionals[0] ?? '';
  if (values.kind !== undefined && !isKind(values.kind)) {
    return usageError(io, language, PROBLEMS.unknownKind[language](values.kind));
  }

  const kind = values.kind ?? identifyKind(value);
  if (kind === undefined) {
    const error = new HutongError('ERR_IDENTIFIER_KIND_UNKNOWN', {
      field: 'kind',
      params: { value: value.length > 40 ? `${value.slice(0, 39)}…` : value },
    });
    printJson(io, { valid: false, kind: null, error: error.toJSON(language) });
    return 1;
  }
  try {
    printJson(io, { valid: true, kind, ...details(kind, value, values.legacy === true) });
    return 0;
  } catch (error) {
    if (!(error instanceof HutongError)) throw error;
    printJson(io, { valid: false, kind, error: error.toJSON(language) });
    return 1;
  }
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      kind: { type: 'string' },
      legacy: { type: 'boolean' },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}
