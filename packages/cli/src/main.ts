/**
 * `hutong` entry point: dispatches to sub-commands, loaded lazily so that
 * `hutong id check` does not pay for starting a web server.
 */
import type { CliIo, Command } from './command.js';

type Loader = () => Promise<Command>;

/** Sub-commands by their words; two-word commands (`id check`) are keyed with a space. */
const COMMANDS: Readonly<Record<string, { loader: Loader; summary: string }>> = {
  'id check': {
    loader: async () => (await import('./commands/id-check.js')).idCheck,
    summary: 'check a licence identifier, citizen ID number or unified social credit code',
  },
  keygen: {
    loader: async () => (await import('./commands/keygen.js')).keygen,
    summary: 'generate a key pair (PKCS#8 / SPKI PEM) for sm2-sm3, ed25519 or ecdsa-p256',
  },
  sign: {
    loader: async () => (await import('./commands/sign.js')).sign,
    summary: "sign a file's bytes",
  },
  'verify-signature': {
    loader: async () => (await import('./commands/verify-signature.js')).verifySignature,
    summary: "verify a signature over a file's bytes",
  },
  'audit verify': {
    loader: async () => (await import('./commands/audit-verify.js')).auditVerify,
    summary: 'check that the audit trail was not edited, deleted or reordered',
  },
  'catalogue list': {
    loader: async () => (await import('./commands/catalogue-list.js')).catalogueList,
    summary: 'print the published licence types with their issuers and face fields (JSON)',
  },
  'licence get': {
    loader: async () => (await import('./commands/licence-get.js')).licenceGet,
    summary: 'print a licence with its status, encumbrances and versions (JSON)',
  },
  import: {
    loader: async () => (await import('./commands/import.js')).importCommand,
    summary: 'import legacy records (存量证照) from a .csv or .xlsx file as licences',
  },
  'log verify': {
    loader: async () => (await import('./commands/log-verify.js')).logVerify,
    summary: "monitor a node's transparency log (or check a log receipt offline)",
  },
  verify: {
    loader: async () => (await import('./commands/verify.js')).verify,
    summary: 'verify a show code or a licence file offline against a trust list (JSON verdict)',
  },
  'trust-list export': {
    loader: async () => (await import('./commands/trust-list-export.js')).trustListExport,
    summary: "write the node's signed trust list (and its anchor) to a file",
  },
  serve: {
    loader: async () => (await import('./commands/serve.js')).serve,
    summary: 'start the Hutong server (web UI and API)',
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  hutong ${name.padEnd(18)} ${summary}`);
  return `Usage: hutong <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: readonly string[], io?: CliIo): Promise<number> {
  const out: CliIo = io ?? {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
  };
  const [first, second] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    out.stdout(usage());
    return 0;
  }
  // No command is a usage mistake: its usage goes to stderr like every other one (exit 2), so
  // that stdout carries only what a command answers (the CLI contracts' JSON).
  if (first === undefined) {
    out.stderr(`hutong: no command given\n\n${usage()}`);
    return 2;
  }
  const two = second === undefined ? undefined : COMMANDS[`${first} ${second}`];
  const entry = two ?? COMMANDS[first];
  if (entry === undefined) {
    out.stderr(`hutong: unknown command '${argv.slice(0, 2).join(' ')}'\n\n${usage()}`);
    return 2;
  }
  const command = await entry.loader();
  return command(argv.slice(two ? 2 : 1), out);
}
