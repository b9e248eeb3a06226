// Public surface of `showing/`: online verification and the nonce register.
export { type NonceSighting, recordNonce } from './record-nonce.js';
export { registerShowingRoutes } from './showing.routes.js';
export {
  type CurrentStatus,
  type OnlineCheck,
  type OnlineVerdict,
  VERIFY_MODES,
  type VerifyMode,
  type VerifyOnlineInput,
  verifyOnline,
} from './verify-online.js';
