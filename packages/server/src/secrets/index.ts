// Public surface of `secrets/`: the master key and the purpose keys derived from it.
export { secretsErrors } from './error-codes.js';
export { isSealedUnderPrevious, openSealedValue, sealValue } from './sealed-value.js';
export {
  createSecrets,
  decodeMasterKey,
  type LoadSecretsOptions,
  loadSecrets,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE,
  PREVIOUS_MASTER_KEYS_ENV,
  SECRET_PURPOSES,
  type SecretPurpose,
  type Secrets,
} from './secrets.js';
