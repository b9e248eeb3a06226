/**
 * `hutong sign --suite S --key key.pem --in FILE --out SIG [--id ID]`
 *
 * Signs the bytes of FILE with a PKCS#8 PEM private key and writes the signature in the form
 * OpenSSL 3 verifies:
 *   sm2-sm3     DER SEQUENCE{r, s} (GB/T 35276 style), SM3 with distinguishing ID
 *               1234567812345678 unless --id: `openssl pkeyutl -verify -pubin -inkey pub.pem
 *               -rawin -in FILE -sigfile SIG -digest sm3 -pkeyopt distid:1234567812345678`
 *   ecdsa-p256  DER SEQUENCE{r, s} over SHA-256: `openssl dgst -sha256 -verify pub.pem -signature SIG FILE`
 *   ed25519     the raw 64 bytes R‖S (RFC 8032): `openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in FILE -sigfile SIG`
 * Prints {"suite","keyId","out","encoding":"der"|"raw"}. Errors: see crypto-command.ts (exit 2).
 */
import { writeFile } from 'node:fs/promises';
import { DEFAULT_SM2_ID, describeSuite, importSigningKeyPem, parseSuiteName, rawToDerSignature } from '@hutong/core';
import { nodeCryptoProvider } from '@hutong/server';
import { type Command, printJson } from '../command.js';
import { LANG_OPTION_HELP } from '../language.js';
import {
  CliError,
  parseOptions,
  readInput,
  readText,
  required,
  resolvePath,
  runCryptoCommand,
} from './crypto-command.js';

const USAGE = `Usage: hutong sign --suite <suite> --key <key.pem> --in <file> --out <sig> [--id <id>]

Signs the bytes of <file> with a PKCS#8 PEM private key (e.g. from hutong keygen or
openssl genpkey). The key's suite must be <suite>. Signature written to <sig>:
  sm2-sm3     DER SEQUENCE{r,s}, SM3, distinguishing ID ${DEFAULT_SM2_ID} (or --id);
              verify: openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in <file>
                      -sigfile <sig> -digest sm3 -pkeyopt distid:${DEFAULT_SM2_ID}
  ecdsa-p256  DER SEQUENCE{r,s} over SHA-256;
              verify: openssl dgst -sha256 -verify pub.pem -signature <sig> <file>
  ed25519     raw 64 bytes (RFC 8032);
              verify: openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in <file> -sigfile <sig>
  --id        SM2 distinguishing ID (sm2-sm3 only)
  ${LANG_OPTION_HELP.en}
Prints {"suite","keyId","out","encoding"}. Exit 0 on success, 2 with
{"error":{"code","message","field"}} on bad input.
`;

export const sign: Command = (argv, io) =>
  runCryptoCommand(io, USAGE, argv, async () => {
    const parsed = parseOptions(argv, ['suite', 'key', 'in', 'out', 'id'] as const);
    if (parsed === undefined) {
      io.stdout(USAGE);
      return 0;
    }
    const { values } = parsed;
    const suite = parseSuiteName(required(values, 'suite'));
    const keyPath = required(values, 'key');
    const inPath = required(values, 'in');
    const out = resolvePath(io, required(values, 'out'));

    const key = await importSigningKeyPem(await readText(io, keyPath, 'key'), {
      suite,
      provider: nodeCryptoProvider,
      ...(values.id === undefined ? {} : { distinguishingId: values.id }),
    });
    const raw = await key.sign(await readInput(io, inPath, 'in'));
    // Ed25519 has no DER form: OpenSSL reads and writes its 64 raw bytes.
    const encoding = describeSuite(suite).derSignature ? 'der' : 'raw';
    try {
      await writeFile(out, encoding === 'raw' ? raw : rawToDerSignature(raw));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new CliError('ERR_CLI_FILE_UNWRITABLE', `Cannot write --out file ${out} (${code})`, 'out');
    }
    printJson(io, { suite, keyId: key.keyId, out, encoding });
    return 0;
  });
