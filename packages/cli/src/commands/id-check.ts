/**
 * `hutong id check <value> [--kind licence|citizen|uscc] [--legacy]`: checks a licence
 * identifier (GB/T 36904), a citizen ID number (GB 11643) or a unified social credit code
 * (GB 32100) and prints ONE JSON object:
 *   {"valid":true,"kind":"licence"|"citizen"|"uscc", ...details}                       exit 0
 *   {"valid":false,"kind":…|null,"error":{"code":"ERR_…","message":"…","field":"…"}}    exit 1
 * Details: a licence identifier's parts; a citizen ID's areaCode, birthDate and sex; with
 * --legacy, a USCC's warnings. A usage mistake (no value, unknown option or kind) is not a
 * verdict on a value: it goes to stderr with exit 2, like the dispatcher's own usage errors.
 */
import { parseArgs } from 'node:util';
import {
  checkUscc,
  citizenIdInfo,
  HutongError,
  type IdentifierKind,
  identifyKind,
  licenceIdParts,
  parseCitizenId,
  parseLicenceId,
} from '@hutong/core';
import { type CliIo, type Command, printJson } from '../command.js';

const KINDS: readonly IdentifierKind[] = ['licence', 'citizen', 'uscc'];

const USAGE = `Usage: hutong id check <value> [--kind licence|citizen|uscc] [--legacy]

Checks a licence identifier (GB/T 36904), citizen ID number (GB 11643) or unified
social credit code (GB 32100) and prints one JSON object; exit 0 valid, 1 invalid.
  --kind     what the value is (default: inferred from its shape)
  --legacy   accept a USCC whose check characters fail, with warnings (legacy stock)
`;

function isKind(value: string): value is IdentifierKind {
  return (KINDS as readonly string[]).includes(value);
}

function usageError(io: CliIo, problem: string): number {
  io.stderr(`hutong id check: ${problem}\n\n${USAGE}`);
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
    // parseArgs throws a TypeError (ERR_PARSE_ARGS_*) for unknown options and missing values.
    return usageError(io, error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    return usageError(io, positionals.length === 0 ? 'no value to check' : 'give exactly one value to check');
  }
  const value = positionals[0] ?? '';
  if (values.kind !== undefined && !isKind(values.kind)) {
    return usageError(io, `unknown kind '${values.kind}' (licence, citizen or uscc)`);
  }

  const kind = values.kind ?? identifyKind(value);
  if (kind === undefined) {
    const error = new HutongError('ERR_IDENTIFIER_KIND_UNKNOWN', {
      field: 'kind',
      params: { value: value.length > 40 ? `${value.slice(0, 39)}…` : value },
    });
    printJson(io, { valid: false, kind: null, error: error.toJSON('en') });
    return 1;
  }
  try {
    printJson(io, { valid: true, kind, ...details(kind, value, values.legacy === true) });
    return 0;
  } catch (error) {
    if (!(error instanceof HutongError)) throw error;
    printJson(io, { valid: false, kind, error: error.toJSON('en') });
    return 1;
  }
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      kind: { type: 'string' },
      legacy: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
}
