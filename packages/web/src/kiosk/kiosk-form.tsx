import type { Language } from '@hutong/core';
import { Alert, Button, Card, Form, Input, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-request.js';
import type { FilledField, FormValue, KioskForm as Prefilled } from '../api/kiosk-api.js';

/** The form field a problem names (`values.<key>`, as ERR_KIOSK_FORM_INVALID does), if any. */
export function problemField(failure: unknown): string | undefined {
  if (!(failure instanceof ApiError) || failure.failure.kind !== 'problem') return undefined;
  const field = failure.failure.field;
  return field?.startsWith('values.') === true ? field.slice('values.'.length) : undefined;
}

function shown(field: FilledField, t: (key: string) => string): string {
  if (typeof field.value === 'boolean') return field.value ? t('common.yes') : t('common.no');
  return String(field.value ?? '');
}

/**
 * 确认表单: every field, those filled from the holder's licences read-only with their source,
 * the rest to complete. A value the server refuses is shown beside its field, in the server's
 * words (problem+json `field`: `values.<key>`).
 */
export function KioskForm({
  language,
  form,
  typeName,
  busy,
  failure,
  onSubmit,
}: {
  readonly language: Language;
  readonly form: Prefilled;
  /** A type's name in the interface's language (`fallback` until the catalogue is read). */
  readonly typeName: (code: string, fallback: string) => string;
  readonly busy: boolean;
  readonly failure: unknown;
  readonly onSubmit: (values: Readonly<Record<string, FormValue>>) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, FormValue>>({});
  const label = (l: { zh: string; en: string }) => (language === 'en' ? l.en : l.zh);
  const typeNames = new Map(form.attached.map((a) => [a.identifier, typeName(a.typeCode, a.typeName ?? a.typeCode)]));
  const faulty = problemField(failure);
  const blocked = form.missing.materials;

  const submit = () => {
    const given: Record<string, FormValue> = {};
    for (const field of form.fields) {
      const value = values[field.key];
      if (field.value === undefined && value !== undefined && value !== '') given[field.key] = value;
    }
    onSubmit(given);
  };

  return (
    <Card className="kiosk-card" data-testid="kiosk-form">
      {blocked.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="kiosk-error"
          title={t('kiosk.form.materialsMissing')}
          description={blocked.map((m) => label(m.name)).join('、')}
          data-testid="kiosk-materials-missing"
        />
      )}
      <Form layout="vertical" onFinish={submit}>
        {form.fields.map((field) => {
          const id = `kiosk-field-${field.key}`;
          const problem =
            faulty === field.key && failure instanceof ApiError && failure.failure.kind === 'problem'
              ? failure.failure.detail
              : undefined;
          const from =
            field.source === undefined
              ? undefined
              : field.source.kind === 'holder'
                ? t('kiosk.form.fromHolder', { licence: typeNames.get(field.source.identifier) ?? '' })
                : t('kiosk.form.fromLicence', {
                    licence: typeNames.get(field.source.identifier) ?? field.source.typeCode,
                  });
          return (
            <Form.Item
              key={field.key}
              label={label(field.label)}
              htmlFor={id}
              required={field.required}
              {...(problem === undefined
                ? from === undefined
                  ? {}
                  : {
                      extra: (
                        <Tag color="blue" data-testid={`kiosk-source-${field.key}`}>
                          {from}
                        </Tag>
                      ),
                    }
                : {
                    validateStatus: 'error' as const,
                    help: <span data-testid={`kiosk-field-error-${field.key}`}>{problem}</span>,
                  })}
            >
              {field.value !== undefined ? (
                <Input id={id} value={shown(field, t)} readOnly data-testid={id} />
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
                  placeholder={field.type === 'date' ? t('kiosk.form.datePlaceholder') : undefined}
                  inputMode={field.type === 'integer' || field.type === 'decimal' ? 'decimal' : 'text'}
                  autoComplete="off"
                  data-testid={id}
                />
              )}
            </Form.Item>
          );
        })}
        <Typography.Paragraph type="secondary">{t('kiosk.form.check')}</Typography.Paragraph>
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={busy}
          disabled={blocked.length > 0}
          data-testid="kiosk-submit"
        >
          {t('kiosk.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}
