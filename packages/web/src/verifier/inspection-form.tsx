import type { Language } from '@hutong/core';
import { Alert, Button, Card, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import {
  type ClientSession,
  INSPECTION_RESULTS,
  type Inspection,
  type InspectionResult,
  recordInspection,
} from '../api/verify-api.js';
import { formatInstant } from '../layout/format.js';

interface Values {
  readonly result: InspectionResult;
  readonly place: string;
  readonly notes?: string;
}

/**
 * 事中事后监管: the inspector records the result of the on-site inspection against the licence
 * whose code was just checked; the node verifies the code again and keeps the verdict with it.
 * One idempotency key per form, so a retry after a lost answer records nothing twice.
 */
export function InspectionForm({
  code,
  session,
  language,
}: {
  readonly code: string;
  readonly session: ClientSession;
  readonly language: Language;
}) {
  const { t } = useTranslation();
  const [key] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [recorded, setRecorded] = useState<Inspection | undefined>();
  const [form] = Form.useForm<Values>();
  const result = Form.useWatch('result', form);

  if (recorded !== undefined) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="verifier-inspection-recorded"
        title={t('verifier.inspection.recorded', {
          result: t(`verifier.inspection.results.${recorded.result}`),
          at: formatInstant(recorded.inspectedAt, language),
        })}
        description={
          recorded.codeValid
            ? undefined
            : t('verifier.inspection.recordedInvalid', { checks: recorded.failedChecks.join('、') })
        }
      />
    );
  }

  const submit = async (values: Values) => {
    setBusy(true);
    setError(undefined);
    try {
      const notes = values.notes?.trim();
      const answer = await recordInspection(
        session,
        { code, result: values.result, place: values.place.trim(), ...(notes ? { notes } : {}) },
        key,
        language,
      );
      setRecorded(answer.inspection);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('verifier.inspection.title')} data-testid="verifier-inspection">
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} initialValues={{ result: 'pass' }}>
        <Form.Item name="result" label={t('verifier.inspection.result')} rules={[{ required: true }]}>
          <Radio.Group data-testid="verifier-inspection-result">
            {INSPECTION_RESULTS.map((value) => (
              <Radio.Button key={value} value={value}>
                {t(`verifier.inspection.results.${value}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="place"
          label={t('verifier.inspection.place')}
          rules={[{ required: true, whitespace: true, message: t('verifier.inspection.placeRequired') }]}
        >
          <Input maxLength={400} data-testid="verifier-inspection-place" />
        </Form.Item>
        <Form.Item
          name="notes"
          label={t('verifier.inspection.notes')}
          rules={[
            {
              required: result === 'issues-found',
              whitespace: true,
              message: t('verifier.inspection.notesRequired'),
            },
          ]}
        >
          <Input.TextArea rows={3} maxLength={4000} data-testid="verifier-inspection-notes" />
        </Form.Item>
        {error !== undefined && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={t('verifier.inspection.failed')}
            description={describeApiError(error, t)}
            data-testid="verifier-inspection-error"
          />
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="verifier-inspection-submit">
          {t('verifier.inspection.submit')}
        </Button>
      </Form>
    </Card>
  );
}
