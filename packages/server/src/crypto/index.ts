// Public surface of the server's `crypto/`: the node:crypto platform provider for core's suites.
export { createNodeCryptoProvider, nodeCryptoProvider } from './node-crypto-provider.js';
