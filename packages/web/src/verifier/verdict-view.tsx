import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import {
  type Language,
  type PrintCodeSummary,
  SHOWABLE_METADATA,
  type ShowCodeSummary,
  type ShownField,
  type VerdictLicence,
} from '@hutong/core';
import { Alert, Card, Descriptions, Flex, List, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCompactDate, formatInstant, labelIn } from '../layout/format.js';
import { Loading } from '../layout/load-state.js';
import {
  type CodeVerdict,
  failureReason,
  type NamedCheck,
  ONLINE_ONLY_CHECKS,
  type OnlineStatus,
  purposeLabel,
  statusUnchecked,
  type VerdictTone,
  verdictTone,
} from './describe-verdict.js';
import type { TypeLabelIndex } from './type-labels.js';

const TONE_ICONS: Readonly<Record<VerdictTone, ReactNode>> = {
  valid: <CheckCircleFilled />,
  warning: <ExclamationCircleFilled />,
  invalid: <CloseCircleFilled />,
};

/** The node's online answer, as far as the page got it. */
export type OnlineCheckState =
  | { readonly kind: 'checking' }
  | { readonly kind: 'done'; readonly status: OnlineStatus }
  | { readonly kind: 'unavailable'; readonly message: string };

type Translate = (key: string) => string;

function fieldLabel(field: ShownField, typeCode: string, labels: TypeLabelIndex, language: Language, t: Translate) {
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

function ShowCodeDetails({
  code,
  labels,
  language,
}: {
  readonly code: ShowCodeSummary;
  readonly labels: TypeLabelIndex;
  readonly language: Language;
}) {
  const { t } = useTranslation();
  return (
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
  );
}

/** A print code carries no face (the paper shows it): what it binds, and what to compare. */
function PrintCodeDetails({ code, language }: { readonly code: PrintCodeSummary; readonly language: Language }) {
  const { t } = useTranslation();
  return (
    <Card title={t('verifier.print.title')} size="small">
      <Flex vertical gap="small">
        <Typography.Text>{t('verifier.print.compare')}</Typography.Text>
        <Descriptions column={1} size="small" bordered data-testid="verifier-print">
          <Descriptions.Item label={t('verifier.identifier')}>{code.identifier}</Descriptions.Item>
          <Descriptions.Item label={t('verifier.print.version')}>{code.version}</Descriptions.Item>
          <Descriptions.Item label={t('verifier.print.printedAt')}>
            {formatInstant(code.printedAt, language)}
          </Descriptions.Item>
          {code.annotation !== undefined && (
            <>
              <Descriptions.Item label={t('verifier.print.relyingParty')}>
                <span data-testid="verifier-annotation">
                  {code.annotation.relyingPartyName}（{code.annotation.relyingPartyCode}）
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('verifier.print.useCause')}>{code.annotation.useCause}</Descriptions.Item>
              <Descriptions.Item label={t('verifier.print.annotationExpires')}>
                {formatInstant(code.annotation.expiresAt, language)}
              </Descriptions.Item>
            </>
          )}
        </Descriptions>
      </Flex>
    </Card>
  );
}

/** A licence document's identity as the verdict gives it (the holder masked, as core masks it for a verdict). */
function LicenceDetails({ licence }: { readonly licence: VerdictLicence }) {
  const { t } = useTranslation();
  return (
    <Card title={t('verifier.licence.title')} size="small">
      <Descriptions column={1} size="small" bordered data-testid="verifier-licence">
        <Descriptions.Item label={t('verifier.licence.name')}>{licence.name}</Descriptions.Item>
        <Descriptions.Item label={t('verifier.metadata.certificateHolderName')}>
          {licence.holder.name}
        </Descriptions.Item>
        <Descriptions.Item label={t('verifier.metadata.certificateHolderCode')}>
          {licence.holder.code}
        </Descriptions.Item>
        <Descriptions.Item label={t('verifier.identifier')}>{licence.identifier}</Descriptions.Item>
        <Descriptions.Item label={t('verifier.print.version')}>{licence.version}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/**
 * `unchecked`: a check that passed only because it could not run (a licence's status with no
 * status list to be had, core's `ERR_VERIFY_STATUS_NOT_CHECKED`): said so, not ticked green.
 */
type CheckOutcome = 'passed' | 'unchecked' | 'failed';

function checkOutcome(check: NamedCheck): CheckOutcome {
  if (!check.ok) return 'failed';
  return check.code === undefined ? 'passed' : 'unchecked';
}

const CHECK_CLASSES: Readonly<Record<CheckOutcome, string>> = {
  passed: 'verifier-check-ok',
  unchecked: 'verifier-check-unchecked',
  failed: 'verifier-check-failed',
};

const CHECK_ICONS: Readonly<Record<CheckOutcome, ReactNode>> = {
  passed: <CheckCircleFilled />,
  unchecked: <ExclamationCircleFilled />,
  failed: <CloseCircleFilled />,
};

/** One check per row: its name, passed or not (also said to screen readers), and why. */
export function ChecksList({
  checks,
  language,
  testId,
}: {
  readonly checks: readonly NamedCheck[];
  readonly language: Language;
  readonly testId: string;
}) {
  const { t } = useTranslation();
  return (
    <List
      size="small"
      data-testid={testId}
      dataSource={[...checks]}
      renderItem={(check) => (
        <List.Item data-testid={`verifier-check-${check.name}`} data-ok={check.ok ? 'yes' : 'no'}>
          <Flex gap="small" align="start">
            <span className={CHECK_CLASSES[checkOutcome(check)]} aria-hidden>
              {CHECK_ICONS[checkOutcome(check)]}
            </span>
            <div>
              <Typography.Text strong>
                {t(`verifier.checks.${check.name}`, { defaultValue: check.name })}
                <span className="hutong-visually-hidden">{t(`verifier.${checkOutcome(check)}`)}</span>
              </Typography.Text>
              <div>
                <Typography.Text type={check.ok ? 'secondary' : 'danger'}>
                  {checkOutcome(check) === 'passed'
                    ? t(`verifier.passes.${check.name}`, { defaultValue: check.reason })
                    : failureReason({ ...check, ok: false }, language)}
                </Typography.Text>
              </div>
            </div>
          </Flex>
        </List.Item>
      )}
    />
  );
}

function OnlineCard({ online, language }: { readonly online: OnlineCheckState; readonly language: Language }) {
  const { t } = useTranslation();
  if (online.kind === 'checking')
    return <Loading text={t('verifier.online.checking')} testId="verifier-online-checking" />;
  if (online.kind === 'unavailable') {
    return (
      <Alert
        type="warning"
        showIcon
        data-testid="verifier-online-unavailable"
        title={t('verifier.online.unavailable')}
        description={online.message}
      />
    );
  }
  const { status } = online;
  const current = status.currentStatus?.status;
  return (
    <Card
      title={t('verifier.online.title')}
      size="small"
      data-testid="verifier-online"
      data-status={current ?? 'unknown'}
    >
      <Flex vertical gap="small">
        {current !== undefined && (
          <Typography.Text strong data-testid="verifier-online-status">
            {t('verifier.online.status', { status: t(`statuses.${current}`, { defaultValue: current }) })}
          </Typography.Text>
        )}
        <ChecksList
          checks={status.checks.filter((check) => ONLINE_ONLY_CHECKS.includes(check.name))}
          language={language}
          testId="verifier-online-checks"
        />
      </Flex>
    </Card>
  );
}

/**
 * A verdict as the person at the door must see it: one large green, amber or red banner, what
 * the code shows, the node's current status when it was asked, and every check with its reason.
 */
export function VerdictView({
  verdict,
  online,
  labels,
  language,
  children,
}: {
  readonly verdict: CodeVerdict;
  readonly online?: OnlineCheckState | undefined;
  readonly labels: TypeLabelIndex;
  readonly language: Language;
  /** What a mode adds under the banner (the venue's entry, the inspection form). */
  readonly children?: ReactNode;
}) {
  const { t } = useTranslation();
  const tone = verdictTone(verdict, online?.kind === 'done' ? online.status : undefined);
  const code =
    verdict.kind === 'show-code'
      ? verdict.showCode
      : verdict.kind === 'printed-licence'
        ? verdict.printCode
        : verdict.licence;
  const subtitleKey =
    verdict.kind === 'show-code'
      ? 'verifier.subtitle'
      : verdict.kind === 'printed-licence'
        ? 'verifier.print.subtitle'
        : 'verifier.licence.subtitle';
  const title =
    tone === 'warning' && statusUnchecked(verdict) ? t('verifier.tone.unchecked') : t(`verifier.tone.${tone}`);
  const typeName = code === undefined ? undefined : labels[code.typeCode]?.name;
  return (
    <Flex vertical gap="middle" data-testid="verifier-result">
      <div
        className={`verifier-verdict verifier-verdict-${tone}`}
        role="status"
        aria-live="assertive"
        data-testid="verifier-verdict"
        data-tone={tone}
        data-kind={verdict.kind}
      >
        <span className="verifier-verdict-icon" aria-hidden>
          {TONE_ICONS[tone]}
        </span>
        <div>
          <div className="verifier-verdict-title">{title}</div>
          <div className="verifier-verdict-subtitle">
            {code === undefined
              ? t('verifier.unreadable')
              : t(subtitleKey, {
                  type: typeName === undefined ? code.typeCode : labelIn(typeName, language),
                  issuer: code.issuerName ?? code.issuerCode,
                  copy:
                    verdict.kind === 'printed-licence' && verdict.printCode?.annotation !== undefined
                      ? t('verifier.print.annotated')
                      : t('verifier.print.printed'),
                })}
          </div>
        </div>
      </div>
      {children}
      {online !== undefined && <OnlineCard online={online} language={language} />}
      {verdict.kind === 'show-code' && verdict.showCode !== undefined && (
        <ShowCodeDetails code={verdict.showCode} labels={labels} language={language} />
      )}
      {verdict.kind === 'printed-licence' && verdict.printCode !== undefined && (
        <PrintCodeDetails code={verdict.printCode} language={language} />
      )}
      {verdict.kind === 'licence' && verdict.licence !== undefined && <LicenceDetails licence={verdict.licence} />}
      <Card title={t('verifier.checksTitle')} size="small">
        <ChecksList checks={verdict.checks} language={language} testId="verifier-checks" />
      </Card>
      <Typography.Text type="secondary">
        {t(
          verdict.kind === 'show-code'
            ? 'verifier.offlineNote'
            : verdict.kind === 'printed-licence'
              ? 'verifier.print.offlineNote'
              : 'verifier.licence.offlineNote',
          {
            at: formatInstant(verdict.at, language),
          },
        )}
      </Typography.Text>
    </Flex>
  );
}
