import { ArrowLeftOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Button, Card, Descriptions, Empty, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LicenceType } from '../api/catalogue-api.js';
import {
  type Encumbrance,
  fetchLicence,
  fetchLicenceHistory,
  type LicenceHistory,
  type LicenceVersionSummary,
  type LicenceView,
  type StatusHistoryEvent,
} from '../api/library-api.js';
import { formatCompactDate, formatInstant, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { StatusTag } from './status-tag.js';

/** GB/T 36903 metadata in the order a person reads a licence. */
const METADATA_ORDER = [
  'certificateName',
  'certificateNumber',
  'certificateIdentifier',
  'certificateVersion',
  'certificateTypeCode',
  'certificateHolderName',
  'certificateHolderTypeCode',
  'certificateHolderCode',
  'certificateIssuingAuthorityName',
  'certificateIssuingAuthorityCode',
  'certificateIssuedDate',
  'certificateEffectiveDate',
  'certificateExpiringDate',
  'certificateAreaCode',
] as const;
const DATE_KEYS = new Set(['certificateIssuedDate', 'certificateEffectiveDate', 'certificateExpiringDate']);

function faceValue(
  value: string | number | boolean,
  field: LicenceType['faceFields'][number] | undefined,
  language: Language,
  t: (key: string) => string,
): string {
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field?.type === 'image') return t('library.image');
  if (field?.type === 'date' && typeof value === 'string') return formatCompactDate(value, language);
  const option = field?.enum?.find((candidate) => candidate.value === String(value));
  return option === undefined ? String(value) : labelIn(option.label, language);
}

/** One licence: metadata, face, status, encumbrances, versions and status history, read with the use cause. */
export function LicenceDetail({
  language,
  identifier,
  useCause,
  types,
  onBack,
}: {
  readonly language: Language;
  readonly identifier: string;
  readonly useCause: string;
  readonly types: readonly LicenceType[];
  readonly onBack: () => void;
}) {
  const { t } = useTranslation();
  const [read, retry] = useLoad(
    (signal) =>
      Promise.all([
        fetchLicence(language, identifier, useCause, signal),
        fetchLicenceHistory(language, identifier, useCause, signal),
      ]),
    [language, identifier, useCause],
  );

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="licence-back">
      {t('library.backToResults')}
    </Button>
  );

  return (
    <Card title={t('library.detailTitle')} extra={back} data-testid="licence-detail">
      <Typography.Paragraph type="secondary">{t('library.readWithCause', { useCause })}</Typography.Paragraph>
      {read.kind === 'loading' && <Loading text={t('library.detailLoading')} testId="licence-detail-loading" />}
      {read.kind === 'error' && (
        <LoadError title={t('library.detailFailed')} error={read.error} onRetry={retry} testId="licence-detail-error" />
      )}
      {read.kind === 'ok' && (
        <LicenceDetailBody view={read.value[0]} history={read.value[1]} types={types} language={language} />
      )}
    </Card>
  );
}

function LicenceDetailBody({
  view,
  history,
  types,
  language,
}: {
  readonly view: LicenceView;
  readonly history: LicenceHistory;
  readonly types: readonly LicenceType[];
  readonly language: Language;
}) {
  const { t } = useTranslation();
  const metadata = view.licence.metadata;
  const type = types.find((candidate) => candidate.certificateTypeCode === metadata.certificateTypeCode);
  const fieldsByKey = new Map(type?.faceFields.map((field) => [field.key, field]) ?? []);
  // The type's order first (as the paper licence prints it), then anything the type no longer lists.
  const faceKeys = [
    ...(type?.faceFields.map((field) => field.key).filter((key) => key in view.licence.face) ?? []),
    ...Object.keys(view.licence.face).filter((key) => !fieldsByKey.has(key)),
  ];

  return (
    <Flex vertical gap="large">
      <Flex align="center" gap="middle" wrap>
        <Typography.Title level={3} className="hutong-subtitle" data-testid="licence-name">
          {metadata.certificateName}
        </Typography.Title>
        <StatusTag status={view.status.status} testId="licence-status" />
      </Flex>
      <Descriptions
        title={t('library.metadata')}
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        data-testid="licence-metadata"
        items={METADATA_ORDER.filter((key) => metadata[key] !== undefined).map((key) => {
          const value = metadata[key] ?? '';
          return {
            key,
            label: t(`metadata.${key}`),
            children: DATE_KEYS.has(key) ? (
              formatCompactDate(value, language)
            ) : key === 'certificateHolderTypeCode' ? (
              `${value} ${t(`holderCodeTypes.${value}`, { defaultValue: '' })}`
            ) : key.endsWith('Code') || key === 'certificateIdentifier' ? (
              <Typography.Text code copyable>
                {value}
              </Typography.Text>
            ) : (
              value
            ),
          };
        })}
      />
      <Descriptions
        title={t('library.face')}
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        data-testid="licence-face"
        items={faceKeys.map((key) => {
          const field = fieldsByKey.get(key);
          const value = view.licence.face[key];
          return {
            key,
            label: field === undefined ? key : labelIn(field.label, language),
            children: value === undefined ? '' : faceValue(value, field, language, t),
          };
        })}
      />
      <section>
        <Typography.Title level={4} className="hutong-subtitle">
          {t('library.encumbrances')}
        </Typography.Title>
        {view.encumbrances.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('library.noEncumbrances')} />
        ) : (
          <Table<Encumbrance>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={[...view.encumbrances]}
            data-testid="licence-encumbrances"
            columns={[
              { key: 'kind', title: t('library.encumbranceKind'), render: (_, e) => t(`encumbrances.${e.kind}`) },
              { key: 'creditor', title: t('library.creditor'), render: (_, e) => e.creditor ?? t('common.none') },
              { key: 'start', title: t('library.start'), render: (_, e) => formatCompactDate(e.start, language) },
              {
                key: 'end',
                title: t('library.end'),
                render: (_, e) => (e.end === undefined ? t('common.none') : formatCompactDate(e.end, language)),
              },
              {
                key: 'released',
                title: t('library.releasedAt'),
                render: (_, e) =>
                  e.releasedAt === undefined ? t('library.inForce') : formatCompactDate(e.releasedAt, language),
              },
            ]}
          />
        )}
      </section>
      <section>
        <Typography.Title level={4} className="hutong-subtitle">
          {t('library.versions')}
        </Typography.Title>
        <Table<LicenceVersionSummary>
          size="small"
          rowKey="identifier"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={[...history.versions]}
          data-testid="licence-versions"
          locale={{ emptyText: t('library.noVersions') }}
          columns={[
            { key: 'version', title: t('library.version'), dataIndex: 'version' },
            {
              key: 'identifier',
              title: t('metadata.certificateIdentifier'),
              render: (_, v) => <Typography.Text code>{v.identifier}</Typography.Text>,
            },
            { key: 'status', title: t('library.status'), render: (_, v) => <StatusTag status={v.status} /> },
            { key: 'issuedAt', title: t('library.issuedAt'), render: (_, v) => formatIssued(v.issuedAt, language) },
          ]}
        />
      </section>
      <section>
        <Typography.Title level={4} className="hutong-subtitle">
          {t('library.statusHistory')}
        </Typography.Title>
        <Table<StatusHistoryEvent>
          size="small"
          rowKey={(e) => `${e.identifier}:${e.seq}`}
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={[...history.events]}
          data-testid="licence-status-history"
          locale={{ emptyText: t('library.noEvents') }}
          columns={[
            { key: 'at', title: t('library.at'), render: (_, e) => formatInstant(e.at, language) },
            {
              key: 'type',
              title: t('library.event'),
              render: (_, e) => t(`events.${e.type}`, { defaultValue: e.type }),
            },
            { key: 'from', title: t('library.from'), render: (_, e) => <StatusTag status={e.from} /> },
            { key: 'to', title: t('library.to'), render: (_, e) => <StatusTag status={e.to} /> },
            {
              key: 'reason',
              title: t('library.reason'),
              render: (_, e) => (typeof e.event.reason === 'string' ? e.event.reason : ''),
            },
            { key: 'version', title: t('library.version'), render: (_, e) => e.identifier.split('.').at(-2) ?? '' },
          ]}
        />
      </section>
    </Flex>
  );
}

/** A version's issue time: a compact date or an instant, whichever the server sent. */
function formatIssued(value: string, language: Language): string {
  return /^\d{8}$/.test(value) ? formatCompactDate(value, language) : formatInstant(value, language);
}
