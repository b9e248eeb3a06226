import type { Language } from '@hutong/core';
import { Alert, Button, Card, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditViewer } from './audit-viewer.js';
import { CatalogueEditor } from './catalogue-editor.js';
import { ClientsPanel } from './clients-panel.js';
import { KeysPanel } from './keys-panel.js';
import { LogExplorer } from './log-explorer.js';
import { MattersEditor } from './matters-editor.js';
import { ResponsibilityList } from './responsibility-list.js';
import { ScenarioList } from './scenario-list.js';
import { useStaff } from './use-staff.js';

/** Who sees which part of the administration (the server's route permissions decide; this only hides what would be refused). */
const TABS = [
  { key: 'types', roles: null },
  { key: 'responsibilities', roles: null },
  { key: 'scenarios', roles: null },
  { key: 'matters', roles: null },
  { key: 'clients', roles: ['platform-admin'] },
  { key: 'keys', roles: ['platform-admin'] },
  { key: 'audit', roles: ['auditor'] },
  { key: 'log', roles: null },
] as const;
type TabKey = (typeof TABS)[number]['key'];

/**
 * Administration (管理): the catalogue with its face-field designer, the responsibility and
 * scenario lists, API clients and issuers' keys, the audit trail and the transparency log.
 */
export default function AdminPage({
  language,
  onSignIn,
}: {
  readonly language: Language;
  readonly onSignIn: () => void;
}) {
  const { t } = useTranslation();
  const { staff, has } = useStaff();
  const [tab, setTab] = useState<TabKey>('types');
  const visible = TABS.filter((entry) => entry.roles === null || entry.roles.some((role) => has(role)));
  const active = visible.some((entry) => entry.key === tab) ? tab : 'types';

  const panel = (key: TabKey) => {
    switch (key) {
      case 'types':
        return <CatalogueEditor language={language} />;
      case 'responsibilities':
        return <ResponsibilityList language={language} />;
      case 'scenarios':
        return <ScenarioList language={language} />;
      case 'matters':
        return <MattersEditor language={language} />;
      case 'clients':
        return <ClientsPanel language={language} />;
      case 'keys':
        return <KeysPanel language={language} />;
      case 'audit':
        return <AuditViewer language={language} />;
      case 'log':
        return <LogExplorer language={language} />;
    }
  };

  return (
    <Card title={t('admin.title')} data-testid="admin">
      {staff === null && (
        <Alert
          type="info"
          showIcon
          className="hutong-form-alert"
          title={t('admin.signedOut')}
          action={
            <Button onClick={onSignIn} data-testid="admin-sign-in">
              {t('nav.signIn')}
            </Button>
          }
          data-testid="admin-signed-out"
        />
      )}
      <Tabs
        activeKey={active}
        onChange={(key) => setTab(key as TabKey)}
        destroyOnHidden
        data-testid="admin-tabs"
        items={visible.map((entry) => ({
          key: entry.key,
          label: <span data-testid={`admin-tab-${entry.key}`}>{t(`admin.tabs.${entry.key}`)}</span>,
          children: panel(entry.key),
        }))}
      />
    </Card>
  );
}
