import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * Licence statuses (core `LICENCE_STATUSES`) by colour: green usable, orange restricted for
 * now (suspended), red ended by the authority, grey ended by time or replaced.
 */
const COLOURS: Readonly<Record<string, string>> = {
  valid: 'success',
  suspended: 'warning',
  revoked: 'error',
  cancelled: 'error',
  abolished: 'error',
  expired: 'default',
  superseded: 'processing',
  'transferred-out': 'purple',
};

export function StatusTag({ status, testId }: { readonly status: string; readonly testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status] ?? 'default'} data-testid={testId} data-status={status}>
      {t(`statuses.${status}`, { defaultValue: status })}
    </Tag>
  );
}
