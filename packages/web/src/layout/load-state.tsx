import { Alert, Button, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';

/** The loading line every view shows while it waits. */
export function Loading({ text, testId }: { readonly text: string; readonly testId?: string }) {
  return (
    <div className="hutong-loading" role="status" data-testid={testId}>
      <Spin />
      <Typography.Text>{text}</Typography.Text>
    </div>
  );
}

/** A failed read: what the server said (in the user's language), and a retry. */
export function LoadError({
  title,
  error,
  onRetry,
  testId,
}: {
  readonly title: string;
  readonly error: unknown;
  readonly onRetry?: () => void;
  readonly testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title}
      description={describeApiError(error, t)}
      action={onRetry === undefined ? undefined : <Button onClick={onRetry}>{t('common.retry')}</Button>}
      data-testid={testId}
    />
  );
}
