/**
 * `hutong keygen --suite sm2-sm3|ed25519|ecdsa-p256 --out key.pem [--pub pub.pem] [--force]`
 *
 * Writes a fresh private key as unencrypted PKCS#8 PEM (mode 0600) and, with --pub, its public
 * key as SPKI PEM — the files `openssl genpkey` / `openssl pkey -pubout` write, which OpenSSL 3
 * reads (SM2: id-ecPublicKey with curve 1.2.156.10197.1.301). Prints one JSON line:
 *   {"suite":"sm2-sm3","keyId":"<RFC 7638 thumbprint>","out":"/abs/key.pem","pub":"/abs/pub.pem"|null}
 * Never overwrites an existing file unless --force. Errors: see crypto-command.ts (exit 2).
 */
import { chmod, writeFile } from 'node:fs/promises';
import { exportPkcs8Pem, exportSpkiPem, generateSigningKey, parseSuiteName } from '@hutong/core';
import { nodeCryptoProvider } from '@hutong/server';
import { type Command, printJson } from '../command.js';
import { LANG_OPTION_HELP } from '../language.js';
import { CliError, parseOptions, required, resolvePath, runCryptoCommand } from './crypto-command.js';

const USAGE = `Usage: hutong keygen --suite <suite> --out <key.pem> [--pub <pub.pem>] [--force]

Generates a key pair and writes the private key as PKCS#8 PEM (mode 0600) and, with
--pub, the public key as SPKI PEM. Both are what OpenSSL 3 reads and writes.
  --suite   sm2-sm3 (SM2 with SM3, GB/T 32918), ed25519 or ecdsa-p256
  --out     the private key file
  --pub     the public key file (optional)
  --force   overwrite existing files (default: refuse)
  ${LANG_OPTION_HELP.en}
Prints {"suite","keyId","out","pub"}; keyId is the RFC 7638 JWK thumbprint.
Exit 0 on success, 2 with {"error":{"code","message","field"}} on bad input.
`;

async function writeNew(path: string, text: string, force: boolean, field: string, mode?: number): Promise<void> {
  try {
    await writeFile(path, text, { flag: force ? 'w' : 'wx', ...(mode === undefined ? {} : { mode }) });
    // An existing file keeps its old mode when overwritten: set it explicitly.
    if (mode !== undefined) await chmod(path, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new CliError('ERR_CLI_FILE_EXISTS', `--${field} file ${path} exists (use --force to overwrite)`, field);
    }
    throw new CliError('ERR_CLI_FILE_UNWRITABLE', `Cannot write --${field} file ${path} (${code ?? 'error'})`, field);
  }
}

export const keygen: Command = (argv, io) =>
  runCryptoCommand(io, USAGE, argv, async () => {
    const parsed = parseOptions(argv, ['suite', 'out', 'pub'] as const);
    if (parsed === undefined) {
      io.stdout(USAGE);
      return 0;
    }
    const { values, force } = parsed;
    const suite = parseSuiteName(required(values, 'suite'));
    const out = resolvePath(io, required(values, 'out'));
    const pub = values.pub === undefined ? null : resolvePath(io, values.pub);
    if (pub === out) throw new CliError('ERR_CLI_USAGE', '--pub and --out must be different files', 'pub');

    const key = await generateSigningKey(suite, { provider: nodeCryptoProvider });
    // The private key file is created with mode 0600 from the start: never readable by others.
    await writeNew(out, exportPkcs8Pem(key), force, 'out', 0o600);
    if (pub !== null) await writeNew(pub, exportSpkiPem(key), force, 'pub');
    printJson(io, { suite, keyId: key.keyId, out, pub });
    return 0;
  });
