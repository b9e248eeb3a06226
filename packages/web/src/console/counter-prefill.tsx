import type { Language } from '@hutong/core';
import { Alert, Button, Card, Empty, Flex, Form, Input, List, Select, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAllLicenceTypes } from '../api/catalogue-api.js';
import { describeApiError } from '../api/describe-api-error.js';
import { fetchAllMatters, type PrefillAnswer, prefillWithGrant } from '../api/matters-api.js';
import type { StaffSession } from '../api/session-api.js';
import { labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { PrefilledForm } from '../matters/prefilled-form.js';
import { CounterGrantPicker } from './counter-grant-picker.js';

interface PrefillValues {
  readonly matterCode?: string;
  readonly grantId?: string;
  readonly useCause?: string;
}

/**
 * 窗口预填: a clerk at a relying party's counter enters the grant number the applicant gives
 * (the holder granted the agency's service system the use of their licences for this matter),
 * and gets the matter's form filled from those licences with each value's source, the licences
 * attached to the materials, and what the applicant must still bring or fill in
 * (docs/design/counter-prefill.md). Each licence fetched is a usage record the holder sees.
 */
export function CounterPrefill({ language, session }: { readonly language: Language; readonly session: StaffSession }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PrefillValues>();
  const [matters, retryMatters] = useLoad((signal) => fetchAllMatters(language, signal), [language]);
  const [catalogue] = useLoad((signal) => fetchAllLicenceTypes(language, signal), [language]);
  // The organisation's live grants for the chosen matter, to pick the applicant's instead of
  // typing its number (GET /api/v1/counter/grants; holder codes come masked).
  const matterCode = Form.useWatch('matterCode', form);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [answer, setAnswer] = useState<PrefillAnswer | undefined>(undefined);

  if (matters.kind === 'loading')
    return <Loading text={t('console.prefill.loadingMatters')} testId="prefill-loading" />;
  if (matters.kind === 'error')
    return (
      <LoadError
        title={t('console.prefill.mattersFailed')}
        error={matters.error}
        onRetry={retryMatters}
        testId="prefill-matters-error"
      />
    );
  if (matters.value.length === 0) return <Empty description={t('console.prefill.noMatters')} />;

  const typeName = (code: string, fallback: string): string => {
    const type = catalogue.kind === 'ok' ? catalogue.value.find((c) => c.certificateTypeCode === code) : undefined;
    return type === undefined ? fallback : labelIn(type.name, language);
  };

  const submit = async (values: PrefillValues) => {
    setBusy(true);
    setFailure(undefined);
    setAnswer(undefined);
    try {
      setAnswer(
        await prefillWithGrant(language, session.csrfToken, values.matterCode ?? '', {
          grantId: (values.grantId ?? '').trim(),
          useCause: (values.useCause ?? '').trim(),
        }),
      );
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex vertical gap="middle" data-testid="counter-prefill">
      <Typography.Paragraph type="secondary">{t('console.prefill.intro')}</Typography.Paragraph>
      <Form<PrefillValues> form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item
          name="matterCode"
          label={t('console.prefill.matter')}
          htmlFor="prefill-matter"
          rules={[{ required: true, message: t('console.prefill.matterRequired') }]}
        >
          <Select
            id="prefill-matter"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('console.prefill.matterPlaceholder')}
            options={matters.value.map((m) => ({ value: m.code, label: `${labelIn(m.name, language)} (${m.code})` }))}
            onChange={(code: string) => {
              const matter = matters.value.find((m) => m.code === code);
              if (matter !== undefined && !form.isFieldTouched('useCause'))
                form.setFieldValue('useCause', labelIn(matter.name, language));
            }}
            data-testid="prefill-matter"
          />
        </Form.Item>
        <Form.Item label={t('console.prefill.pick')} htmlFor="prefill-grant-pick" extra={t('console.prefill.pickHelp')}>
          <CounterGrantPicker
            language={language}
            matterCode={matterCode}
            onPick={(id) => form.setFieldValue('grantId', id)}
          />
        </Form.Item>
        <Form.Item
          name="grantId"
          label={t('console.prefill.grant')}
          htmlFor="prefill-grant"
          extra={t('console.prefill.grantHelp')}
          rules={[{ required: true, whitespace: true, message: t('console.prefill.grantRequired') }]}
        >
          <Input id="prefill-grant" autoComplete="off" data-testid="prefill-grant" />
        </Form.Item>
        <Form.Item
          name="useCause"
          label={t('console.prefill.useCause')}
          htmlFor="prefill-use-cause"
          extra={t('console.prefill.useCauseHelp')}
          rules={[{ required: true, whitespace: true, message: t('console.prefill.useCauseRequired') }]}
        >
          <Input id="prefill-use-cause" maxLength={200} data-testid="prefill-use-cause" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="prefill-submit">
          {t('console.prefill.submit')}
        </Button>
      </Form>
      {failure !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('console.prefill.failed')}
          description={describeApiError(failure, t)}
          data-testid="prefill-error"
        />
      )}
      {answer !== undefined && (
        <Flex vertical gap="middle" data-testid="prefill-result">
          <Alert
            type={answer.complete ? 'success' : 'info'}
            showIcon
            title={answer.complete ? t('console.prefill.complete') : t('console.prefill.incomplete')}
            description={t('console.prefill.recorded', { count: answer.usageRecords.length })}
            data-testid="prefill-summary"
          />
          <Card title={t('console.prefill.attached')} size="small" data-testid="prefill-attached">
            {answer.attached.length === 0 ? (
              <Typography.Text type="secondary">{t('console.prefill.noneAttached')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={[...answer.attached]}
                renderItem={(a) => (
                  <List.Item data-testid="prefill-attached-licence">
                    <Flex vertical>
                      <Typography.Text strong>{typeName(a.typeCode, a.typeName ?? a.typeCode)}</Typography.Text>
                      <Typography.Text type="secondary" className="prefill-identifier">
                        {a.identifier}
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            )}
          </Card>
          {answer.missing.fields.length > 0 && (
            <Card title={t('console.prefill.missingFields')} size="small" data-testid="prefill-missing-fields">
              <Flex gap="small" wrap>
                {answer.missing.fields.map((f) => (
                  <Tag key={f.key} color={f.required ? 'orange' : 'default'}>
                    {labelIn(f.label, language)}
                  </Tag>
                ))}
              </Flex>
            </Card>
          )}
          <PrefilledForm scene="console" language={language} form={answer} typeName={typeName} />
        </Flex>
      )}
    </Flex>
  );
}
