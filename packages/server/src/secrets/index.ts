// Public surface of `secrets/`: the master key and the purpose keys derived from it.
export { secretsErrors } from './error-codes.js';
export {
  type MasterKeyRotation,
  type RotateMasterKeyOptions,
  rotateMasterKey,
  secretsAfterRotation,
} from './rotate-master-key.js';
export { type RotateMasterKeyFileOptions, rotateMasterKeyFile } from './rotate-master-key-file.js';
export { issuerKeyAssociatedData, SEALED_COLUMNS, type SealedColumn } from './sealed-columns.js';
export { isSealedUnderPrevious, openSealedValue, sealValue } from './sealed-value.js';
export {
  createSecrets,
  decodeMasterKey,
  type LoadSecretsOptions,
  loadSecrets,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE,
  PREVIOUS_MASTER_KEYS_ENV,
  PREVIOUS_MASTER_KEYS_FILE,
  SECRET_PURPOSES,
  type SecretPurpose,
  type Secrets,
  STAGED_MASTER_KEY_FILE,
} from './secrets.js';
