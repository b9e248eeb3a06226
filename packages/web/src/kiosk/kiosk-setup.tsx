import type { Language } from '@hutong/core';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import { type KioskCredentials, KioskTerminal } from '../api/kiosk-api.js';

/**
 * 终端设置: the terminal's client id and secret (a client of kind `kiosk` registered under
 * Administration → Clients), checked by taking a token before they are kept.
 */
export function KioskSetup({
  language,
  onReady,
}: {
  readonly language: Language;
  readonly onReady: (credentials: KioskCredentials) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);

  const connect = async (values: { clientId: string; clientSecret: string }) => {
    const credentials = { clientId: values.clientId.trim(), clientSecret: values.clientSecret };
    setBusy(true);
    setFailure(undefined);
    try {
      await new KioskTerminal(credentials).connect(language);
      onReady(credentials);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('kiosk.setup.title')} className="kiosk-card" data-testid="kiosk-setup">
      <Typography.Paragraph>{t('kiosk.setup.text')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={(values) => void connect(values)} requiredMark>
        <Form.Item
          name="clientId"
          label={t('kiosk.setup.clientId')}
          rules={[{ required: true, whitespace: true, message: t('kiosk.setup.clientIdRequired') }]}
        >
          <Input autoComplete="off" data-testid="kiosk-client-id" />
        </Form.Item>
        <Form.Item
          name="clientSecret"
          label={t('kiosk.setup.clientSecret')}
          rules={[{ required: true, message: t('kiosk.setup.clientSecretRequired') }]}
        >
          <Input.Password autoComplete="off" data-testid="kiosk-client-secret" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="kiosk-connect">
          {t('kiosk.setup.connect')}
        </Button>
      </Form>
      {failure !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="kiosk-error"
          title={describeApiError(failure, t)}
          data-testid="kiosk-setup-error"
        />
      )}
    </Card>
  );
}
