// Public surface of `trust/`: the node's keys and its signed trust list.
export {
  buildNodeTrustList,
  type NodeTrustAnchor,
  type NodeTrustListOptions,
  nodeTrustAnchor,
  TRUST_LIST_LIFETIME_MS,
} from './build-node-trust-list.js';
export {
  ensureNodeKey,
  NODE_KEY_PURPOSES,
  type NodeKey,
  type NodeKeyPurpose,
  nodeKeyAssociatedData,
} from './node-keys.js';
export { nodeOperatorOf, setNodeOperator } from './node-operator.js';
export { nodePublicUrlOf, recordNodePublicUrl } from './node-public-url.js';
export { registerTrustRoutes, TRUST_LIST_MAX_AGE_SECONDS } from './trust.routes.js';
