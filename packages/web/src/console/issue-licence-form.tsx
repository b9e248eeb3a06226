import type { Language, LicenceType } from '@hutong/core';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Result, Select, Switch, Typography } from 'antd';
import { cloneElement, isValidElement, type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-request.js';
import { fetchParsedType, fetchResponsibilities, type IssuedLicence, issueLicence } from '../api/console-api.js';
import { describeApiError } from '../api/describe-api-error.js';
import type { StaffSession } from '../api/session-api.js';
import { labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { HOLDER_CODE_TYPES } from '../library/holder-code-types.js';
import { issueRequestOf, type LicenceFormValues, licenceFormErrors } from './licence-form.js';

type FaceValues = Record<string, string | boolean | undefined>;

const METADATA_FIELDS = [
  'certificateNumber',
  'certificateHolderName',
  'certificateHolderTypeCode',
  'certificateHolderCode',
  'certificateIssuedDate',
  'certificateEffectiveDate',
  'certificateExpiringDate',
] as const;
type MetadataField = (typeof METADATA_FIELDS)[number];
const DATE_FIELDS = new Set<MetadataField>([
  'certificateIssuedDate',
  'certificateEffectiveDate',
  'certificateExpiringDate',
]);
const OPTIONAL_FIELDS = new Set<MetadataField>(['certificateIssuedDate', 'certificateExpiringDate']);

function readImage(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/**
 * The id of an item's control, which its label points at (WCAG 1.3.1; axe-core's "label" rule):
 * these items have no Form `name`, so Ant Design would not link them.
 */
function inputIdOf(name: string): string {
  return `console-input-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

function FaceInput({
  id,
  field,
  value,
  onChange,
  language,
}: {
  /** The control's id, which the item's label points at (`inputIdOf`). */
  readonly id: string;
  readonly field: LicenceType['faceFields'][number];
  readonly value: string | boolean | undefined;
  readonly onChange: (value: string | boolean | undefined) => void;
  readonly language: Language;
}) {
  const { t } = useTranslation();
  const testId = `console-face-${field.key}`;
  switch (field.type) {
    case 'boolean':
      return <Switch id={id} checked={value === true} onChange={onChange} data-testid={testId} />;
    case 'enum':
      return (
        <Select
          id={id}
          value={typeof value === 'string' && value !== '' ? value : null}
          onChange={(next: string) => onChange(next)}
          allowClear
          placeholder={t('console.issue.choose')}
          data-testid={testId}
          options={(field.enum ?? []).map((option) => ({
            value: option.value,
            label: labelIn(option.label, language),
          }))}
        />
      );
    case 'date':
      return (
        <Input
          id={id}
          type="date"
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
        />
      );
    case 'image':
      return (
        <Flex vertical gap="small">
          <input
            id={id}
            type="file"
            accept="image/png,image/jpeg"
            aria-label={labelIn(field.label, language)}
            data-testid={testId}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file === undefined) onChange(undefined);
              else void readImage(file).then(onChange, () => onChange(undefined));
            }}
          />
          {typeof value === 'string' && value.startsWith('data:image/') && (
            <img src={value} alt={labelIn(field.label, language)} className="console-photo" />
          )}
        </Flex>
      );
    default:
      return (
        <Input
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value)}
          maxLength={field.maxLength}
          inputMode={field.type === 'integer' || field.type === 'decimal' ? 'decimal' : undefined}
          data-testid={testId}
        />
      );
  }
}

function IssuedResult({ issued, onAnother }: { readonly issued: IssuedLicence; readonly onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="success"
      title={t(issued.outcome === 'issued' ? 'console.issue.issued' : 'console.issue.existing')}
      subTitle={<span data-testid="console-issued-identifier">{issued.identifier}</span>}
      extra={
        <Button type="primary" onClick={onAnother} data-testid="console-issue-another">
          {t('console.issue.another')}
        </Button>
      }
      data-testid="console-issued"
    >
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('console.fields.certificateNumber')}>
          {issued.licence.metadata.certificateNumber}
        </Descriptions.Item>
        <Descriptions.Item label={t('console.fields.certificateHolderName')}>
          {issued.licence.metadata.certificateHolderName}
        </Descriptions.Item>
      </Descriptions>
    </Result>
  );
}

function TypeForm({
  type,
  language,
  session,
  onIssued,
}: {
  readonly type: LicenceType;
  readonly language: Language;
  readonly session: StaffSession;
  readonly onIssued: (issued: IssuedLicence) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<LicenceFormValues>({
    certificateHolderTypeCode: type.holderCategory === 'person' ? '111' : '001',
  });
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [serverField, setServerField] = useState<{ field: string; message: string } | undefined>(undefined);
  // One key per filled-in form: a retry after a lost answer returns the licence issued the first time.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const errors = useMemo(
    () =>
      licenceFormErrors(type, values, language, {
        required: t('console.issue.required'),
        date: t('console.issue.badDate'),
      }),
    [type, values, language, t],
  );
  const errorOf = (name: string): string | undefined => {
    if (serverField !== undefined && (serverField.field === name || `face.${serverField.field}` === name)) {
      return serverField.message;
    }
    return showAll || touched.has(name) ? errors[name] : undefined;
  };
  const touch = (name: string) => setTouched((previous) => new Set(previous).add(name));
  const setMetadata = (name: MetadataField, value: string) => {
    setValues((previous) => ({ ...previous, [name]: value }));
    touch(name);
    setServerField(undefined);
  };
  const setFace = (key: string, value: string | boolean | undefined) => {
    setValues((previous) => ({ ...previous, face: { ...(previous.face as FaceValues | undefined), [key]: value } }));
    touch(`face.${key}`);
    setServerField(undefined);
  };

  const submit = async () => {
    setShowAll(true);
    setFailure(undefined);
    if (Object.keys(errors).length > 0) return;
    setSending(true);
    try {
      onIssued(await issueLicence(language, session.csrfToken, issueRequestOf(type, values), idempotencyKey));
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError && error.failure.kind === 'problem' && error.failure.field !== undefined) {
        setServerField({ field: error.failure.field, message: error.failure.detail });
      }
    } finally {
      setSending(false);
    }
  };

  const item = (name: string, label: ReactNode, control: ReactNode, required: boolean) => {
    const error = errorOf(name);
    const id = inputIdOf(name);
    return (
      <Form.Item
        key={name}
        label={label}
        htmlFor={id}
        required={required}
        {...(error === undefined
          ? {}
          : { validateStatus: 'error' as const, help: <span data-testid={`console-error-${name}`}>{error}</span> })}
      >
        {isValidElement<{ id?: string }>(control) ? cloneElement(control, { id }) : control}
      </Form.Item>
    );
  };

  return (
    <Form layout="vertical" onFinish={() => void submit()} data-testid="console-issue-form">
      <Card size="small" title={t('console.issue.metadata')}>
        {METADATA_FIELDS.map((name) => {
          const control =
            name === 'certificateHolderTypeCode' ? (
              <Select
                value={values.certificateHolderTypeCode ?? null}
                onChange={(value: string) => setMetadata(name, value)}
                showSearch
                optionFilterProp="label"
                data-testid={`console-${name}`}
                options={HOLDER_CODE_TYPES.map((code) => ({
                  value: code,
                  label: `${code} ${t(`holderCodeTypes.${code}`)}`,
                }))}
              />
            ) : (
              <Input
                type={DATE_FIELDS.has(name) ? 'date' : 'text'}
                value={values[name] ?? ''}
                onChange={(event) => setMetadata(name, event.target.value)}
                data-testid={`console-${name}`}
              />
            );
          return item(name, t(`console.fields.${name}`), control, !OPTIONAL_FIELDS.has(name));
        })}
      </Card>
      <Card
        size="small"
        title={t('console.issue.face', { type: labelIn(type.name, language) })}
        className="console-face"
      >
        {type.faceFields.map((field) =>
          item(
            `face.${field.key}`,
            labelIn(field.label, language),
            <FaceInput
              id={inputIdOf(`face.${field.key}`)}
              field={field}
              value={(values.face as FaceValues | undefined)?.[field.key]}
              onChange={(v) => setFace(field.key, v)}
              language={language}
            />,
            field.required,
          ),
        )}
      </Card>
      {failure !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('console.issue.failed')}
          description={describeApiError(failure, t)}
          data-testid="console-issue-error"
        />
      )}
      {showAll && Object.keys(errors).length > 0 && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('console.issue.fix', { count: Object.keys(errors).length })}
          data-testid="console-issue-invalid"
        />
      )}
      <Button
        type="primary"
        htmlType="submit"
        size="large"
        loading={sending}
        className="console-submit"
        data-testid="console-issue-submit"
      >
        {t('console.issue.submit')}
      </Button>
    </Form>
  );
}

/** 签发证照: the operator's department's types; the form follows the chosen type's face-field schema. */
export function IssueLicenceForm({
  language,
  session,
}: {
  readonly language: Language;
  readonly session: StaffSession;
}) {
  const { t } = useTranslation();
  const department = session.organisationCode ?? '';
  const [responsibilities, retryResponsibilities] = useLoad(
    (signal) => fetchResponsibilities(language, department, signal),
    [language, department],
  );
  const [typeCode, setTypeCode] = useState<string | undefined>(undefined);
  const [type, retryType] = useLoad(
    (signal) => (typeCode === undefined ? Promise.resolve(undefined) : fetchParsedType(language, typeCode, signal)),
    [typeCode],
  );
  const [issued, setIssued] = useState<IssuedLicence | undefined>(undefined);
  const [formKey, setFormKey] = useState(0);

  if (issued !== undefined) {
    return (
      <IssuedResult
        issued={issued}
        onAnother={() => {
          setIssued(undefined);
          setFormKey((n) => n + 1);
        }}
      />
    );
  }
  if (responsibilities.kind === 'loading')
    return <Loading text={t('console.issue.loadingTypes')} testId="console-types-loading" />;
  if (responsibilities.kind === 'error') {
    return (
      <LoadError
        title={t('console.issue.typesFailed')}
        error={responsibilities.error}
        onRetry={retryResponsibilities}
      />
    );
  }
  if (responsibilities.value.length === 0) {
    return <Alert type="info" showIcon title={t('console.issue.noTypes')} data-testid="console-no-types" />;
  }
  return (
    <Flex vertical gap="middle">
      <Form.Item label={t('console.issue.type')} htmlFor="console-type" required>
        <Select
          id="console-type"
          value={typeCode ?? null}
          onChange={(value: string) => setTypeCode(value)}
          placeholder={t('console.issue.choose')}
          data-testid="console-type"
          options={responsibilities.value.map((entry) => ({
            value: entry.certificateTypeCode,
            label: `${labelIn(entry.typeName, language)} (${entry.certificateTypeCode})`,
          }))}
        />
      </Form.Item>
      {typeCode === undefined && <Typography.Text type="secondary">{t('console.issue.chooseType')}</Typography.Text>}
      {typeCode !== undefined && type.kind === 'loading' && <Loading text={t('console.issue.loadingType')} />}
      {type.kind === 'error' && (
        <LoadError title={t('console.issue.typeFailed')} error={type.error} onRetry={retryType} />
      )}
      {type.kind === 'ok' && type.value !== undefined && (
        <TypeForm
          key={`${type.value.certificateTypeCode}-${formKey}`}
          type={type.value}
          language={language}
          session={session}
          onIssued={setIssued}
        />
      )}
    </Flex>
  );
}
