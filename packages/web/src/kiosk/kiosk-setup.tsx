import type { Language } from '@hutong/core';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import { fetchHealth } from '../api/fetch-health.js';
import { type KioskCredentials, KioskTerminal } from '../api/kiosk-api.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { clientAssertion, type KioskDevice, publicKeyPem, rememberKioskClient } from './kiosk-device-key.js';

/**
 * The terminal's credentials from its device key: a client assertion per token request, for
 * the node's audience (`urn:hutong:node:<id>`, the node id read once from `/api/health`).
 */
export function kioskCredentials(device: KioskDevice, clientId: string): KioskCredentials {
  let audience: string | undefined;
  return {
    clientId,
    assertion: async (language) => {
      audience ??= `urn:hutong:node:${(await fetchHealth(language)).nodeId}`;
      return clientAssertion(device, clientId, audience);
    },
  };
}

/**
 * 终端设置: the terminal shows the public half of its device key; the node's administrator
 * registers a client of kind `kiosk` with it (Administration → Clients, public key, no secret)
 * and gives the terminal the client id, checked here by taking a token before it is kept.
 */
export function KioskSetup({
  language,
  device,
  onReady,
}: {
  readonly language: Language;
  readonly device: KioskDevice;
  readonly onReady: (device: KioskDevice) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [pem, retry] = useLoad(() => publicKeyPem(device), [device]);

  const connect = async (values: { clientId: string }) => {
    const clientId = values.clientId.trim();
    setBusy(true);
    setFailure(undefined);
    try {
      await new KioskTerminal(kioskCredentials(device, clientId)).connect(language);
      onReady(await rememberKioskClient(device, clientId));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('kiosk.setup.title')} className="kiosk-card" data-testid="kiosk-setup">
      <Typography.Paragraph>{t('kiosk.setup.text')}</Typography.Paragraph>
      {pem.kind === 'loading' && <Loading text={t('kiosk.setup.keyLoading')} />}
      {pem.kind === 'error' && <LoadError title={t('kiosk.setup.keyFailed')} error={pem.error} onRetry={retry} />}
      {pem.kind === 'ok' && (
        <Form layout="vertical" onFinish={(values) => void connect(values)} requiredMark>
          <Form.Item
            label={t('kiosk.setup.publicKey')}
            htmlFor="kiosk-public-key"
            extra={t('kiosk.setup.publicKeyHint')}
          >
            <Input.TextArea
              id="kiosk-public-key"
              value={pem.value}
              readOnly
              autoSize
              spellCheck={false}
              className="kiosk-public-key"
              data-testid="kiosk-public-key"
            />
          </Form.Item>
          <Form.Item
            name="clientId"
            label={t('kiosk.setup.clientId')}
            rules={[{ required: true, whitespace: true, message: t('kiosk.setup.clientIdRequired') }]}
          >
            <Input autoComplete="off" data-testid="kiosk-client-id" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="kiosk-connect">
            {t('kiosk.setup.connect')}
          </Button>
        </Form>
      )}
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
