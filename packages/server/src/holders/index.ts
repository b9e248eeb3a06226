/** Holder sign-in and "my licences" (issue 5 items 1–2): docs/design/holder-sign-in.md. */
export { DEFAULT_HOLDER_SESSION_POLICY, type HolderSessionPolicy } from './holder-session.js';
export type { HolderSignInOptions } from './holders.routes.js';
export { type OidcSettings, oidcSettingsFromEnv } from './sign-in-with-oidc.js';
