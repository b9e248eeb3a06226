import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Alert, Button, DatePicker, Empty, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AUDIT_OUTCOMES,
  type AuditFilter,
  type AuditRecord,
  type ChainCheck,
  checkAuditRecords,
  chunkRecordLicences,
  fetchAuditPage,
} from '../api/audit-api.js';
import { formatInstant } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';

interface FilterValues {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const OUTCOME_COLOURS: Record<string, string> = {
  success: 'green',
  refused: 'orange',
  failed: 'red',
  'not-found': 'default',
};

/**
 * The audit trail (auditors): filtered by actor, action, target, outcome and time, paged, and
 * the records shown re-checked in the browser against their chain hashes.
 */
export function AuditViewer({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});
  // The cursors of the pages seen, so that "previous" goes back without the server's help.
  const [cursors, setCursors] = useState<ReadonlyArray<string | undefined>>([undefined]);
  const cursor = cursors.at(-1);
  const [page, retry] = useLoad(
    (signal) => fetchAuditPage(language, filter, cursor, signal),
    [language, filter, cursor],
    { keepWhileReloading: true },
  );
  const [check, setCheck] = useState<ChainCheck | null>(null);

  const apply = (values: FilterValues) => {
    const text = (value: string | undefined) => {
      const trimmed = value?.trim() ?? '';
      return trimmed === '' ? {} : { value: trimmed };
    };
    const next: { -readonly [K in keyof AuditFilter]: AuditFilter[K] } = {};
    for (const name of ['actor', 'action', 'target'] as const) {
      const v = text(values[name]);
      if (v.value !== undefined) next[name] = v.value;
    }
    if (values.outcome !== undefined) next.outcome = values.outcome;
    const [from, to] = values.range ?? [null, null];
    if (from !== null) next.from = from.startOf('day').toISOString();
    if (to !== null) next.to = to.endOf('day').toISOString();
    setFilter(next);
    setCursors([undefined]);
    setCheck(null);
  };

  return (
    <Flex vertical gap="middle" data-testid="admin-audit">
      <Typography.Paragraph type="secondary">{t('admin.audit.intro')}</Typography.Paragraph>
      <Form<FilterValues> form={form} layout="inline" onFinish={apply} data-testid="admin-audit-filter">
        <Form.Item name="actor" label={t('admin.audit.actor')}>
          <Input placeholder="staff:… / client:…" data-testid="admin-audit-actor" />
        </Form.Item>
        <Form.Item name="action" label={t('admin.audit.action')}>
          <Input placeholder="licence.issued" data-testid="admin-audit-action" />
        </Form.Item>
        <Form.Item name="target" label={t('admin.audit.target')}>
          <Input data-testid="admin-audit-target" />
        </Form.Item>
        <Form.Item name="outcome" label={t('admin.audit.outcome')}>
          <Select
            allowClear
            style={{ minWidth: 120 }}
            options={AUDIT_OUTCOMES.map((o) => ({ value: o, label: t(`admin.outcomes.${o}`) }))}
          />
        </Form.Item>
        <Form.Item name="range" label={t('admin.audit.period')}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" data-testid="admin-audit-apply">
            {t('admin.audit.apply')}
          </Button>
        </Form.Item>
      </Form>
      {page.kind === 'loading' && <Loading text={t('admin.audit.loading')} />}
      {page.kind === 'error' && <LoadError title={t('admin.audit.failed')} error={page.error} onRetry={retry} />}
      {page.kind === 'ok' && (
        <>
          <Flex gap="small" wrap align="center">
            <Button
              icon={<SafetyCertificateOutlined />}
              disabled={page.value.items.length === 0}
              onClick={() => setCheck(checkAuditRecords(page.value.items))}
              data-testid="admin-audit-verify"
            >
              {t('admin.audit.verify')}
            </Button>
            <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('admin.previous')}
            </Button>
            <Button
              disabled={page.value.next === null}
              onClick={() => {
                const next = page.value.next;
                if (next !== null) setCursors((c) => [...c, next]);
                setCheck(null);
              }}
              data-testid="admin-audit-next"
            >
              {t('admin.next')}
            </Button>
          </Flex>
          {check !== null && <ChainVerdict check={check} />}
          {page.value.items.length === 0 ? (
            <Empty description={t('admin.audit.empty')} data-testid="admin-audit-empty" />
          ) : (
            <Table<AuditRecord>
              rowKey="seq"
              dataSource={[...page.value.items]}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="admin-audit-table"
              expandable={{
                expandedRowRender: (record) => (
                  <Flex vertical gap={4}>
                    <Typography.Text>
                      {t('admin.audit.hash')}: <Typography.Text code>{record.hash}</Typography.Text>
                    </Typography.Text>
                    <Typography.Text>
                      {t('admin.audit.prevHash')}: <Typography.Text code>{record.prevHash}</Typography.Text>
                    </Typography.Text>
                    <pre className="hutong-pre">{JSON.stringify(record.details, null, 2)}</pre>
                  </Flex>
                ),
              }}
              columns={[
                { key: 'seq', title: '#', dataIndex: 'seq' },
                { key: 'at', title: t('admin.audit.at'), render: (_, r) => formatInstant(r.at, language) },
                {
                  key: 'actor',
                  title: t('admin.audit.actor'),
                  render: (_, r) => <Typography.Text code>{r.actor}</Typography.Text>,
                },
                {
                  key: 'action',
                  title: t('admin.audit.action'),
                  // What happened in words, with the recorded code under it (the filter takes the
                  // code): the column showed only codes such as holder.show-code, in Chinese too.
                  render: (_, r) => {
                    const named = t(`admin.auditActions.${r.action}`, { defaultValue: '' });
                    return (
                      <Flex vertical>
                        {named !== '' && <span>{named}</span>}
                        <Typography.Text type="secondary" code>
                          {r.action}
                        </Typography.Text>
                      </Flex>
                    );
                  },
                },
                {
                  key: 'target',
                  title: t('admin.audit.target'),
                  render: (_, r) => {
                    const count = chunkRecordLicences(r);
                    return (
                      r.target ?? (count === undefined ? t('common.none') : t('admin.audit.chunkTarget', { count }))
                    );
                  },
                },
                { key: 'cause', title: t('admin.audit.useCause'), render: (_, r) => r.useCause ?? t('common.none') },
                {
                  key: 'outcome',
                  title: t('admin.audit.outcome'),
                  render: (_, r) => (
                    <Tag color={OUTCOME_COLOURS[r.outcome] ?? 'default'}>
                      {t(`admin.outcomes.${r.outcome}`, { defaultValue: r.outcome })}
                    </Tag>
                  ),
                },
              ]}
            />
          )}
        </>
      )}
    </Flex>
  );
}

function ChainVerdict({ check }: { readonly check: ChainCheck }) {
  const { t } = useTranslation();
  return check.ok ? (
    <Alert
      type="success"
      showIcon
      role="status"
      title={t('admin.audit.chainOk', { checked: check.checked, linked: check.linked })}
      description={t('admin.audit.chainNote')}
      data-testid="admin-audit-verdict"
      data-verdict="ok"
    />
  ) : (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={t('admin.audit.chainBroken', { seq: check.seq, reason: t(`admin.audit.breaks.${check.reason}`) })}
      data-testid="admin-audit-verdict"
      data-verdict="broken"
    />
  );
}
