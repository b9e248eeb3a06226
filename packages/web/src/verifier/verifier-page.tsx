import {
  CameraOutlined,
  CheckCircleFilled,
  CloseCircleFilled,
  ExclamationCircleFilled,
  PictureOutlined,
  ReloadOutlined,
  SnippetsOutlined,
} from '@ant-design/icons';
import { type Language, SHOWABLE_METADATA, type ShowCodeVerdict, type ShownField, verifyShowCode } from '@hutong/core';
import { Alert, Button, Card, Descriptions, Flex, Input, List, Segmented, Tag, Typography } from 'antd';
import { type ChangeEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCompactDate, formatInstant, labelIn } from '../layout/format.js';
import { Loading } from '../layout/load-state.js';
import { CameraScanner } from './camera-scanner.js';
import { decodeQrImage } from './decode-qr.js';
import { failureReason, purposeLabel, type VerdictTone, verdictTone } from './describe-verdict.js';
import { httpTrustSource, loadTrust, type TrustSource, type TrustState, TrustUnavailableError } from './trust-store.js';
import { loadTypeLabels, type TypeLabelIndex } from './type-labels.js';

/** What the browser knows has no network: the stored list is used without a failing request (and its console error). */
const NO_NETWORK: TrustSource = {
  anchor: () => Promise.reject(new Error('offline')),
  list: () => Promise.reject(new Error('offline')),
};

type TrustLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly trust: TrustState }
  | { readonly kind: 'error'; readonly error: unknown };

type InputKind = 'camera' | 'image' | 'paste';

type Result =
  | { readonly kind: 'none' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'no-code' }
  | { readonly kind: 'image-unreadable' }
  | { readonly kind: 'verdict'; readonly verdict: ShowCodeVerdict };

const TONE_ICONS: Readonly<Record<VerdictTone, React.ReactNode>> = {
  valid: <CheckCircleFilled />,
  warning: <ExclamationCircleFilled />,
  invalid: <CloseCircleFilled />,
};

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

function TrustStatus({
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

function fieldLabel(
  field: ShownField,
  typeCode: string,
  labels: TypeLabelIndex,
  language: Language,
  t: (key: string) => string,
) {
  if (field.source === 'metadata' && (SHOWABLE_METADATA as readonly string[]).includes(field.key)) {
    return t(`verifier.metadata.${field.key}`);
  }
  const known = labels[typeCode]?.fields[field.key];
  return known === undefined ? field.key : labelIn(known.label, language);
}

/** A shown value as a person reads it: an enumerated code by its label, a date as a date; a masked value as it came. */
function fieldValue(field: ShownField, typeCode: string, labels: TypeLabelIndex, language: Language): string {
  const text = String(field.value);
  if (field.masked) return text;
  const known = labels[typeCode]?.fields[field.key];
  const option = known?.values?.[text];
  if (option !== undefined) return labelIn(option, language);
  if (known?.type === 'date') return formatCompactDate(text, language);
  return text;
}

function VerdictView({
  verdict,
  labels,
  language,
}: {
  readonly verdict: ShowCodeVerdict;
  readonly labels: TypeLabelIndex;
  readonly language: Language;
}) {
  const { t } = useTranslation();
  const tone = verdictTone(verdict);
  const code = verdict.showCode;
  const typeName = code === undefined ? undefined : labels[code.typeCode]?.name;
  return (
    <Flex vertical gap="middle" data-testid="verifier-result">
      <div
        className={`verifier-verdict verifier-verdict-${tone}`}
        role="status"
        aria-live="assertive"
        data-testid="verifier-verdict"
        data-tone={tone}
      >
        <span className="verifier-verdict-icon" aria-hidden>
          {TONE_ICONS[tone]}
        </span>
        <div>
          <div className="verifier-verdict-title">{t(`verifier.tone.${tone}`)}</div>
          <div className="verifier-verdict-subtitle">
            {code === undefined
              ? t('verifier.unreadable')
              : t('verifier.subtitle', {
                  type: typeName === undefined ? code.typeCode : labelIn(typeName, language),
                  issuer: code.issuerName ?? code.issuerCode,
                })}
          </div>
        </div>
      </div>
      {code !== undefined && (
        <Card title={t('verifier.disclosed')} size="small">
          <Descriptions column={1} size="small" bordered data-testid="verifier-fields">
            {code.fields.map((field) => (
              <Descriptions.Item
                key={`${field.source}:${field.key}`}
                label={fieldLabel(field, code.typeCode, labels, language, t)}
              >
                <span data-testid={`verifier-field-${field.key}`}>
                  {fieldValue(field, code.typeCode, labels, language)}
                </span>
                {field.masked && (
                  <Tag className="verifier-masked" color="default">
                    {t('verifier.masked')}
                  </Tag>
                )}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('verifier.identifier')}>{code.identifier}</Descriptions.Item>
            <Descriptions.Item label={t('verifier.purpose')}>{purposeLabel(code.purpose, language)}</Descriptions.Item>
            <Descriptions.Item label={t('verifier.statusAtSigning')}>
              {t(`verifier.offlineStatus.${code.statusAtSigning}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('verifier.codeTimes')}>
              {t('verifier.codeTimesValue', {
                issuedAt: formatInstant(code.issuedAt, language),
                expiresAt: formatInstant(code.expiresAt, language),
              })}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={t('verifier.checksTitle')} size="small">
        <List
          size="small"
          data-testid="verifier-checks"
          dataSource={[...verdict.checks]}
          renderItem={(check) => (
            <List.Item data-testid={`verifier-check-${check.name}`} data-ok={check.ok ? 'yes' : 'no'}>
              <Flex gap="small" align="start">
                <span className={check.ok ? 'verifier-check-ok' : 'verifier-check-failed'} aria-hidden>
                  {check.ok ? <CheckCircleFilled /> : <CloseCircleFilled />}
                </span>
                <div>
                  <Typography.Text strong>
                    {t(`verifier.checks.${check.name}`)}
                    <span className="hutong-visually-hidden">
                      {check.ok ? t('verifier.passed') : t('verifier.failed')}
                    </span>
                  </Typography.Text>
                  <div>
                    <Typography.Text type={check.ok ? 'secondary' : 'danger'}>
                      {failureReason(check, language) ?? t(`verifier.passes.${check.name}`)}
                    </Typography.Text>
                  </div>
                </div>
              </Flex>
            </List.Item>
          )}
        />
      </Card>
      <Typography.Text type="secondary">
        {t('verifier.offlineNote', { at: formatInstant(verdict.at, language) })}
      </Typography.Text>
    </Flex>
  );
}

/**
 * 扫码核验: a show code from the camera, a photo or screenshot, or pasted text, checked in
 * this browser with core's offline verifier against the node's signed trust list (cached, so
 * it keeps working without a network until the list expires).
 */
export default function VerifierPage({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const online = useOnline();
  const [load, setLoad] = useState<TrustLoad>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [labels, setLabels] = useState<TypeLabelIndex>({});
  const [input, setInput] = useState<InputKind>('camera');
  const [cameraOn, setCameraOn] = useState(false);
  const [pasted, setPasted] = useState('');
  const [result, setResult] = useState<Result>({ kind: 'none' });
  const fileInput = useRef<HTMLInputElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the refresh button; `online` reloads when the network returns.
  useEffect(() => {
    let current = true;
    setLoad({ kind: 'loading' });
    loadTrust(navigator.onLine ? httpTrustSource() : NO_NETWORK, window.localStorage, new Date()).then(
      (trust) => current && setLoad({ kind: 'ok', trust }),
      (error: unknown) => current && setLoad({ kind: 'error', error }),
    );
    void loadTypeLabels(language, window.localStorage, navigator.onLine).then((index) => current && setLabels(index));
    return () => {
      current = false;
    };
  }, [attempt, online]);

  const check = useCallback(
    async (text: string) => {
      if (load.kind !== 'ok') return;
      const code = text.trim();
      if (code === '') {
        setResult({ kind: 'no-code' });
        return;
      }
      setResult({ kind: 'checking' });
      const verdict = await verifyShowCode(code, load.trust.prepared, { now: new Date() });
      setResult({ kind: 'verdict', verdict });
    },
    [load],
  );

  const onImage = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file === undefined) return;
    setResult({ kind: 'checking' });
    let text: string | undefined;
    try {
      text = await decodeQrImage(file);
    } catch {
      setResult({ kind: 'image-unreadable' });
      return;
    }
    if (text === undefined) setResult({ kind: 'no-code' });
    else await check(text);
  };

  const ready = load.kind === 'ok';
  return (
    <Flex vertical gap="middle" className="verifier-page" data-testid="verifier-page">
      <Typography.Title level={2}>{t('verifier.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('verifier.intro')}</Typography.Paragraph>
      <TrustStatus load={load} online={online} language={language} onRefresh={() => setAttempt((n) => n + 1)} />
      {ready && (
        <Card size="small">
          <Flex vertical gap="middle">
            <Segmented<InputKind>
              block
              value={input}
              onChange={(value) => {
                setInput(value);
                setCameraOn(false);
              }}
              data-testid="verifier-input"
              options={[
                { value: 'camera', label: t('verifier.inputs.camera'), icon: <CameraOutlined /> },
                { value: 'image', label: t('verifier.inputs.image'), icon: <PictureOutlined /> },
                { value: 'paste', label: t('verifier.inputs.paste'), icon: <SnippetsOutlined /> },
              ]}
            />
            {input === 'camera' &&
              (cameraOn ? (
                <CameraScanner
                  onCode={(text) => {
                    setCameraOn(false);
                    void check(text);
                  }}
                  onCancel={() => setCameraOn(false)}
                />
              ) : (
                <Button
                  type="primary"
                  size="large"
                  icon={<CameraOutlined />}
                  onClick={() => setCameraOn(true)}
                  data-testid="verifier-camera-start"
                >
                  {t('verifier.camera.start')}
                </Button>
              ))}
            {input === 'image' && (
              <Flex vertical gap="small">
                <Typography.Text>{t('verifier.image.hint')}</Typography.Text>
                <Button
                  type="primary"
                  size="large"
                  icon={<PictureOutlined />}
                  onClick={() => fileInput.current?.click()}
                  data-testid="verifier-image-choose"
                >
                  {t('verifier.image.choose')}
                </Button>
                <input
                  ref={fileInput}
                  type="file"
                  accept="image/*"
                  hidden
                  onChange={(event) => void onImage(event)}
                  data-testid="verifier-image"
                />
              </Flex>
            )}
            {input === 'paste' && (
              <Flex vertical gap="small">
                <Input.TextArea
                  rows={3}
                  value={pasted}
                  onChange={(event) => setPasted(event.target.value)}
                  placeholder={t('verifier.paste.placeholder')}
                  aria-label={t('verifier.paste.label')}
                  data-testid="verifier-paste"
                />
                <Button type="primary" onClick={() => void check(pasted)} data-testid="verifier-paste-submit">
                  {t('verifier.paste.submit')}
                </Button>
              </Flex>
            )}
          </Flex>
        </Card>
      )}
      {result.kind === 'checking' && <Loading text={t('verifier.checking')} testId="verifier-checking" />}
      {result.kind === 'no-code' && (
        <Alert type="warning" showIcon role="alert" title={t('verifier.noCode')} data-testid="verifier-no-code" />
      )}
      {result.kind === 'image-unreadable' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('verifier.imageUnreadable')}
          data-testid="verifier-no-code"
        />
      )}
      {result.kind === 'verdict' && <VerdictView verdict={result.verdict} labels={labels} language={language} />}
    </Flex>
  );
}
