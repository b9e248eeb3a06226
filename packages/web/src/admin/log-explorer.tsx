import { CheckCircleOutlined, WarningOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Alert, Button, Descriptions, Empty, Flex, Form, Input, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CheckedReceipt,
  type CheckpointSignatureView,
  fetchCheckpointNote,
  fetchLogInfo,
  fetchVerifiedReceipts,
  type LogInfo,
  openLatestCheckpoint,
} from '../api/log-api.js';
import { formatInstant } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { describeProblem } from './describe-problem.js';

/**
 * The transparency log, checked in the browser: the latest checkpoint opened with the log's
 * published key, its witness cosignatures, and a licence's inclusion proofs (receipts)
 * verified against the signed root.
 */
export function LogExplorer({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const [state, retry] = useLoad(
    async (signal) => {
      const [info, note] = await Promise.all([fetchLogInfo(language, signal), fetchCheckpointNote(language, signal)]);
      return { info, checkpoint: await openLatestCheckpoint(note, info) };
    },
    [language],
  );

  return (
    <Flex vertical gap="middle" data-testid="admin-log">
      <Typography.Paragraph type="secondary">{t('admin.log.intro')}</Typography.Paragraph>
      {state.kind === 'loading' && <Loading text={t('admin.log.loading')} />}
      {state.kind === 'error' && <LoadError title={t('admin.log.failed')} error={state.error} onRetry={retry} />}
      {state.kind === 'ok' && (
        <>
          <Descriptions
            bordered
            size="small"
            column={1}
            data-testid="admin-log-checkpoint"
            title={t('admin.log.checkpoint')}
            extra={<Button onClick={retry}>{t('admin.refresh')}</Button>}
            items={[
              {
                key: 'origin',
                label: t('admin.log.origin'),
                children: <Typography.Text code>{state.value.checkpoint.origin}</Typography.Text>,
              },
              {
                key: 'size',
                label: t('admin.log.size'),
                children: (
                  <span data-testid="admin-log-size">{state.value.checkpoint.size.toLocaleString(language)}</span>
                ),
              },
              {
                key: 'root',
                label: t('admin.log.root'),
                children: (
                  <Typography.Text code copyable>
                    {state.value.checkpoint.rootHash}
                  </Typography.Text>
                ),
              },
              {
                key: 'delay',
                label: t('admin.log.mergeDelay'),
                children: t('admin.log.seconds', { seconds: state.value.info.maxMergeDelayMs / 1000 }),
              },
            ]}
          />
          <Alert
            type="success"
            showIcon
            role="status"
            title={t('admin.log.signedByLog')}
            data-testid="admin-log-verified"
          />
          <Signatures signatures={state.value.checkpoint.signatures} />
          <InclusionLookup language={language} info={state.value.info} />
        </>
      )}
    </Flex>
  );
}

function Signatures({ signatures }: { readonly signatures: readonly CheckpointSignatureView[] }) {
  const { t } = useTranslation();
  const witnesses = signatures.filter((s) => s.role === 'witness');
  return (
    <Flex vertical gap="small">
      <Typography.Title level={4} className="hutong-subtitle">
        {t('admin.log.signatures')}
      </Typography.Title>
      {witnesses.length === 0 && (
        <Typography.Text type="secondary" data-testid="admin-log-no-witness">
          {t('admin.log.noWitness')}
        </Typography.Text>
      )}
      <Table<CheckpointSignatureView>
        rowKey={(s) => `${s.name}+${s.keyId}`}
        dataSource={[...signatures]}
        pagination={false}
        size="small"
        scroll={{ x: 'max-content' }}
        data-testid="admin-log-signatures"
        columns={[
          {
            key: 'name',
            title: t('admin.log.keyName'),
            render: (_, s) => <Typography.Text code>{s.name}</Typography.Text>,
          },
          {
            key: 'id',
            title: t('admin.log.keyId'),
            render: (_, s) => <Typography.Text code>{s.keyId}</Typography.Text>,
          },
          { key: 'role', title: t('admin.log.role'), render: (_, s) => t(`admin.log.roles.${s.role}`) },
          {
            key: 'verified',
            title: t('admin.log.verifiedHere'),
            render: (_, s) =>
              s.verified ? (
                <Tag icon={<CheckCircleOutlined />} color="green">
                  {t('admin.log.verified')}
                </Tag>
              ) : (
                <Tag icon={<WarningOutlined />}>{t('admin.log.keyNotPublished')}</Tag>
              ),
          },
        ]}
      />
    </Flex>
  );
}

/** Looks up the receipts of a licence by its identifier and verifies each one here. */
function InclusionLookup({ language, info }: { readonly language: Language; readonly info: LogInfo }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<
    | { readonly kind: 'idle' }
    | { readonly kind: 'loading' }
    | { readonly kind: 'ok'; readonly receipts: readonly CheckedReceipt[] }
    | { readonly kind: 'error'; readonly text: string }
  >({ kind: 'idle' });

  const lookUp = async ({ identifier }: { identifier: string }) => {
    setResult({ kind: 'loading' });
    try {
      setResult({ kind: 'ok', receipts: await fetchVerifiedReceipts(language, identifier.trim(), info) });
    } catch (error) {
      setResult({ kind: 'error', text: describeProblem(error, t) });
    }
  };

  return (
    <Flex vertical gap="small" data-testid="admin-log-inclusion">
      <Typography.Title level={4} className="hutong-subtitle">
        {t('admin.log.inclusion')}
      </Typography.Title>
      <Form layout="inline" onFinish={(values: { identifier: string }) => void lookUp(values)}>
        <Form.Item
          name="identifier"
          label={t('admin.log.identifier')}
          rules={[{ required: true, whitespace: true, message: t('admin.required') }]}
        >
          <Input style={{ width: 420, maxWidth: '100%' }} data-testid="admin-log-identifier" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={result.kind === 'loading'} data-testid="admin-log-lookup">
            {t('admin.log.lookUp')}
          </Button>
        </Form.Item>
      </Form>
      {result.kind === 'loading' && <Loading text={t('admin.log.verifying')} />}
      {result.kind === 'error' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('admin.log.lookUpFailed')}
          description={result.text}
          data-testid="admin-log-inclusion-error"
        />
      )}
      {result.kind === 'ok' && result.receipts.length === 0 && <Empty description={t('admin.log.noReceipts')} />}
      {result.kind === 'ok' && result.receipts.length > 0 && (
        <Table<CheckedReceipt>
          rowKey={(r) => r.verified.index}
          dataSource={[...result.receipts]}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="admin-log-receipts"
          columns={[
            { key: 'version', title: t('admin.log.version'), render: (_, r) => r.version },
            { key: 'event', title: t('admin.log.event'), render: (_, r) => r.verified.entry.event },
            { key: 'at', title: t('admin.audit.at'), render: (_, r) => formatInstant(r.verified.entry.at, language) },
            { key: 'index', title: t('admin.log.index'), render: (_, r) => r.verified.index.toLocaleString(language) },
            { key: 'size', title: t('admin.log.size'), render: (_, r) => r.verified.treeSize.toLocaleString(language) },
            {
              key: 'audit',
              title: t('admin.log.auditSeq'),
              render: (_, r) => r.verified.entry.audit ?? t('common.none'),
            },
            {
              key: 'verdict',
              title: t('admin.log.verifiedHere'),
              render: (_, r) => (
                <Tag icon={<CheckCircleOutlined />} color="green" data-testid="admin-log-receipt-verified">
                  {t('admin.log.included', {
                    signers: new Intl.ListFormat(language, { type: 'conjunction' }).format(r.verified.signedBy),
                  })}
                </Tag>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}
