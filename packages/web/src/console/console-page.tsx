import type { Language } from '@hutong/core';
import { Alert, Button, Flex, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Loading } from '../layout/load-state.js';
import { useSession } from '../session/session-context.js';
import { CounterPrefill } from './counter-prefill.js';
import { ImportWizard } from './import-wizard.js';
import { IssueLicenceForm } from './issue-licence-form.js';
import { StatusEventForm } from './status-event-form.js';

/**
 * 部门工作台: a department operator issues licences and records their lifecycle events; a
 * counter clerk of a relying party prefills a matter's form with a holder's grant.
 */
export default function ConsolePage({
  language,
  onSignIn,
}: {
  readonly language: Language;
  readonly onSignIn: () => void;
}) {
  const { t } = useTranslation();
  const { state } = useSession();
  if (state.kind === 'checking') return <Loading text={t('session.checking')} />;
  if (state.kind === 'signed-out') {
    return (
      <Alert
        type="info"
        showIcon
        title={t('console.signedOut')}
        action={
          <Button type="primary" onClick={onSignIn} data-testid="console-sign-in">
            {t('nav.signIn')}
          </Button>
        }
        data-testid="console-signed-out"
      />
    );
  }
  const { session } = state;
  const operator = session.roles.includes('department-operator');
  const clerk = session.roles.includes('counter-clerk');
  if ((!operator && !clerk) || session.organisationCode === null) {
    return <Alert type="warning" showIcon title={t('console.notOperator')} data-testid="console-not-operator" />;
  }
  const operatorTabs = [
    {
      key: 'issue',
      label: <span data-testid="console-tab-issue">{t('console.tabs.issue')}</span>,
      children: <IssueLicenceForm language={language} session={session} />,
    },
    {
      key: 'import',
      label: <span data-testid="console-tab-import">{t('console.tabs.import')}</span>,
      children: <ImportWizard language={language} session={session} />,
    },
    {
      key: 'events',
      label: <span data-testid="console-tab-events">{t('console.tabs.events')}</span>,
      children: <StatusEventForm language={language} session={session} />,
    },
  ];
  return (
    <Flex vertical gap="middle" data-testid="console-page">
      <Typography.Title level={2}>{t('console.title')}</Typography.Title>
      <Tabs
        destroyOnHidden
        items={[
          ...(clerk
            ? [
                {
                  key: 'prefill',
                  label: <span data-testid="console-tab-prefill">{t('console.tabs.prefill')}</span>,
                  children: <CounterPrefill language={language} session={session} />,
                },
              ]
            : []),
          ...(operator ? operatorTabs : []),
        ]}
      />
    </Flex>
  );
}
