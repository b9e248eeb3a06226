import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import type { SignInInput } from '../api/session-api.js';
import { useSession } from './session-context.js';

/** Staff sign-in: username, password and the 6-digit code of their authenticator app (RFC 6238). */
export function SignInPage({ onSignedIn }: { readonly onSignedIn: () => void }) {
  const { t } = useTranslation();
  const { state, signIn } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  if (state.kind === 'signed-in' && !busy) {
    return (
      <Result
        status="success"
        title={t('signIn.already', { username: state.session.username })}
        extra={
          <Button type="primary" onClick={onSignedIn}>
            {t('signIn.continue')}
          </Button>
        }
      />
    );
  }

  const submit = async (values: SignInInput) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn({ username: values.username.trim(), password: values.password, totp: values.totp.trim() });
      onSignedIn();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('signIn.title')} className="hutong-narrow-card" data-testid="sign-in">
      <Typography.Paragraph type="secondary">{t('signIn.hint')}</Typography.Paragraph>
      {error !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('signIn.failed')}
          description={describeApiError(error, t)}
          className="hutong-form-alert"
          data-testid="sign-in-error"
        />
      )}
      <Form<SignInInput> layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
        <Form.Item
          name="username"
          label={t('signIn.username')}
          rules={[{ required: true, message: t('signIn.usernameRequired') }]}
        >
          <Input prefix={<UserOutlined />} autoComplete="username" data-testid="sign-in-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('signIn.password')}
          rules={[{ required: true, message: t('signIn.passwordRequired') }]}
        >
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="sign-in-password" />
        </Form.Item>
        <Form.Item
          name="totp"
          label={t('signIn.totp')}
          extra={t('signIn.totpHint')}
          rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('signIn.totpInvalid') }]}
        >
          <Input
            prefix={<SafetyOutlined />}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            data-testid="sign-in-totp"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block data-testid="sign-in-submit">
          {t('signIn.submit')}
        </Button>
      </Form>
    </Card>
  );
}
