import { ReloadOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatInstant } from '../layout/format.js';
import { Loading } from '../layout/load-state.js';
import { TrustUnavailableError } from './trust-store.js';
import type { TrustLoad } from './use-trust.js';

/** Which trust list the verdicts rest on, and whether this device is online or verifying from its cache. */
export function TrustStatus({
  load,
  online,
  language,
  onRefresh,
}: {
  readonly load: TrustLoad;
  readonly online: boolean;
  readonly language: Language;
  readonly onRefresh: () => void;
}) {
  const { t } = useTranslation();
  const refresh = (
    <Button icon={<ReloadOutlined />} onClick={onRefresh} data-testid="verifier-refresh-trust">
      {t('verifier.trust.refresh')}
    </Button>
  );
  if (load.kind === 'loading') return <Loading text={t('verifier.trust.loading')} testId="verifier-trust-loading" />;
  if (load.kind === 'error') {
    const reason = load.error instanceof TrustUnavailableError ? load.error.reason : 'refused';
    const cause = load.error instanceof TrustUnavailableError ? load.error.cause : load.error;
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-testid="verifier-trust-error"
        title={t(`verifier.trust.${reason === 'no-cache' ? 'noCache' : 'refused'}`)}
        description={reason === 'refused' && cause instanceof Error ? cause.message : undefined}
        action={refresh}
      />
    );
  }
  const { trust } = load;
  const offline = trust.source === 'cache' || !online;
  const details = t('verifier.trust.details', {
    node: trust.prepared.node.name,
    version: trust.prepared.version,
    fetchedAt: formatInstant(trust.fetchedAt, language),
    expiresAt: formatInstant(trust.prepared.expiresAt.toISOString(), language),
  });
  return (
    <Alert
      type={offline ? 'warning' : 'success'}
      showIcon
      data-testid="verifier-network"
      data-mode={offline ? 'offline' : 'online'}
      title={offline ? t('verifier.trust.offline') : t('verifier.trust.online')}
      description={details}
      action={refresh}
    />
  );
}
