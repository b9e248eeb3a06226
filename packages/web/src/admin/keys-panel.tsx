import type { Language } from '@hutong/core';
import { Button, Empty, Flex, Input, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchIssuerKeys,
  generateIssuerKey,
  type IssuerKey,
  retireIssuerKey,
  revokeIssuerKey,
  rotateIssuerKey,
  SUITES,
} from '../api/keys-api.js';
import { fetchDepartments } from '../api/organisations-api.js';
import { formatInstant, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { useAction, useStaff } from './use-staff.js';

const KEY_COLOURS = { active: 'green', retired: 'default', revoked: 'red' } as const;

/** Issuers' signing keys (platform administrators): generate, rotate, retire, revoke. */
export function KeysPanel({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { staff } = useStaff();
  const [departments, retryDepartments] = useLoad((signal) => fetchDepartments(language, signal), [language]);
  const [issuer, setIssuer] = useState<string | undefined>();
  const [suite, setSuite] = useState<string>(SUITES[0]);
  const [keys, retryKeys] = useLoad(
    (signal) => (issuer === undefined ? Promise.resolve(null) : fetchIssuerKeys(language, issuer, signal)),
    [language, issuer],
  );
  const [revoking, setRevoking] = useState<IssuerKey | null>(null);
  const [reason, setReason] = useState('');
  const { busy, run } = useAction();

  if (staff === null) return null;
  const active = keys.kind === 'ok' && keys.value !== null && keys.value.some((key) => key.status === 'active');

  const change = async (action: () => Promise<unknown>, success: string) => {
    await run(action, success);
    retryKeys();
  };

  return (
    <Flex vertical gap="middle" data-testid="admin-keys">
      <Typography.Paragraph type="secondary">{t('admin.keys.intro')}</Typography.Paragraph>
      {departments.kind === 'loading' && <Loading text={t('admin.loadingChoices')} />}
      {departments.kind === 'error' && (
        <LoadError title={t('admin.choicesFailed')} error={departments.error} onRetry={retryDepartments} />
      )}
      {departments.kind === 'ok' && (
        <Flex gap="small" wrap align="center">
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 320 }}
            placeholder={t('admin.keys.chooseIssuer')}
            aria-label={t('admin.keys.chooseIssuer')}
            value={issuer}
            onChange={setIssuer}
            data-testid="admin-keys-issuer"
            options={departments.value.map((d) => ({ value: d.code, label: `${labelIn(d.name, language)} ${d.code}` }))}
          />
          <Select
            style={{ minWidth: 160 }}
            aria-label={t('admin.keys.suite')}
            value={suite}
            onChange={setSuite}
            options={SUITES.map((s) => ({ value: s, label: t(`admin.suites.${s}`) }))}
          />
          <Popconfirm
            title={active ? t('admin.keys.rotateConfirm') : t('admin.keys.generateConfirm')}
            okText={t('admin.confirm')}
            cancelText={t('admin.cancel')}
            disabled={issuer === undefined || busy}
            onConfirm={() => {
              if (issuer === undefined) return;
              void change(
                () =>
                  active
                    ? rotateIssuerKey(language, staff.csrfToken, issuer, suite)
                    : generateIssuerKey(language, staff.csrfToken, issuer, suite),
                active ? t('admin.keys.rotated') : t('admin.keys.generated'),
              );
            }}
          >
            <Button type="primary" disabled={issuer === undefined || busy} data-testid="admin-keys-rotate">
              {active ? t('admin.keys.rotate') : t('admin.keys.generate')}
            </Button>
          </Popconfirm>
        </Flex>
      )}
      {issuer !== undefined && keys.kind === 'loading' && <Loading text={t('admin.keys.loading')} />}
      {keys.kind === 'error' && <LoadError title={t('admin.keys.failed')} error={keys.error} onRetry={retryKeys} />}
      {keys.kind === 'ok' && keys.value !== null && keys.value.length === 0 && (
        <Empty description={t('admin.keys.empty')} data-testid="admin-keys-empty" />
      )}
      {keys.kind === 'ok' && keys.value !== null && keys.value.length > 0 && issuer !== undefined && (
        <Table<IssuerKey>
          rowKey="keyId"
          dataSource={keys.value}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="admin-keys-table"
          columns={[
            {
              key: 'id',
              title: t('admin.keys.keyId'),
              render: (_, k) => <Typography.Text code>{k.keyId.slice(0, 16)}…</Typography.Text>,
            },
            {
              key: 'suite',
              title: t('admin.keys.suite'),
              render: (_, k) => t(`admin.suites.${k.suite}`, { defaultValue: k.suite }),
            },
            {
              key: 'status',
              title: t('admin.types.status'),
              render: (_, k) => (
                <Tag color={KEY_COLOURS[k.status]} data-testid={`admin-key-status-${k.status}`}>
                  {t(`admin.keyStatus.${k.status}`)}
                </Tag>
              ),
            },
            { key: 'from', title: t('admin.keys.validFrom'), render: (_, k) => formatInstant(k.validFrom, language) },
            {
              key: 'until',
              title: t('admin.keys.validUntil'),
              render: (_, k) =>
                k.validUntil === undefined ? t('admin.keys.open') : formatInstant(k.validUntil, language),
            },
            {
              key: 'actions',
              title: t('admin.actions'),
              render: (_, k) =>
                k.status !== 'revoked' && (
                  <Flex gap="small">
                    {k.status === 'active' && (
                      <Popconfirm
                        title={t('admin.keys.retireConfirm')}
                        okText={t('admin.confirm')}
                        cancelText={t('admin.cancel')}
                        onConfirm={() =>
                          void change(
                            () => retireIssuerKey(language, staff.csrfToken, issuer, k.keyId),
                            t('admin.keys.retired'),
                          )
                        }
                      >
                        <Button size="small" disabled={busy}>
                          {t('admin.keys.retire')}
                        </Button>
                      </Popconfirm>
                    )}
                    <Button
                      size="small"
                      danger
                      disabled={busy}
                      onClick={() => {
                        setReason('');
                        setRevoking(k);
                      }}
                      data-testid="admin-key-revoke"
                    >
                      {t('admin.keys.revoke')}
                    </Button>
                  </Flex>
                ),
            },
          ]}
        />
      )}
      {revoking !== null && issuer !== undefined && (
        <Modal
          open
          title={t('admin.keys.revokeTitle')}
          okText={t('admin.keys.revoke')}
          okButtonProps={{ danger: true, disabled: reason.trim() === '', loading: busy }}
          cancelText={t('admin.cancel')}
          onCancel={() => setRevoking(null)}
          onOk={() => {
            const key = revoking;
            setRevoking(null);
            void change(
              () => revokeIssuerKey(language, staff.csrfToken, issuer, key.keyId, reason.trim()),
              t('admin.keys.revoked'),
            );
          }}
        >
          <Typography.Paragraph>{t('admin.keys.revokeWarning')}</Typography.Paragraph>
          <label htmlFor="revoke-reason">{t('admin.keys.reason')}</label>
          <Input.TextArea
            id="revoke-reason"
            rows={2}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            data-testid="admin-key-reason"
          />
        </Modal>
      )}
    </Flex>
  );
}
