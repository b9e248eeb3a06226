import { ArrowLeftOutlined, DownloadOutlined, LogoutOutlined, QrcodeOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { App as AntApp, Button, Card, Descriptions, Empty, Flex, List, Segmented, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import {
  fetchHolderMe,
  fetchMyLicence,
  fetchMyLicences,
  type HolderMe,
  holderSignOut,
  type MyLicenceDetail,
  type MyLicenceSummary,
  myLicenceDownload,
} from '../api/holder-api.js';
import { formatCompactDate, formatInstant, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { StatusTag } from '../library/status-tag.js';
import { mayHaveHolderSession } from './holder-cookie.js';
import { HolderSignIn } from './holder-sign-in.js';
import { MyGrants } from './my-grants.js';
import { ShowCodeScreen } from './show-code-screen.js';
import { UsageTimeline } from './usage-timeline.js';

interface LicenceList {
  readonly items: MyLicenceSummary[];
  readonly nextCursor?: string;
}

/** The holder's licences as cards, grouped by category (the type's defining authority). */
function MyLicences({
  language,
  onOpen,
  onLoaded,
}: {
  readonly language: Language;
  readonly onOpen: (identifier: string) => void;
  readonly onLoaded: (items: readonly MyLicenceSummary[]) => void;
}) {
  const { t } = useTranslation();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [pages, setPages] = useState<LicenceList>({ items: [] });
  const [load, retry] = useLoad(
    async (signal) => {
      const page = await fetchMyLicences(language, cursor, signal);
      onLoaded(page.items);
      setPages((previous) => ({
        items: cursor === undefined ? [...page.items] : [...previous.items, ...page.items],
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      }));
      return page;
    },
    [language, cursor],
    { keepWhileReloading: true },
  );
  if (load.kind === 'loading' && pages.items.length === 0)
    return <Loading text={t('holder.list.loading')} testId="holder-list-loading" />;
  if (load.kind === 'error')
    return <LoadError title={t('holder.list.failed')} error={load.error} onRetry={retry} testId="holder-list-error" />;
  if (pages.items.length === 0) return <Empty description={t('holder.list.empty')} data-testid="holder-list-empty" />;

  const categories = new Map<string, { name: string; items: MyLicenceSummary[] }>();
  for (const item of pages.items) {
    const entry = categories.get(item.category.code) ?? { name: item.category.name, items: [] };
    entry.items.push(item);
    categories.set(item.category.code, entry);
  }
  return (
    <Flex vertical gap="large" data-testid="holder-list">
      {[...categories.entries()].map(([code, category]) => (
        <section key={code} aria-label={category.name} data-testid={`holder-category-${code}`}>
          <Typography.Title level={4}>{category.name}</Typography.Title>
          <Flex vertical gap="middle">
            {category.items.map((item) => (
              <Card
                key={item.identifier}
                hoverable
                className={`holder-licence-card holder-licence-${item.status}`}
                onClick={() => onOpen(item.identifier)}
                data-testid="holder-licence-card"
                data-identifier={item.identifier}
              >
                <Flex justify="space-between" align="start" gap="small">
                  <div>
                    <Typography.Text strong className="holder-card-title">
                      {item.certificateName}
                    </Typography.Text>
                    <div>
                      <Typography.Text type="secondary">{labelIn(item.typeName, language)}</Typography.Text>
                    </div>
                  </div>
                  <StatusTag status={item.status} />
                </Flex>
                <Descriptions column={1} size="small" className="holder-card-details">
                  <Descriptions.Item label={t('holder.list.number')}>{item.certificateNumber}</Descriptions.Item>
                  <Descriptions.Item label={t('holder.list.issuer')}>{item.issuerName}</Descriptions.Item>
                  <Descriptions.Item label={t('holder.list.expiring')}>
                    {item.expiringDate === undefined
                      ? t('holder.list.longTerm')
                      : formatCompactDate(item.expiringDate, language)}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            ))}
          </Flex>
        </section>
      ))}
      {pages.nextCursor !== undefined && (
        <Button
          onClick={() => setCursor(pages.nextCursor)}
          loading={load.kind === 'loading'}
          data-testid="holder-list-more"
        >
          {t('holder.list.more')}
        </Button>
      )}
    </Flex>
  );
}

function faceText(field: MyLicenceDetail['faceFields'][number], language: Language, t: (key: string) => string) {
  if (field.value === null) return t('common.none');
  if (typeof field.value === 'boolean') return field.value ? t('common.yes') : t('common.no');
  if (field.type === 'date' && typeof field.value === 'string') return formatCompactDate(field.value, language);
  return String(field.value);
}

/** One of the holder's licences in full: face, status, encumbrances, history, log receipt, downloads. */
function MyLicenceView({
  identifier,
  language,
  me,
  onBack,
}: {
  readonly identifier: string;
  readonly language: Language;
  readonly me: HolderMe;
  readonly onBack: () => void;
}) {
  const { t } = useTranslation();
  const [load, retry] = useLoad((signal) => fetchMyLicence(language, identifier, signal), [language, identifier]);
  const [showing, setShowing] = useState(false);
  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="holder-back">
      {t('holder.detail.back')}
    </Button>
  );
  if (load.kind === 'loading') return <Loading text={t('holder.detail.loading')} testId="holder-detail-loading" />;
  if (load.kind === 'error') {
    return (
      <Flex vertical gap="middle">
        {back}
        <LoadError title={t('holder.detail.failed')} error={load.error} onRetry={retry} testId="holder-detail-error" />
      </Flex>
    );
  }
  const detail = load.value;
  const { metadata } = detail.licence;
  const active = detail.encumbrances.filter((e) => e.releasedAt === undefined);
  return (
    <Flex vertical gap="middle" data-testid="holder-detail">
      {back}
      <Card
        title={<span data-testid="holder-detail-name">{metadata.certificateName}</span>}
        extra={<StatusTag status={detail.status.status} testId="holder-detail-status" />}
      >
        <Flex vertical gap="middle">
          <Button
            type="primary"
            size="large"
            icon={<QrcodeOutlined />}
            block
            onClick={() => setShowing(true)}
            data-testid="holder-show-code"
          >
            {t('holder.detail.show')}
          </Button>
          <Descriptions column={1} size="small" bordered data-testid="holder-detail-face">
            {detail.faceFields
              .filter((field) => field.type !== 'image')
              .map((field) => (
                <Descriptions.Item key={field.key} label={labelIn(field.label, language)}>
                  {faceText(field, language, t)}
                </Descriptions.Item>
              ))}
            <Descriptions.Item label={t('holder.list.number')}>{metadata.certificateNumber}</Descriptions.Item>
            <Descriptions.Item label={t('holder.list.issuer')}>
              {metadata.certificateIssuingAuthorityName}
            </Descriptions.Item>
            <Descriptions.Item label={t('holder.detail.valid')}>
              {t('holder.detail.validRange', {
                from: formatCompactDate(metadata.certificateEffectiveDate ?? '', language),
                to:
                  detail.status.expiringDate === undefined
                    ? t('holder.list.longTerm')
                    : formatCompactDate(detail.status.expiringDate, language),
              })}
            </Descriptions.Item>
            <Descriptions.Item label={t('holder.detail.identifier')}>{identifier}</Descriptions.Item>
          </Descriptions>
          <Flex gap="small" wrap>
            <Button
              icon={<DownloadOutlined />}
              href={myLicenceDownload(identifier, 'json')}
              download
              data-testid="holder-download-json"
            >
              {t('holder.detail.downloadJson')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={myLicenceDownload(identifier, 'pdf')}
              download
              data-testid="holder-download-pdf"
            >
              {t('holder.detail.downloadPdf')}
            </Button>
          </Flex>
        </Flex>
      </Card>
      <Card title={t('holder.detail.encumbrances')} size="small" data-testid="holder-detail-encumbrances">
        {active.length === 0 ? (
          <Typography.Text type="secondary">{t('holder.detail.noEncumbrances')}</Typography.Text>
        ) : (
          <List
            size="small"
            dataSource={active}
            renderItem={(e) => (
              <List.Item>
                <Tag color="warning">{t(`encumbrances.${e.kind}`)}</Tag> {e.id}
                {e.creditor === undefined ? '' : ` · ${e.creditor}`}
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card title={t('holder.detail.history')} size="small">
        <Table
          size="small"
          rowKey={(row) => `${row.identifier}-${row.seq}`}
          pagination={false}
          scroll={{ x: true }}
          dataSource={[...detail.history]}
          data-testid="holder-detail-history"
          locale={{ emptyText: t('holder.detail.noHistory') }}
          columns={[
            { title: t('holder.detail.when'), dataIndex: 'at', render: (at: string) => formatInstant(at, language) },
            {
              title: t('holder.detail.event'),
              dataIndex: 'type',
              render: (type: string) => t(`events.${type}`, { defaultValue: type }),
            },
            {
              title: t('holder.detail.statusAfter'),
              dataIndex: 'to',
              render: (to: string) => <StatusTag status={to} />,
            },
          ]}
        />
      </Card>
      <Card title={t('holder.detail.receipt')} size="small" data-testid="holder-detail-receipt">
        {detail.receipt === null ? (
          <Typography.Text type="secondary">{t('holder.detail.noReceipt')}</Typography.Text>
        ) : (
          <Flex vertical gap="small">
            <Typography.Text>
              {t('holder.detail.receiptText', { index: detail.receipt.index, size: detail.receipt.treeSize })}
            </Typography.Text>
            <Typography.Text code className="holder-checkpoint">
              {detail.receipt.checkpoint.split('\n')[0]}
            </Typography.Text>
          </Flex>
        )}
      </Card>
      {showing && (
        <ShowCodeScreen
          detail={detail}
          language={language}
          csrfToken={me.csrfToken}
          onClose={() => setShowing(false)}
        />
      )}
    </Flex>
  );
}

/** An ID number as a screen others may glimpse shows it: the first 4 and last 4 characters. */
function maskCode(code: string): string {
  return code.length <= 8 ? code : `${code.slice(0, 4)}${'*'.repeat(code.length - 8)}${code.slice(-4)}`;
}

/** The holder scene's three views: licences, grants (用证授权), usage records (用证记录). */
type HolderView = 'licences' | 'grants' | 'usage';
const VIEWS: readonly HolderView[] = ['licences', 'grants', 'usage'];

type HolderState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed-out' }
  | { readonly kind: 'signed-in'; readonly me: HolderMe };

/** 我的证照: the holder signs in, sees their licences by category, opens one, shows its code. */
export default function HolderPage({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const hasCookie = mayHaveHolderSession(document.cookie);
  const [state, setState] = useState<HolderState>(() => (hasCookie ? { kind: 'checking' } : { kind: 'signed-out' }));
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [view, setView] = useState<HolderView>('licences');
  // Names for the usage timeline, remembered from the licence list (no extra read).
  const names = useRef(new Map<string, string>());
  // biome-ignore lint/correctness/useExhaustiveDependencies: checked once per visit; the language does not change the answer.
  useEffect(() => {
    if (state.kind !== 'checking') return;
    const controller = new AbortController();
    fetchHolderMe(language, controller.signal).then(
      (me) => setState({ kind: 'signed-in', me }),
      () => {
        if (!controller.signal.aborted) setState({ kind: 'signed-out' });
      },
    );
    return () => controller.abort();
  }, []);

  if (state.kind === 'checking') return <Loading text={t('holder.checking')} />;
  if (state.kind === 'signed-out') {
    return (
      <Flex vertical gap="middle" className="holder-page">
        <Typography.Title level={2}>{t('holder.title')}</Typography.Title>
        <HolderSignIn language={language} onSignedIn={(me) => setState({ kind: 'signed-in', me })} />
      </Flex>
    );
  }
  const { me } = state;
  const signOut = async () => {
    try {
      await holderSignOut(language, me.csrfToken);
      setOpen(undefined);
      setState({ kind: 'signed-out' });
    } catch (error) {
      void message.error(describeApiError(error, t));
    }
  };
  return (
    <Flex vertical gap="middle" className="holder-page" data-testid="holder-page">
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={2} className="holder-heading">
          {t('holder.title')}
        </Typography.Title>
        <Flex align="center" gap="small">
          <Typography.Text data-testid="holder-who">{me.person.name ?? maskCode(me.person.holderCode)}</Typography.Text>
          <Button icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="holder-sign-out">
            {t('holder.signOut')}
          </Button>
        </Flex>
      </Flex>
      <Segmented<HolderView>
        block
        value={view}
        onChange={(next) => {
          setView(next);
          setOpen(undefined);
        }}
        options={VIEWS.map((v) => ({
          value: v,
          label: <span data-testid={`holder-view-${v}`}>{t(`holder.views.${v}`)}</span>,
        }))}
        data-testid="holder-views"
      />
      {view === 'grants' ? (
        <MyGrants language={language} csrfToken={me.csrfToken} />
      ) : view === 'usage' ? (
        <UsageTimeline language={language} licenceName={(identifier) => names.current.get(identifier)} />
      ) : open === undefined ? (
        <MyLicences
          language={language}
          onOpen={setOpen}
          onLoaded={(items) => {
            for (const item of items) names.current.set(item.identifier, item.certificateName);
          }}
        />
      ) : (
        <MyLicenceView identifier={open} language={language} me={me} onBack={() => setOpen(undefined)} />
      )}
    </Flex>
  );
}
