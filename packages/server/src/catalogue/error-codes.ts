import type { ErrorTable } from '@hutong/core';

/**
 * Error codes of the server's `catalogue/` (catalogue management: types, versions,
 * responsibility and scenario lists). Core's `ERR_CATALOGUE_*` codes judge the documents
 * themselves; these judge what the store knows. English, then Chinese; `{name}` takes a param.
 */
export const catalogueServiceErrors = {
  ERR_CATALOGUE_TYPE_NOT_FOUND: {
    en: 'There is no licence type {typeCode} in the catalogue.',
    zh: '证照目录中不存在证照类型 {typeCode}。',
  },
  ERR_CATALOGUE_VERSION_NOT_FOUND: {
    en: 'Licence type {typeCode} has no version {version}.',
    zh: '证照类型 {typeCode} 没有第 {version} 版。',
  },
  ERR_CATALOGUE_TYPE_EXISTS: {
    en: 'Licence type {typeCode} already exists; change it by saving a draft of its next version.',
    zh: '证照类型 {typeCode} 已存在；如需修改，请保存其下一版本的草稿。',
  },
  ERR_CATALOGUE_TYPE_NOT_PUBLISHED: {
    en: 'Licence type {typeCode} is not published, so no licence of it can be issued yet.',
    zh: '证照类型 {typeCode} 尚未发布，暂不能颁发该类证照。',
  },
  ERR_CATALOGUE_TYPE_RETIRED: {
    en: 'Licence type {typeCode} is retired: no new licences, no new versions (licences already issued stay verifiable).',
    zh: '证照类型 {typeCode} 已停用：不再颁发新证照，也不能发布新版本（已颁发的证照仍可核验）。',
  },
  ERR_CATALOGUE_NO_DRAFT: {
    en: 'Licence type {typeCode} has no draft to publish.',
    zh: '证照类型 {typeCode} 没有待发布的草稿。',
  },
  ERR_CATALOGUE_DRAFT_VERSION: {
    en: 'The draft of {typeCode} is version {draft}, not {version}: it changed since it was read.',
    zh: '证照类型 {typeCode} 的草稿为第 {draft} 版而不是第 {version} 版：读取后已被修改。',
  },
  ERR_CATALOGUE_MANAGED_MEMBER: {
    en: '{field} is set by the catalogue (versions are numbered and published through the API); leave it out.',
    zh: '{field} 由证照目录管理（版本号与发布状态通过接口维护），请勿提交。',
  },
  ERR_CATALOGUE_CODE_MISMATCH: {
    en: 'The document is for type {found}, but the path names {typeCode}.',
    zh: '文档中的证照类型代码为 {found}，与路径中的 {typeCode} 不一致。',
  },
  ERR_CATALOGUE_ISSUER_NOT_RESPONSIBLE: {
    en: 'Issuer {issuerCode} is not on the responsibility list for licence type {typeCode}.',
    zh: '发证机构 {issuerCode} 不在证照类型 {typeCode} 的责任清单上。',
  },
  ERR_CATALOGUE_RESPONSIBILITY_NOT_FOUND: {
    en: 'Department {departmentCode} is not on the responsibility list of {typeCode}.',
    zh: '部门 {departmentCode} 不在证照类型 {typeCode} 的责任清单上。',
  },
  ERR_CATALOGUE_SCENARIO_NOT_FOUND: {
    en: 'There is no scenario {id}.',
    zh: '不存在应用场景 {id}。',
  },
  ERR_CATALOGUE_QUERY: {
    en: '{field} is not acceptable: {rule}',
    zh: '{field} 不符合要求：{rule}',
  },
} as const satisfies ErrorTable;
