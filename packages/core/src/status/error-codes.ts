import type { ErrorTable } from '../errors.js';

/** Error codes of `status/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const statusErrors = {
  ERR_STATUS_TRANSITION: {
    en: 'A licence that is {from} cannot take the event {event}',
    zh: '处于“{from}”状态的证照不能执行“{event}”操作',
  },
  ERR_STATUS_STATE_INVALID: {
    en: 'The stored status state is malformed at {path}',
    zh: '已存储的证照状态数据在 {path} 处格式错误',
  },
  ERR_STATUS_TIME_INVALID: {
    en: 'The event time must be a valid Date or an RFC 3339 date-time with a time zone (e.g. 2024-01-08T09:30:00+08:00)',
    zh: '事件时间须为有效的 Date 或带时区的 RFC 3339 日期时间（如 2024-01-08T09:30:00+08:00）',
  },
  ERR_STATUS_TIME_ORDER: {
    en: 'The event time {at} is earlier than the last recorded event ({last})',
    zh: '事件时间 {at} 早于最近一次记录的事件（{last}）',
  },
  ERR_STATUS_EVENT_NOT_OBJECT: {
    en: 'A status event must be a JSON object with a type',
    zh: '状态事件必须是带有 type 的 JSON 对象',
  },
  ERR_STATUS_EVENT_TYPE: {
    en: 'Unknown status event type; expected one of: {allowed}',
    zh: '未知的状态事件类型；应为以下之一：{allowed}',
  },
  ERR_STATUS_EVENT_UNKNOWN_MEMBER: {
    en: 'A {event} event has no member {name}',
    zh: '“{event}”事件没有成员 {name}',
  },
  ERR_STATUS_EVENT_MISSING_MEMBER: {
    en: 'A {event} event needs the member {name}',
    zh: '“{event}”事件缺少成员 {name}',
  },
  ERR_STATUS_EVENT_MEMBER: {
    en: 'Member {name} of a {event} event must be {expected}',
    zh: '“{event}”事件的成员 {name} 应为{expectedZh}',
  },
  ERR_STATUS_LONG_TERM: {
    en: 'The licence is valid long-term (no expiring date): {event} does not apply',
    zh: '该证照长期有效（无截止日期），不适用“{event}”操作',
  },
  ERR_STATUS_EXTENSION_NOT_LATER: {
    en: 'The new expiring date {expiringDate} must be later than the current one {current}',
    zh: '新的有效期截止日期 {expiringDate} 应晚于当前截止日期 {current}',
  },
  ERR_STATUS_EXTENSION_LATE: {
    en: 'The licence lapsed on {current}; an extension must be decided before expiry (行政许可法 art. 50) — issue a new licence instead',
    zh: '证照有效期已于 {current} 届满；延续须在届满前决定（《行政许可法》第五十条），请重新发证',
  },
  ERR_STATUS_EXPIRY_EARLY: {
    en: 'The licence is valid through {current}; it cannot expire on {date}',
    zh: '证照有效期至 {current}，不能在 {date} 标记为过期',
  },
  ERR_STATUS_ENCUMBRANCE_DUPLICATE: {
    en: 'An encumbrance with id {id} is already recorded on this licence',
    zh: '该证照已记录编号为 {id} 的抵押或质押',
  },
  ERR_STATUS_ENCUMBRANCE_NOT_ACTIVE: {
    en: 'There is no active {kind} with id {id} to release',
    zh: '不存在编号为 {id} 的有效{kindZh}，无法解除',
  },
  ERR_STATUS_ENCUMBRANCE_DATES: {
    en: 'The encumbrance ends ({end}) before it starts ({start})',
    zh: '抵押或质押的结束日期（{end}）早于开始日期（{start}）',
  },
  ERR_STATUS_ENCUMBERED: {
    en: 'The licence carries {count} active encumbrance(s); release them before it is transferred out',
    zh: '该证照尚有 {count} 项未解除的抵押或质押，须先解除方可转出',
  },
} as const satisfies ErrorTable;
