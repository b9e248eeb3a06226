/**
 * `hutong verify-signature --suite S --pub pub.pem --in FILE --sig SIG [--id ID]`
 *
 * Verifies a signature over the bytes of FILE with an SPKI PEM public key. The signature may
 * be DER SEQUENCE{r, s} (what OpenSSL and `hutong sign` write for sm2-sm3 and ecdsa-p256) or
 * raw r‖s (64 bytes, Hutong's document form); ed25519 signatures are always the raw 64 bytes.
 * Prints one JSON verdict and exits 0 when valid, 1 when not:
 *   {"valid":true|false,"suite":"…","keyId":"…","reason":null|"…"}
 * Bad input (unreadable files, a key of another suite, a malformed key or signature
 * encoding) exits 2 with {"error":{"code","message","field"}} (see crypto-command.ts).
 */
import {
  DEFAULT_SM2_ID,
  derToRawSignature,
  describeSuite,
  HutongError,
  importVerificationKeyPem,
  parseSuiteName,
  type SuiteName,
} from '@hutong/core';
import { nodeCryptoProvider } from '@hutong/server';
import { type Command, printJson } from '../command.js';
import { LANG_OPTION_HELP } from '../language.js';
import { parseOptions, readInput, readText, required, runCryptoCommand } from './crypto-command.js';

const USAGE = `Usage: hutong verify-signature --suite <suite> --pub <pub.pem> --in <file> --sig <sig> [--id <id>]

Verifies a signature over the bytes of <file> with an SPKI PEM public key whose suite
must be <suite> (sm2-sm3, ed25519 or ecdsa-p256). Signature encodings accepted:
  sm2-sm3, ecdsa-p256  DER SEQUENCE{r,s} (OpenSSL, hutong sign) or raw r||s (64 bytes)
  ed25519              raw 64 bytes
  --id  SM2 distinguishing ID (sm2-sm3 only; default ${DEFAULT_SM2_ID})
  ${LANG_OPTION_HELP.en}
Prints {"valid","suite","keyId","reason"}; exit 0 valid, 1 invalid, 2 bad input with
{"error":{"code","message","field"}}.
`;

const DER_SEQUENCE = 0x30;

/**
 * The raw forms a signature file may stand for: strict DER first; 64 bytes are also tried as
 * raw r‖s, so the (astronomically rare) 64-byte value that is also valid DER is not misread.
 */
function candidates(suite: SuiteName, bytes: Uint8Array): Uint8Array[] {
  const { derSignature, signatureLength: rawLength } = describeSuite(suite);
  if (!derSignature) {
    if (bytes.length !== rawLength) {
      throw new HutongError('ERR_CRYPTO_SIGNATURE_LENGTH', {
        field: 'sig',
        params: { suite, expected: rawLength, actual: bytes.length },
      });
    }
    return [bytes];
  }
  try {
    const der = derToRawSignature(bytes, suite);
    return bytes.length === rawLength ? [der, bytes] : [der];
  } catch (error) {
    if (bytes.length === rawLength) return [bytes];
    // Neither form: say why as DER when it looks like DER, else as a length.
    if (bytes[0] === DER_SEQUENCE) throw error;
    throw new HutongError('ERR_CRYPTO_SIGNATURE_LENGTH', {
      field: 'sig',
      params: { suite, expected: rawLength, actual: bytes.length },
    });
  }
}

export const verifySignature: Command = (argv, io) =>
  runCryptoCommand(io, USAGE, argv, async () => {
    const parsed = parseOptions(argv, ['suite', 'pub', 'in', 'sig', 'id'] as const);
    if (parsed === undefined) {
      io.stdout(USAGE);
      return 0;
    }
    const { values } = parsed;
    const suite = parseSuiteName(required(values, 'suite'));
    const pubPath = required(values, 'pub');
    const inPath = required(values, 'in');
    const sigPath = required(values, 'sig');

    const key = await importVerificationKeyPem(await readText(io, pubPath, 'pub'), {
      suite,
      provider: nodeCryptoProvider,
      ...(values.id === undefined ? {} : { distinguishingId: values.id }),
    });
    const data = await readInput(io, inPath, 'in');
    const forms = candidates(suite, await readInput(io, sigPath, 'sig'));
    let valid = false;
    for (const raw of forms) {
      if (await key.verify(data, raw)) {
        valid = true;
        break;
      }
    }
    printJson(io, {
      valid,
      suite,
      keyId: key.keyId,
      reason: valid ? null : 'the signature does not verify with this key over these bytes',
    });
    return valid ? 0 : 1;
  });
