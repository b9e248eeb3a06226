import type { ErrorTable } from '@hutong/core';

/**
 * Error codes of `matters/` (service matters, prefill, self-service kiosk sessions). English,
 * then Chinese; `{name}` takes a param. Their HTTP statuses live in `api/error-status.ts`.
 */
export const matterErrors = {
  ERR_MATTERS_INPUT: {
    en: '{field} is not acceptable: {rule}',
    zh: '{field} 不符合要求：{rule}',
  },
  ERR_MATTERS_NOT_FOUND: {
    en: 'There is no service matter {code}.',
    zh: '不存在政务服务事项 {code}。',
  },
  ERR_MATTERS_EXISTS: {
    en: 'Service matter {code} already exists; change it with PUT, which writes its next version.',
    zh: '政务服务事项 {code} 已存在；如需修改请使用 PUT（生成下一版本）。',
  },
  ERR_MATTERS_VERSION_CONFLICT: {
    en: 'Service matter {code} is at version {current}, not {expected}: it changed since it was read.',
    zh: '政务服务事项 {code} 当前为第 {current} 版而不是第 {expected} 版：读取后已被修改。',
  },
  ERR_MATTERS_CODE_MISMATCH: {
    en: 'The document is for matter {found}, but the path names {code}.',
    zh: '文档中的事项编码为 {found}，与路径中的 {code} 不一致。',
  },
  ERR_MATTERS_TYPE_UNKNOWN: {
    en: '{field}: licence type {typeCode} is not a published type of the catalogue.',
    zh: '{field}：证照类型 {typeCode} 不是证照目录中已发布的类型。',
  },
  ERR_MATTERS_FIELD_PATH_UNKNOWN: {
    en: '{field}: licence type {typeCode} has no field {path}.',
    zh: '{field}：证照类型 {typeCode} 没有字段 {path}。',
  },
  ERR_MATTERS_TYPE_NOT_A_MATERIAL: {
    en: '{field}: licence type {typeCode} is not among the matter’s materials, so no licence of it is attached to fill the field.',
    zh: '{field}：证照类型 {typeCode} 不在本事项的申请材料中，无法从其证照取值。',
  },
  ERR_MATTERS_DEPARTMENT: {
    en: '{field}: {departmentCode} is not a department on this node.',
    zh: '{field}：{departmentCode} 不是本节点的部门。',
  },
  ERR_MATTERS_OUTPUT: {
    en: '{field}: the result licence cannot be issued this way: {rule}',
    zh: '{field}：无法按此配置颁发结果证照：{rule}',
  },
  ERR_MATTERS_PREFILL_SOURCE: {
    en: 'Give exactly one of showCodes and grantId.',
    zh: '请在 showCodes 与 grantId 中恰好提供一项。',
  },
  ERR_MATTERS_CLERK_GRANT_ONLY: {
    en: 'At the counter, a prefill takes a grant the holder gave your organisation; show codes are read by its service system.',
    zh: '窗口办理时，预填须使用持证主体授予本单位的用证授权；亮证码由本单位的业务系统读取。',
  },
  ERR_MATTERS_SHOW_CODE_INVALID: {
    en: 'Show code {index} was refused: {reason}',
    zh: '第 {index} 个亮证码未通过核验：{reason}',
  },
  ERR_MATTERS_HOLDERS_DIFFER: {
    en: 'The show codes are for licences of different holders; one prefill is for one holder.',
    zh: '所出示的亮证码属于不同的持证主体；一次预填只能对应一个持证主体。',
  },
  ERR_KIOSK_SESSION_NOT_FOUND: {
    en: 'There is no self-service session {id} for this kiosk.',
    zh: '本自助终端不存在自助办理会话 {id}。',
  },
  ERR_KIOSK_SESSION_EXPIRED: {
    en: 'Self-service session {id} expired at {expiresAt}; start a new one.',
    zh: '自助办理会话 {id} 已于 {expiresAt} 过期，请重新开始。',
  },
  ERR_KIOSK_STEP: {
    en: 'Self-service session {id} is {state}; {step} needs it to be {needed}.',
    zh: '自助办理会话 {id} 当前状态为 {state}；{step} 需要状态为 {needed}。',
  },
  ERR_KIOSK_CONSENT_SCOPE: {
    en: '{field}: licence {identifier} is not one the holder was offered for this matter.',
    zh: '{field}：证照 {identifier} 不在本事项向持证主体列出的可用证照中。',
  },
  ERR_KIOSK_FORM_INVALID: {
    en: 'The form is not complete or not valid: {field} {rule}',
    zh: '表单未填写完整或有误：{field} {rule}',
  },
  ERR_KIOSK_MATERIALS_MISSING: {
    en: 'The matter still needs materials no licence gives: {materials}. Commit to them on the form (notification and commitment) or apply at a service window.',
    zh: '本事项仍缺少证照无法提供的材料：{materials}。请在表单中逐项作出告知承诺，或到窗口办理。',
  },
} as const satisfies ErrorTable;
