import type { ErrorTable } from '@hutong/core';

/**
 * Error codes of the transparency-log service (`log/`). Messages: English, then Chinese;
 * `{name}` takes a param. HTTP statuses in `api/error-status.ts`. Core's `ERR_MERKLE_*`
 * codes are wrapped into these where the API must answer something other than 422.
 */
export const logErrors = {
  ERR_LOG_TILE_PATH: {
    en: 'Malformed tile path: {reason}',
    zh: '瓦片路径格式错误：{reason}',
  },
  ERR_LOG_TILE_NOT_FOUND: {
    en: 'Tile {path} is not part of the published tree of size {treeSize}.',
    zh: '瓦片 {path} 不在已发布的大小为 {treeSize} 的树中。',
  },
  ERR_LOG_QUERY_INVALID: {
    en: 'Invalid query: {reason}',
    zh: '查询参数无效：{reason}',
  },
  ERR_LOG_INDEX_OUT_OF_RANGE: {
    en: 'Entry {index} is not in the tree of size {size}.',
    zh: '条目 {index} 不在大小为 {size} 的树中。',
  },
  ERR_LOG_SIZE_BEYOND_TREE: {
    en: 'Tree size {size} is beyond the published checkpoint (size {treeSize}).',
    zh: '树大小 {size} 超出已发布检查点的大小 {treeSize}。',
  },
  ERR_LOG_SIZE_ORDER: {
    en: 'A consistency proof goes from a smaller size to a larger one, not {from} to {to}.',
    zh: '一致性证明须从较小的树大小到较大的树大小，而非从 {from} 到 {to}。',
  },
  ERR_LOG_ENTRY_NOT_FOUND: {
    en: 'The log holds no entry for {target}.',
    zh: '日志中没有关于 {target} 的条目。',
  },
  ERR_LOG_NOT_INTEGRATED: {
    en: 'Entry {index} is sequenced but not yet covered by a checkpoint; retry within {maxMergeDelayMs} ms.',
    zh: '条目 {index} 已排序但尚未被检查点覆盖，请在 {maxMergeDelayMs} 毫秒内重试。',
  },
  ERR_LOG_NO_CHECKPOINT: {
    en: 'The log has not published a checkpoint yet.',
    zh: '日志尚未发布检查点。',
  },
  ERR_LOG_IDENTIFIER_INVALID: {
    en: 'Not a licence identifier or version: {reason}',
    zh: '不是有效的证照标识或版本：{reason}',
  },
  ERR_LOG_KEY_UNAVAILABLE: {
    en: 'The log key "{purpose}" cannot be opened with this node’s master key.',
    zh: '无法用本节点的主密钥打开日志密钥“{purpose}”。',
  },
  ERR_LOG_ORIGIN_INVALID: {
    en: 'The log origin "{origin}" is not a valid key name (no spaces or "+").',
    zh: '日志来源“{origin}”不是有效的密钥名称（不能含空白或“+”）。',
  },
  ERR_LOG_ORIGIN_CHANGED: {
    en: 'This log was created with origin "{stored}"; it cannot become "{configured}".',
    zh: '本日志创建时的来源为“{stored}”，不能改为“{configured}”。',
  },
  ERR_LOG_STATE_CORRUPT: {
    en: 'The log’s stored state is inconsistent: {reason}',
    zh: '日志的存储状态不一致：{reason}',
  },
  ERR_LOG_ENTRY_TOO_LARGE: {
    en: 'The log entry of event {event} would be {size} bytes; the limit is 65535.',
    zh: '事件 {event} 的日志条目将为 {size} 字节，超过 65535 字节上限。',
  },
  ERR_LOG_EVENT_INVALID: {
    en: 'The event cannot be logged: {reason}',
    zh: '该事件无法写入日志：{reason}',
  },
  // — This node as a witness (C2SP tlog-witness); statuses as the spec gives them —
  ERR_LOG_WITNESS_MALFORMED: {
    en: 'Malformed add-checkpoint request: {reason}',
    zh: 'add-checkpoint 请求格式错误：{reason}',
  },
  ERR_LOG_WITNESS_NOT_SIGNED: {
    en: 'The checkpoint carries no valid signature by a key of log "{origin}".',
    zh: '检查点没有日志“{origin}”密钥的有效签名。',
  },
  ERR_LOG_WITNESS_UNKNOWN_LOG: {
    en: 'This node does not witness the log "{origin}".',
    zh: '本节点不见证日志“{origin}”。',
  },
  ERR_LOG_WITNESS_OLD_SIZE: {
    en: 'The old size {oldSize} is not the latest size this witness cosigned ({latestSize}).',
    zh: '旧大小 {oldSize} 不是本见证方最近联署的大小（{latestSize}）。',
  },
  ERR_LOG_WITNESS_CONFLICT: {
    en: 'Refused: log "{origin}" already showed a different tree of size {size} (a fork).',
    zh: '已拒绝：日志“{origin}”此前给出过大小为 {size} 的另一棵树（分叉）。',
  },
  ERR_LOG_WITNESS_PROOF: {
    en: 'Refused: the consistency proof of log "{origin}" from size {oldSize} to {size} does not verify.',
    zh: '已拒绝：日志“{origin}”从大小 {oldSize} 到 {size} 的一致性证明验证失败。',
  },
  ERR_LOG_WITNESSED_LOG_INVALID: {
    en: 'The log to witness is invalid: {reason}',
    zh: '待见证的日志无效：{reason}',
  },
  ERR_LOG_WITNESSED_LOG_EXISTS: {
    en: 'This node already witnesses the log "{origin}".',
    zh: '本节点已在见证日志“{origin}”。',
  },
  ERR_LOG_WITNESS_INVALID: {
    en: 'The witness is invalid: {reason}',
    zh: '见证方无效：{reason}',
  },
  ERR_LOG_WITNESS_EXISTS: {
    en: 'The witness "{name}" is already configured.',
    zh: '见证方“{name}”已配置。',
  },
  // — The monitor (`monitor-log.ts`, `hutong log verify`): what a third party finds wrong with a log —
  ERR_LOG_MONITOR_FETCH: {
    en: 'Cannot read {url}: {reason}',
    zh: '无法读取 {url}：{reason}',
  },
  ERR_LOG_MONITOR_STATE_INVALID: {
    en: 'The monitor state is unusable: {reason}',
    zh: '监测状态不可用：{reason}',
  },
  ERR_LOG_MONITOR_KEY_CHANGED: {
    en: 'The log now presents key {served}, but {pinned} was pinned: a log key never changes silently.',
    zh: '日志现在提供的密钥为 {served}，而已固定的密钥为 {pinned}：日志密钥不得悄然更换。',
  },
  ERR_LOG_MONITOR_SIGNATURE_MISSING: {
    en: 'The checkpoint carries no valid signature by {name}.',
    zh: '检查点上没有 {name} 的有效签名。',
  },
  ERR_LOG_MONITOR_ROLLBACK: {
    en: 'The log rolled back: its checkpoint is for size {size}, but size {savedSize} was seen before.',
    zh: '日志发生回退：检查点的树大小为 {size}，而此前已见到大小 {savedSize}。',
  },
  ERR_LOG_MONITOR_FORK: {
    en: 'The log forked: size {size} was seen before with root {savedRoot}, now with {root}.',
    zh: '日志发生分叉：大小 {size} 此前的根哈希为 {savedRoot}，现在为 {root}。',
  },
  ERR_LOG_MONITOR_ROOT_MISMATCH: {
    en: 'The entries do not produce the signed root of size {size}: recomputed {computed}, signed {signed}.',
    zh: '由条目重新计算出的根哈希与大小 {size} 的已签名根哈希不符：计算得 {computed}，签名为 {signed}。',
  },
  ERR_LOG_MONITOR_TILE_MISMATCH: {
    en: 'Tile {path} holds a wrong hash at position {position}.',
    zh: '瓦片 {path} 在位置 {position} 的哈希有误。',
  },
  ERR_LOG_MONITOR_ENTRY: {
    en: 'Entry {index} is not a valid log entry: {reason}',
    zh: '条目 {index} 不是有效的日志条目：{reason}',
  },
} as const satisfies ErrorTable;
