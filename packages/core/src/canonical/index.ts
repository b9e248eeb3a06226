// Public surface of `canonical/`: everything other code may import from here.

export {
  type CanonicalMember,
  canonicalMember,
  canonicalMembers,
  joinCanonicalMembers,
} from './canonical-members.js';
export {
  canonicalBytes,
  canonicalize,
  canonicalStringText,
  hasLoneSurrogate,
  MAX_JSON_DEPTH,
} from './canonicalize.js';
export { jsonPathIndex, jsonPathMember } from './json-path.js';
export { parseJson } from './parse-json.js';
