// The digitalbazaar packages ship no type declarations; the bench calls them as documented.
declare module '@digitalbazaar/credentials-context';
declare module '@digitalbazaar/data-integrity';
declare module '@digitalbazaar/data-integrity-context';
declare module '@digitalbazaar/ed25519-multikey';
declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
declare module '@digitalbazaar/security-context';
declare module '@digitalbazaar/vc';
