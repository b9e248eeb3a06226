import { verifyLicence, verifyLogReceipt } from '@hutong/core';
import { nodeHashProvider } from '../../packages/server/src/merkle/node-hash-provider.js';
import { startHutongNode } from './hutong-node.js';
const n = await startHutongNode();
const id = n.licence.metadata.certificateIdentifier;
async function time(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 200; i++) await f();
  const t = performance.now(); const N = 1000;
  for (let i = 0; i < N; i++) await f();
  console.log(name, ((performance.now() - t) / N).toFixed(3), 'ms');
}
await time('verifyLicence no status', () => verifyLicence(n.licenceText, { keys: n.trust.keys, at: new Date() }));
await time('receipt', () => verifyLogReceipt(n.receipt, n.trust.logKeys[0]!.verifier, { target: id, hashes: nodeHashProvider }));
await time('receipt noble', () => verifyLogReceipt(n.receipt, n.trust.logKeys[0]!.verifier, { target: id }));
await time('sig only', async () => { const i = await n.trust.keys.resolveIssuer(n.licence.metadata.certificateIssuingAuthorityCode as never); return i; });
await n.close();
process.exit(0);
