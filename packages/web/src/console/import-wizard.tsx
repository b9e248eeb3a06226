import type { Language } from '@hutong/core';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Progress,
  Radio,
  Result,
  Statistic,
  Steps,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchResponsibilities } from '../api/console-api.js';
import { describeApiError } from '../api/describe-api-error.js';
import {
  commitImport,
  fetchImport,
  fetchImportPreview,
  fetchImports,
  type ImportCounts,
  type ImportUpload,
  importReportUrl,
  type PreviewRow,
  uploadImport,
} from '../api/import-api.js';
import type { StaffSession } from '../api/session-api.js';
import { formatInstant, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';

/** How often a running dry run or import is asked for its progress. */
const POLL_MS = 1_000;
/** Rejected rows shown a page at a time. */
const PREVIEW_PAGE = 50;

/** Asks for the upload again while `active`, every `POLL_MS`; the latest answer wins. */
function useImportPolling(
  language: Language,
  upload: ImportUpload | undefined,
  active: (upload: ImportUpload) => boolean,
  onUpdate: (upload: ImportUpload) => void,
  onError: (error: unknown) => void,
): void {
  const id = upload?.id;
  const running = upload !== undefined && active(upload);
  // biome-ignore lint/correctness/useExhaustiveDependencies: polls per upload and per running state only.
  useEffect(() => {
    if (id === undefined || !running) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = () => {
      fetchImport(language, id, controller.signal).then(
        (next) => {
          if (controller.signal.aborted) return;
          onUpdate(next);
          if (active(next)) timer = setTimeout(poll, POLL_MS);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) onError(error);
        },
      );
    };
    timer = setTimeout(poll, POLL_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [id, running, language]);
}

function Counts({
  counts,
  testId,
  preview = false,
}: {
  readonly counts: ImportCounts;
  readonly testId: string;
  /** The dry run's counts: rows that can be imported, not rows imported. */
  readonly preview?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Flex gap="large" wrap data-testid={testId}>
      <Statistic title={t(preview ? 'console.import.acceptable' : 'console.import.accepted')} value={counts.accepted} />
      <Statistic title={t('console.import.rejected')} value={counts.rejected} />
      <Statistic title={t('console.import.skipped')} value={counts.skipped} />
    </Flex>
  );
}

/** The rejected rows of the dry run, each with every reason, a page at a time. */
function RejectedRows({ language, upload }: { readonly language: Language; readonly upload: ImportUpload }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<PreviewRow[]>([]);
  const [next, setNext] = useState<number | undefined>(undefined);
  const [after, setAfter] = useState<number | undefined>(undefined);
  const [page] = useLoad(
    async (signal) => {
      const answer = await fetchImportPreview(
        language,
        upload.id,
        { outcome: 'rejected', limit: PREVIEW_PAGE, ...(after === undefined ? {} : { after }) },
        signal,
      );
      setRows((shown) => (after === undefined ? answer.rows : [...shown, ...answer.rows]));
      setNext(answer.next);
      return answer;
    },
    [language, upload.id, after],
    { keepWhileReloading: true },
  );
  if (page.kind === 'error') return <LoadError title={t('console.import.previewFailed')} error={page.error} />;
  if (page.kind === 'loading' && rows.length === 0) return <Loading text={t('console.import.loadingPreview')} />;
  if (rows.length === 0) {
    return <Alert type="success" showIcon title={t('console.import.noRejected')} data-testid="import-no-rejected" />;
  }
  return (
    <Flex vertical gap="small">
      <Table<PreviewRow>
        size="small"
        rowKey="row"
        pagination={false}
        dataSource={rows}
        data-testid="import-rejected-rows"
        columns={[
          { title: t('console.import.row'), dataIndex: 'row', width: 80 },
          { title: 'sourceKey', dataIndex: 'sourceKey', width: 140 },
          {
            title: t('console.import.reasons'),
            key: 'reasons',
            render: (_: unknown, row: PreviewRow) => (
              <ul className="import-reasons">
                {row.reasons.map((reason, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a row's reasons never reorder.
                  <li key={i}>
                    {reason.field === undefined ? '' : <Typography.Text code>{reason.field}</Typography.Text>}{' '}
                    {reason.message}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      {next !== undefined && (
        <Button onClick={() => setAfter(next)} loading={page.kind === 'loading'} data-testid="import-more-rejected">
          {t('console.import.more')}
        </Button>
      )}
    </Flex>
  );
}

const STATUS_COLOURS: Record<ImportUpload['status'], string> = {
  checking: 'processing',
  checked: 'blue',
  refused: 'error',
  committing: 'processing',
  completed: 'success',
  failed: 'error',
  interrupted: 'warning',
};

/** The step of the wizard that shows an upload in this state. */
function stepOf(upload: ImportUpload): number {
  if (upload.status === 'completed') return 4;
  if (upload.status === 'committing' || upload.status === 'interrupted' || upload.status === 'failed') return 3;
  return 2;
}

/** 最近的导入: the department's latest uploads, to go back to one (follow it, resume it, take its report). */
function RecentImports({
  language,
  onOpen,
}: {
  readonly language: Language;
  readonly onOpen: (upload: ImportUpload) => void;
}) {
  const { t } = useTranslation();
  const [recent, retry] = useLoad((signal) => fetchImports(language, signal), [language]);
  if (recent.kind === 'loading') return <Loading text={t('console.import.loadingRecent')} />;
  if (recent.kind === 'error') {
    return <LoadError title={t('console.import.recentFailed')} error={recent.error} onRetry={retry} />;
  }
  if (recent.value.length === 0)
    return <Typography.Text type="secondary">{t('console.import.noRecent')}</Typography.Text>;
  return (
    <Table<ImportUpload>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={recent.value}
      data-testid="import-recent"
      columns={[
        { title: t('console.import.file'), dataIndex: 'fileName' },
        {
          title: t('console.import.uploadedAt'),
          dataIndex: 'createdAt',
          render: (value: string) => formatInstant(value, language),
        },
        {
          title: t('console.import.status'),
          dataIndex: 'status',
          render: (status: ImportUpload['status']) => (
            <Tag color={STATUS_COLOURS[status]}>{t(`console.import.statuses.${status}`)}</Tag>
          ),
        },
        {
          title: t('console.import.accepted'),
          key: 'accepted',
          render: (_: unknown, upload: ImportUpload) => upload.job?.accepted ?? '—',
        },
        {
          title: '',
          key: 'open',
          render: (_: unknown, upload: ImportUpload) => (
            <Button size="small" onClick={() => onOpen(upload)} data-testid={`import-open-${upload.id}`}>
              {t('console.import.open')}
            </Button>
          ),
        },
      ]}
    />
  );
}

/**
 * 存量证照批量导入: the operator picks a type their department issues, uploads the CSV/XLSX,
 * reads the dry run's verdict row by row, commits, follows the import to its end and takes
 * the report. The server does the work (`/api/v1/imports`); the page only asks.
 */
export function ImportWizard({ language, session }: { readonly language: Language; readonly session: StaffSession }) {
  const { t } = useTranslation();
  const department = session.organisationCode ?? '';
  const [responsibilities, retryResponsibilities] = useLoad(
    (signal) => fetchResponsibilities(language, department, signal),
    [language, department],
  );
  const [typeCode, setTypeCode] = useState<string | undefined>(undefined);
  const [legacy, setLegacy] = useState(false);
  const [file, setFile] = useState<File | undefined>(undefined);
  const [step, setStep] = useState(0);
  const [upload, setUpload] = useState<ImportUpload | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);

  useImportPolling(
    language,
    upload,
    (u) => u.status === 'checking' || u.status === 'committing',
    (next) => {
      setUpload(next);
      if (next.status === 'completed') setStep(4);
    },
    setFailure,
  );

  const restart = () => {
    setUpload(undefined);
    setFile(undefined);
    setFailure(undefined);
    setStep(1);
  };

  const send = async () => {
    if (file === undefined || typeCode === undefined) return;
    setBusy(true);
    setFailure(undefined);
    try {
      setUpload(await uploadImport(language, session.csrfToken, { typeCode, issuerCode: department, legacy, file }));
      setStep(2);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const commit = async () => {
    if (upload === undefined) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const next = await commitImport(language, session.csrfToken, upload.id);
      setUpload(next);
      setStep(next.status === 'completed' ? 4 : 3);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  if (responsibilities.kind === 'loading') return <Loading text={t('console.issue.loadingTypes')} />;
  if (responsibilities.kind === 'error') {
    return (
      <LoadError
        title={t('console.issue.typesFailed')}
        error={responsibilities.error}
        onRetry={retryResponsibilities}
      />
    );
  }
  if (responsibilities.value.length === 0) return <Alert type="info" showIcon title={t('console.issue.noTypes')} />;
  const typeName = (code: string) => {
    const found = responsibilities.value.find((r) => r.certificateTypeCode === code);
    return found === undefined ? code : labelIn(found.typeName, language);
  };
  const departmentName = labelIn(
    responsibilities.value[0]?.departmentName ?? { zh: department, en: department },
    language,
  );

  const failureAlert =
    failure === undefined ? null : (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('console.import.failed')}
        description={describeApiError(failure, t)}
        data-testid="import-error"
      />
    );

  const percent =
    upload?.job === undefined || upload.job.rowsTotal === 0
      ? upload?.status === 'completed'
        ? 100
        : 0
      : Math.floor((upload.job.rowsDone * 100) / upload.job.rowsTotal);

  return (
    <Flex vertical gap="middle" data-testid="import-wizard">
      <Typography.Paragraph type="secondary">{t('console.import.intro')}</Typography.Paragraph>
      <Steps
        current={step}
        status={step === 4 ? 'finish' : 'process'}
        size="small"
        items={[
          { title: t('console.import.steps.choose') },
          { title: t('console.import.steps.upload') },
          { title: t('console.import.steps.preview') },
          { title: t('console.import.steps.commit') },
          { title: t('console.import.steps.summary') },
        ]}
      />
      {step === 0 && (
        <Card size="small">
          <Form layout="vertical">
            <Form.Item label={t('console.issue.type')} required>
              {/* Radios rather than a Select: a department issues few types, and antd's Select
                  leaves an unnamed listbox in the page (axe: aria-input-field-name). */}
              <Radio.Group
                value={typeCode}
                onChange={(event) => setTypeCode(String(event.target.value))}
                aria-label={t('console.issue.type')}
                data-testid="import-type"
              >
                <Flex vertical gap="small">
                  {responsibilities.value.map((r) => (
                    <Radio key={r.certificateTypeCode} value={r.certificateTypeCode}>
                      {labelIn(r.typeName, language)} ({r.certificateTypeCode})
                    </Radio>
                  ))}
                </Flex>
              </Radio.Group>
            </Form.Item>
            <Form.Item label={t('console.import.issuer')}>
              <Typography.Text data-testid="import-issuer">
                {departmentName} ({department})
              </Typography.Text>
            </Form.Item>
            <Form.Item
              label={t('console.import.legacy')}
              htmlFor="import-legacy"
              extra={t('console.import.legacyHint')}
            >
              <Switch id="import-legacy" checked={legacy} onChange={setLegacy} data-testid="import-legacy" />
            </Form.Item>
            <Button
              type="primary"
              disabled={typeCode === undefined}
              onClick={() => setStep(1)}
              data-testid="import-next"
            >
              {t('console.import.next')}
            </Button>
          </Form>
        </Card>
      )}
      {step === 0 && (
        <Card size="small" title={t('console.import.recent')}>
          <RecentImports
            language={language}
            onOpen={(chosen) => {
              setUpload(chosen);
              setTypeCode(chosen.typeCode);
              setFailure(undefined);
              setStep(stepOf(chosen));
            }}
          />
        </Card>
      )}
      {step === 1 && (
        <Card size="small">
          <Flex vertical gap="middle">
            <Typography.Text>
              {t('console.import.columnsHint', { type: typeCode === undefined ? '' : typeName(typeCode) })}
            </Typography.Text>
            <Upload.Dragger
              accept=".csv,.xlsx"
              maxCount={1}
              multiple={false}
              beforeUpload={(chosen) => {
                setFile(chosen);
                setFailure(undefined);
                return false;
              }}
              onRemove={() => setFile(undefined)}
              fileList={file === undefined ? [] : [{ uid: 'chosen', name: file.name, status: 'done', size: file.size }]}
              data-testid="import-file"
            >
              <p>{t('console.import.drop')}</p>
            </Upload.Dragger>
            {failureAlert}
            <Flex gap="small">
              <Button onClick={() => setStep(0)}>{t('console.import.back')}</Button>
              <Button
                type="primary"
                disabled={file === undefined}
                loading={busy}
                onClick={send}
                data-testid="import-upload"
              >
                {t('console.import.uploadAndCheck')}
              </Button>
            </Flex>
          </Flex>
        </Card>
      )}
      {step === 2 && upload !== undefined && (
        <Card size="small" title={t('console.import.previewTitle', { file: upload.fileName })}>
          <Flex vertical gap="middle">
            {upload.status === 'checking' && (
              <Flex vertical gap="small">
                <Loading text={t('console.import.checking')} testId="import-checking" />
                {upload.checking !== undefined && upload.checking.bytesTotal > 0 && (
                  <Progress
                    percent={Math.floor((upload.checking.bytesRead * 100) / upload.checking.bytesTotal)}
                    status="active"
                    aria-label={t('console.import.checking')}
                  />
                )}
              </Flex>
            )}
            {upload.status === 'refused' && (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={t('console.import.refused')}
                description={upload.error?.message}
                data-testid="import-refused"
                action={<Button onClick={restart}>{t('console.import.chooseAnother')}</Button>}
              />
            )}
            {upload.preview !== undefined && (
              <>
                <Counts counts={upload.preview} testId="import-preview-counts" preview />
                <Typography.Title level={4}>{t('console.import.rejectedTitle')}</Typography.Title>
                <RejectedRows language={language} upload={upload} />
                {failureAlert}
                <Flex gap="small">
                  <Button onClick={restart}>{t('console.import.chooseAnother')}</Button>
                  <Button type="primary" loading={busy} onClick={commit} data-testid="import-commit">
                    {t('console.import.commit', { count: upload.preview.accepted })}
                  </Button>
                </Flex>
              </>
            )}
          </Flex>
        </Card>
      )}
      {step === 3 && upload !== undefined && (
        <Card size="small" title={t('console.import.committing', { file: upload.fileName })}>
          <Flex vertical gap="middle">
            <div data-testid="import-progress">
              <Progress
                percent={percent}
                status={
                  upload.status === 'committing' ? 'active' : upload.status === 'completed' ? 'success' : 'exception'
                }
                aria-label={t('console.import.progress')}
              />
            </div>
            <Typography.Text data-testid="import-rows-done">
              {t('console.import.rowsDone', { done: upload.job?.rowsDone ?? 0, total: upload.job?.rowsTotal ?? 0 })}
            </Typography.Text>
            {upload.job !== undefined && <Counts counts={upload.job} testId="import-job-counts" />}
            {(upload.status === 'interrupted' || upload.status === 'failed') && (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={t(upload.status === 'failed' ? 'console.import.jobFailed' : 'console.import.interrupted')}
                description={upload.error?.message}
                data-testid="import-stopped"
                action={
                  upload.status === 'interrupted' ? (
                    <Button onClick={commit} loading={busy} data-testid="import-resume">
                      {t('console.import.resume')}
                    </Button>
                  ) : undefined
                }
              />
            )}
            {failureAlert}
          </Flex>
        </Card>
      )}
      {step === 4 && upload !== undefined && (
        <Result
          status={upload.job !== undefined && upload.job.rejected > 0 ? 'warning' : 'success'}
          title={t('console.import.done')}
          subTitle={
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('console.issue.type')}>{typeName(upload.typeCode)}</Descriptions.Item>
              <Descriptions.Item label={t('console.import.file')}>{upload.fileName}</Descriptions.Item>
            </Descriptions>
          }
          extra={
            <Flex vertical gap="middle" align="center">
              <div className="import-summary-progress" data-testid="import-summary-progress">
                <Progress percent={100} status="success" aria-label={t('console.import.progress')} />
              </div>
              {upload.job !== undefined && <Counts counts={upload.job} testId="import-summary-counts" />}
              <Flex gap="small">
                <Button type="primary" href={importReportUrl(upload.id)} download data-testid="import-report">
                  {t('console.import.report')}
                </Button>
                <Button
                  onClick={() => {
                    restart();
                    setStep(0);
                  }}
                  data-testid="import-another"
                >
                  {t('console.import.another')}
                </Button>
              </Flex>
            </Flex>
          }
          data-testid="import-summary"
        />
      )}
    </Flex>
  );
}
