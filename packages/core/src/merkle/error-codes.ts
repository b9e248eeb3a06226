import type { ErrorTable } from '../errors.js';

/** Error codes of `merkle/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const merkleErrors = {
  // — Tree sizes, indexes and hashes —
  ERR_MERKLE_SIZE_INVALID: {
    en: '{field} must be a non-negative safe integer (got {value})',
    zh: '{field} 必须是非负安全整数(实际为 {value})',
  },
  ERR_MERKLE_INDEX_OUT_OF_RANGE: {
    en: 'Index {index} is outside the tree or subtree [{start}, {end})',
    zh: '索引 {index} 不在树或子树 [{start}, {end}) 的范围内',
  },
  ERR_MERKLE_SIZE_ORDER: {
    en: 'The first tree size {size1} is larger than the second {size2}',
    zh: '第一个树大小 {size1} 大于第二个树大小 {size2}',
  },
  ERR_MERKLE_CONSISTENCY_FROM_EMPTY: {
    en: 'A consistency proof from the empty tree is meaningless (RFC 9162 §2.1.4 requires 0 < size1)',
    zh: '从空树出发的一致性证明没有意义(RFC 9162 §2.1.4 要求 size1 > 0)',
  },
  ERR_MERKLE_SUBTREE_INVALID: {
    en: '[{start}, {end}) is not a valid subtree: {reason}',
    zh: '[{start}, {end}) 不是有效的子树:{reason}',
  },
  ERR_MERKLE_PROOF_MALFORMED: {
    en: 'The proof must be an array of byte strings',
    zh: '证明必须是字节串数组',
  },
  ERR_MERKLE_PROOF_LENGTH: {
    en: 'The proof has {actual} hashes where {expected} are expected',
    zh: '证明含有 {actual} 个哈希值,应为 {expected} 个',
  },
  ERR_MERKLE_HASH_SIZE: {
    en: '{field} must be a {expected}-byte hash (got {actual} bytes)',
    zh: '{field} 必须是 {expected} 字节的哈希值(实际为 {actual} 字节)',
  },
  ERR_MERKLE_ROOT_MISMATCH: {
    en: 'The hash computed from the proof does not match {field}',
    zh: '由证明计算出的哈希值与 {field} 不一致',
  },
  ERR_MERKLE_NODE_UNAVAILABLE: {
    en: 'The tree store did not return the hash of node (level {level}, index {index})',
    zh: '树存储未返回节点(层 {level},索引 {index})的哈希值',
  },
  ERR_MERKLE_RANGE_STATE: {
    en: 'The compact range state is invalid: {reason}',
    zh: '紧凑区间状态无效:{reason}',
  },
  // — Tiles (C2SP tlog-tiles) —
  ERR_MERKLE_TILE_PATH: {
    en: 'Not a tile path: {reason}',
    zh: '不是有效的瓦片路径:{reason}',
  },
  ERR_MERKLE_TILE_COORDINATES: {
    en: 'Invalid tile coordinates: {reason}',
    zh: '瓦片坐标无效:{reason}',
  },
  ERR_MERKLE_TILE_DATA: {
    en: 'Tile {path} holds {actual} bytes where {expected} are expected',
    zh: '瓦片 {path} 含 {actual} 字节,应为 {expected} 字节',
  },
  ERR_MERKLE_ENTRY_BUNDLE: {
    en: 'Malformed entry bundle: {reason}',
    zh: '条目包格式错误:{reason}',
  },
  // — Signed notes (C2SP signed-note) —
  ERR_MERKLE_NOTE_MALFORMED: {
    en: 'Malformed signed note: {reason}',
    zh: '签名便笺格式错误:{reason}',
  },
  ERR_MERKLE_NOTE_TOO_LARGE: {
    en: 'The signed note exceeds {max} {unit}',
    zh: '签名便笺超过 {max} {unit}',
  },
  ERR_MERKLE_NOTE_UNVERIFIED: {
    en: 'No signature on the note is from a known key',
    zh: '便笺上没有来自已知密钥的签名',
  },
  ERR_MERKLE_NOTE_BAD_SIGNATURE: {
    en: 'The signature by known key {name}+{keyId} does not verify',
    zh: '已知密钥 {name}+{keyId} 的签名验证失败',
  },
  ERR_MERKLE_NOTE_AMBIGUOUS_KEY: {
    en: 'More than one configured verifier is named {name}+{keyId}',
    zh: '配置了多个名为 {name}+{keyId} 的验证密钥',
  },
  ERR_MERKLE_NOTE_KEY_NAME: {
    en: 'Invalid key name: it must be non-empty, without spaces or "+"',
    zh: '密钥名称无效:不能为空,且不能含空白或 "+"',
  },
  ERR_MERKLE_NOTE_KEY_MALFORMED: {
    en: 'Malformed note key: {reason}',
    zh: '便笺密钥格式错误:{reason}',
  },
  ERR_MERKLE_NOTE_KEY_ID: {
    en: 'The key ID {keyId} does not match the key (expected {expected})',
    zh: '密钥标识 {keyId} 与密钥不符(应为 {expected})',
  },
  ERR_MERKLE_NOTE_KEY_TYPE: {
    en: 'Unsupported note signature type {type}',
    zh: '不支持的便笺签名类型 {type}',
  },
  // — Checkpoints (C2SP tlog-checkpoint) and the log's own signer —
  ERR_MERKLE_CHECKPOINT_MALFORMED: {
    en: 'Malformed checkpoint: {reason}',
    zh: '检查点格式错误:{reason}',
  },
  ERR_MERKLE_CHECKPOINT_ORIGIN: {
    en: 'The checkpoint is for origin "{actual}", expected "{expected}"',
    zh: '检查点的来源为 "{actual}",应为 "{expected}"',
  },
  ERR_MERKLE_CHECKPOINT_NOT_SIGNED_BY_LOG: {
    en: 'No key of log "{origin}" signed the checkpoint',
    zh: '检查点未经日志 "{origin}" 的密钥签名',
  },
  ERR_MERKLE_CHECKPOINT_ROLLBACK: {
    en: 'Refusing to sign tree size {size}: a checkpoint of size {latestSize} was already signed',
    zh: '拒绝签署树大小 {size}:已签署过大小为 {latestSize} 的检查点',
  },
  ERR_MERKLE_CHECKPOINT_FORK: {
    en: 'Refusing to sign a second root hash for tree size {size}',
    zh: '拒绝为树大小 {size} 签署第二个根哈希',
  },
  ERR_MERKLE_CHECKPOINT_INCONSISTENT: {
    en: 'Refusing to sign tree size {size}: no valid consistency proof from the signed size {latestSize}',
    zh: '拒绝签署树大小 {size}:缺少从已签署大小 {latestSize} 出发的有效一致性证明',
  },
  // — Witness (C2SP tlog-witness); the API maps these to 400/403/404/409/422 —
  ERR_MERKLE_WITNESS_REQUEST_MALFORMED: {
    en: 'Malformed add-checkpoint request: {reason}',
    zh: 'add-checkpoint 请求格式错误:{reason}',
  },
  ERR_MERKLE_WITNESS_UNKNOWN_LOG: {
    en: 'This witness does not know the log "{origin}"',
    zh: '本见证方不认识日志 "{origin}"',
  },
  ERR_MERKLE_WITNESS_NOT_SIGNED: {
    en: 'The checkpoint carries no valid signature by a key of log "{origin}"',
    zh: '检查点没有日志 "{origin}" 密钥的有效签名',
  },
  ERR_MERKLE_WITNESS_OLD_SIZE: {
    en: 'The old size {oldSize} does not match the latest cosigned size {latestSize}',
    zh: '旧大小 {oldSize} 与最近一次联署的大小 {latestSize} 不符',
  },
  ERR_MERKLE_WITNESS_CONFLICT: {
    en: 'Tree size {size} was already cosigned with a different root hash',
    zh: '树大小 {size} 已以不同的根哈希联署过',
  },
  ERR_MERKLE_WITNESS_PROOF: {
    en: 'The consistency proof from size {oldSize} to {size} does not verify',
    zh: '从大小 {oldSize} 到 {size} 的一致性证明验证失败',
  },
  // — Log entries and receipts (receipt.ts) —
  ERR_MERKLE_LOG_ENTRY_MALFORMED: {
    en: 'Malformed log entry: {reason}',
    zh: '日志条目格式错误:{reason}',
  },
  ERR_MERKLE_RECEIPT_MALFORMED: {
    en: 'Malformed log receipt: {reason}',
    zh: '日志回执格式错误:{reason}',
  },
  ERR_MERKLE_RECEIPT_MISMATCH: {
    en: 'The receipt is for "{actual}", not "{expected}"',
    zh: '该回执对应 "{actual}",而非 "{expected}"',
  },
  ERR_MERKLE_RECEIPT_COSIGNATURE_MISSING: {
    en: 'The checkpoint carries no cosignature by witness {name}',
    zh: '检查点上没有见证方 {name} 的联署签名',
  },
} as const satisfies ErrorTable;
