import type { ErrorTable } from '@hutong/core';

/** Error codes of `inspections/` (on-site inspection, 事中事后监管). */
export const inspectionErrors = {
  ERR_INSPECTION_CODE_NOT_AUTHENTIC: {
    en: 'The code is not one this node made ({checks}): {reason}. An inspection is recorded against a licence identified by an authentic show or print code.',
    zh: '该码并非本节点生成（{checks}）：{reason}。检查结果须记录在由真实亮证码或打印码确认的证照上。',
  },
  ERR_INSPECTION_CODE_KIND: {
    en: 'An inspection is recorded from a show code (HT1:…) or a print code (HP1:…).',
    zh: '检查结果须基于亮证码（HT1:…）或打印码（HP1:…）记录。',
  },
  ERR_INSPECTION_INPUT: {
    en: '{field}: {problem}',
    zh: '{field}：{problem}',
  },
} as const satisfies ErrorTable;
