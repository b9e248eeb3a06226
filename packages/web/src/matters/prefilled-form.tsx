import type { Language } from '@hutong/core';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, Radio, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-request.js';
import { fetchAllLicenceTypes } from '../api/catalogue-api.js';
import type { FormValue, PrefilledForm as Prefilled } from '../api/matters-api.js';
import { labelIn } from '../layout/format.js';
import { type FaceFieldsByType, shownValue } from './shown-value.js';

/** The form field a problem names (`values.<key>`, as ERR_KIOSK_FORM_INVALID does), if any. */
export function problemField(failure: unknown): string | undefined {
  if (!(failure instanceof ApiError) || failure.failure.kind !== 'problem') return undefined;
  const field = failure.failure.field;
  return field?.startsWith('values.') === true ? field.slice('values.'.length) : undefined;
}

/**
 * Who reads the form, which decides its words and its element ids: the holder at a kiosk
 * ("from your licence"; `kiosk.form.*`, ids `kiosk-…`) or a clerk at the agency's counter
 * ("from the holder's licence"; `console.prefill.form.*`, ids `prefill-…`).
 */
export type PrefilledFormScene = 'kiosk' | 'console';

const TEXTS: Readonly<Record<PrefilledFormScene, string>> = { kiosk: 'kiosk.form', console: 'console.prefill.form' };
const IDS: Readonly<Record<PrefilledFormScene, string>> = { kiosk: 'kiosk', console: 'prefill' };

/**
 * A matter's prefilled form (the answer of a prefill): every field, those filled from the
 * holder's licences read-only with their source, the rest to complete. A value the server
 * refuses is shown beside its field, in the server's words (problem+json `field`:
 * `values.<key>`). Without `onSubmit` (the agency console, which has no route to submit a
 * matter) the fields still to complete are shown empty and marked, and nothing is submitted.
 * At a kiosk, a material no licence gave is either one the department accepts a commitment for
 * (告知承诺制: the holder ticks the commitment, each one, before submitting) or one only a
 * service window can take (the submission is blocked).
 */
export function PrefilledForm({
  scene,
  language,
  form,
  typeName,
  busy = false,
  failure,
  onSubmit,
}: {
  readonly scene: PrefilledFormScene;
  readonly language: Language;
  readonly form: Prefilled;
  /**
   * A type's name in the interface's language (`fallback` until the catalogue is read), for
   * answers without the type's `typeLabel`.
   */
  readonly typeName?: (code: string, fallback: string) => string;
  readonly busy?: boolean;
  readonly failure?: unknown;
  /** The holder's values, and the keys of the materials committed to. */
  readonly onSubmit?: (values: Readonly<Record<string, FormValue>>, committed: readonly string[]) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, FormValue>>({});
  const texts = TEXTS[scene];
  const ids = IDS[scene];
  const label = (l: { zh: string; en: string }) => (language === 'en' ? l.en : l.zh);
  const [committed, setCommitted] = useState<string[]>([]);
  // The public catalogue, for the labels of coded values; until it is read (or if it cannot be),
  // a coded value shows as its code.
  const [faceFields, setFaceFields] = useState<FaceFieldsByType>(new Map());
  useEffect(() => {
    const abort = new AbortController();
    fetchAllLicenceTypes(language, abort.signal).then(
      (types) => setFaceFields(new Map(types.map((type) => [type.certificateTypeCode, type.faceFields]))),
      () => undefined,
    );
    return () => abort.abort();
  }, [language]);
  const typeNames = new Map(
    form.attached.map((a) => {
      const fallback = a.typeName ?? a.typeCode;
      const name =
        a.typeLabel !== undefined
          ? labelIn(a.typeLabel, language)
          : typeName === undefined
            ? fallback
            : typeName(a.typeCode, fallback);
      return [a.identifier, name];
    }),
  );
  const faulty = problemField(failure);
  // Commitments are taken only where the holder submits (the kiosk); elsewhere every missing material is listed.
  const commits = scene === 'kiosk' && onSubmit !== undefined;
  const blocked = form.missing.materials.filter((m) => !commits || m.commitment !== true);
  const committable = commits ? form.missing.materials.filter((m) => m.commitment === true) : [];
  const allCommitted = committable.every((m) => committed.includes(m.key));
  const submit = () => {
    if (onSubmit === undefined) return;
    const given: Record<string, FormValue> = {};
    for (const field of form.fields) {
      const value = values[field.key];
      if (field.value === undefined && value !== undefined && value !== '') given[field.key] = value;
    }
    onSubmit(given, committed);
  };

  return (
    <Card className={scene === 'kiosk' ? 'kiosk-card' : 'prefill-card'} data-testid={`${ids}-form`}>
      {blocked.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className={scene === 'kiosk' ? 'kiosk-error' : 'prefill-error'}
          title={t(`${texts}.materialsMissing`)}
          description={blocked.map((m) => label(m.name)).join('、')}
          data-testid={`${ids}-materials-missing`}
        />
      )}
      {committable.length > 0 && (
        <fieldset className="kiosk-commitments" data-testid="kiosk-commitments">
          <legend className="kiosk-lead">{t('kiosk.form.commitTitle')}</legend>
          <Checkbox.Group value={committed} onChange={(keys) => setCommitted(keys as string[])}>
            <Flex vertical gap="middle">
              {committable.map((material) => (
                <Checkbox key={material.key} value={material.key} data-testid={`kiosk-commit-${material.key}`}>
                  <span className="kiosk-choice-name">{label(material.name)}</span>
                  <Typography.Text type="secondary" className="kiosk-choice-issuer">
                    {t('kiosk.form.commitText', { material: label(material.name) })}
                  </Typography.Text>
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
          {!allCommitted && (
            <Typography.Paragraph strong data-testid="kiosk-commit-required">
              {t('kiosk.form.commitRequired')}
            </Typography.Paragraph>
          )}
        </fieldset>
      )}
      <Form layout="vertical" onFinish={submit}>
        {form.fields.map((field) => {
          const id = `${ids}-field-${field.key}`;
          const problem =
            faulty === field.key && failure instanceof ApiError && failure.failure.kind === 'problem'
              ? failure.failure.detail
              : undefined;
          const from =
            field.source === undefined
              ? undefined
              : field.source.kind === 'holder'
                ? t(`${texts}.fromHolder`, { licence: typeNames.get(field.source.identifier) ?? '' })
                : t(`${texts}.fromLicence`, {
                    licence: typeNames.get(field.source.identifier) ?? field.source.typeCode,
                  });
          const note =
            from !== undefined ? (
              <Tag color="blue" data-testid={`${ids}-source-${field.key}`}>
                {from}
              </Tag>
            ) : onSubmit === undefined ? (
              <Tag color="orange" data-testid={`${ids}-to-complete-${field.key}`}>
                {t(`${texts}.toComplete`)}
              </Tag>
            ) : undefined;
          return (
            <Form.Item
              key={field.key}
              label={label(field.label)}
              htmlFor={id}
              required={field.required}
              {...(problem === undefined
                ? note === undefined
                  ? {}
                  : { extra: note }
                : {
                    validateStatus: 'error' as const,
                    help: <span data-testid={`${ids}-field-error-${field.key}`}>{problem}</span>,
                  })}
            >
              {field.value !== undefined || onSubmit === undefined ? (
                <Input id={id} value={shownValue(field, t, faceFields, language)} readOnly data-testid={id} />
              ) : field.type === 'boolean' ? (
                <Radio.Group
                  id={id}
                  value={values[field.key]}
                  onChange={(e) => setValues({ ...values, [field.key]: e.target.value as boolean })}
                  options={[
                    { value: true, label: t('common.yes') },
                    { value: false, label: t('common.no') },
                  ]}
                  data-testid={id}
                />
              ) : (
                <Input
                  id={id}
                  value={String(values[field.key] ?? '')}
                  onChange={(e) => setValues({ ...values, [field.key]: e.target.value })}
                  placeholder={field.type === 'date' ? t(`${texts}.datePlaceholder`) : undefined}
                  inputMode={field.type === 'integer' || field.type === 'decimal' ? 'decimal' : 'text'}
                  autoComplete="off"
                  data-testid={id}
                />
              )}
            </Form.Item>
          );
        })}
        {onSubmit !== undefined && (
          <>
            <Typography.Paragraph type="secondary">{t(`${texts}.check`)}</Typography.Paragraph>
            <Button
              type="primary"
              htmlType="submit"
              size="large"
              block
              loading={busy}
              disabled={blocked.length > 0 || !allCommitted}
              data-testid={`${ids}-submit`}
            >
              {t(`${texts}.submit`)}
            </Button>
          </>
        )}
      </Form>
    </Card>
  );
}
