import type { ErrorTable } from '@hutong/core';

/** Error codes of `venues/` (entry registration, 亮证登记) and the client-kind check `inspections/` shares. */
export const venueErrors = {
  ERR_VENUE_CLIENT_KIND: {
    en: 'Only a registered {kind} client may do this; this client is a {found} client.',
    zh: '仅限已登记的{kind}类客户端操作；本客户端类型为 {found}。',
  },
  ERR_VENUE_SHOW_CODE_ONLY: {
    en: 'Entry registration takes a show code (HT1:…) shown by the holder now; a printed licence or a licence file admits no entry.',
    zh: '入场登记仅接受持证人当场出示的亮证码（HT1:…）；纸质打印件或证照文件不能用于登记。',
  },
  ERR_VENUE_CODE_NOT_VALID: {
    en: 'The code does not verify ({checks}): {reason}',
    zh: '亮证码核验未通过（{checks}）：{reason}',
  },
  ERR_VENUE_ENTRY_DUPLICATE: {
    en: 'This show code was already used for an entry at {enteredAt}{where}; a code admits one entry: ask the holder for a fresh code.',
    zh: '该亮证码已于 {enteredAt}{whereZh}用于入场登记；一个亮证码只能登记一次，请持证人刷新亮证码。',
  },
  ERR_VENUE_DATE: {
    en: 'date is a day written yyyyMMdd (China Standard Time), e.g. 20261129.',
    zh: 'date 应为 yyyyMMdd 格式的日期（北京时间），例如 20261129。',
  },
} as const satisfies ErrorTable;
