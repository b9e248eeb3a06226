import { LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import { type ClientSession, signInClient, signOutClient } from '../api/verify-api.js';

/**
 * A venue's or an inspector's device signs in with its registered API client's id and secret
 * (the administration scene registers clients of kind `venue` or `inspector`). The access
 * token lives in this page's memory only, never in storage: a reload or a closed tab signs
 * the device out, and the secret is not kept at all. Signing out revokes the token on the
 * server (`DELETE /api/v1/oauth/token`).
 */
export function ClientSignIn({
  session,
  onSession,
  language,
  kind,
}: {
  readonly session: ClientSession | undefined;
  readonly onSession: (session: ClientSession | undefined) => void;
  readonly language: Language;
  readonly kind: 'venue' | 'inspector';
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const signOut = async (current: ClientSession) => {
    setBusy(true);
    try {
      await signOutClient(current, language);
    } catch {
      // Offline or already revoked: the device forgets the token all the same, and the server
      // stops it at its expiry (minutes) at the latest.
    } finally {
      setBusy(false);
      onSession(undefined);
    }
  };

  if (session !== undefined) {
    return (
      <Flex align="center" justify="space-between" gap="small" wrap data-testid="verifier-client">
        <Typography.Text>{t('verifier.client.signedIn', { clientId: session.clientId })}</Typography.Text>
        <Button
          icon={<LogoutOutlined />}
          loading={busy}
          onClick={() => void signOut(session)}
          data-testid="verifier-client-sign-out"
        >
          {t('verifier.client.signOut')}
        </Button>
      </Flex>
    );
  }

  const submit = async (values: { clientId: string; clientSecret: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      onSession(await signInClient(values.clientId.trim(), values.clientSecret, language));
    } catch (failure) {
      setError(describeApiError(failure, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t(`verifier.client.title.${kind}`)} data-testid="verifier-client-sign-in">
      <Typography.Paragraph type="secondary">{t('verifier.client.hint')}</Typography.Paragraph>
      <Form layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false}>
        <Form.Item
          name="clientId"
          label={t('verifier.client.clientId')}
          rules={[{ required: true, whitespace: true, message: t('verifier.client.required') }]}
        >
          <Input autoComplete="username" data-testid="verifier-client-id" />
        </Form.Item>
        <Form.Item
          name="clientSecret"
          label={t('verifier.client.clientSecret')}
          rules={[{ required: true, message: t('verifier.client.required') }]}
        >
          <Input.Password autoComplete="current-password" data-testid="verifier-client-secret" />
        </Form.Item>
        {error !== undefined && (
          <Alert type="error" showIcon role="alert" title={error} data-testid="verifier-client-error" />
        )}
        <Button
          type="primary"
          htmlType="submit"
          icon={<LoginOutlined />}
          loading={busy}
          className="verifier-client-submit"
          data-testid="verifier-client-submit"
        >
          {t('verifier.client.signIn')}
        </Button>
      </Form>
    </Card>
  );
}
