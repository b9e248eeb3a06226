import { HutongError, type Language, validateHolderCode } from '@hutong/core';
import { Alert, Button, Card, Flex, Form, Input, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import {
  type HolderMe,
  type MailboxMessage,
  readDevMailbox,
  type SignInChallenge,
  startHolderSignIn,
  verifyHolderSignIn,
} from '../api/holder-api.js';

const CODE_TYPES = ['111', '001'] as const;

function codeProblem(type: string, code: string, language: Language): string | undefined {
  if (code.trim() === '') return undefined;
  try {
    validateHolderCode(type, code.trim());
    return undefined;
  } catch (error) {
    return error instanceof HutongError ? error.localize(language) : String(error);
  }
}

/**
 * The development provider's mailbox, where a demo node "sends" the one-time code (it stands
 * in for the holder's phone). Shown only when the node answers it (demo nodes).
 */
function DevMailbox({ language, challengeId }: { readonly language: Language; readonly challengeId: string }) {
  const { t } = useTranslation();
  const [messages, setMessages] = useState<MailboxMessage[] | undefined>(undefined);
  // Asked again every 2 s until the message is there (it may be delivered just after the challenge).
  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    let attempts = 0;
    const read = () => {
      attempts += 1;
      readDevMailbox(language, challengeId, controller.signal).then(
        (found) => {
          setMessages(found);
          if (found.length === 0 && attempts < 30) timer = window.setTimeout(read, 2000);
        },
        () => setMessages(undefined),
      );
    };
    read();
    return () => {
      controller.abort();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [language, challengeId]);
  if (messages === undefined || messages.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      title={t('holder.signIn.mailbox')}
      description={
        <Flex vertical gap="small">
          {messages.map((message) => (
            <Typography.Text key={message.code} data-testid="holder-mailbox-message">
              {language === 'en' ? message.text.en : message.text.zh}
            </Typography.Text>
          ))}
        </Flex>
      }
      data-testid="holder-mailbox"
    />
  );
}

/** 持证人登录: ID type and number, then the one-time code the node sent. */
export function HolderSignIn({
  language,
  onSignedIn,
}: {
  readonly language: Language;
  readonly onSignedIn: (me: HolderMe) => void;
}) {
  const { t } = useTranslation();
  const [codeType, setCodeType] = useState<string>('111');
  const [holderCode, setHolderCode] = useState('');
  const [challenge, setChallenge] = useState<SignInChallenge | undefined>(undefined);
  const [oneTime, setOneTime] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const problem = codeProblem(codeType, holderCode, language);

  const start = async () => {
    if (holderCode.trim() === '' || problem !== undefined) return;
    setBusy(true);
    setFailure(undefined);
    try {
      setChallenge(await startHolderSignIn(language, codeType, holderCode.trim()));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const verify = async () => {
    if (challenge === undefined || oneTime.trim() === '') return;
    setBusy(true);
    setFailure(undefined);
    try {
      onSignedIn(await verifyHolderSignIn(language, challenge.challengeId, oneTime.trim()));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('holder.signIn.title')} className="holder-card" data-testid="holder-sign-in">
      {challenge === undefined ? (
        <Form layout="vertical" onFinish={() => void start()}>
          <Form.Item label={t('holder.signIn.codeType')} htmlFor="holder-code-type">
            <Select
              id="holder-code-type"
              value={codeType}
              onChange={(value: string) => setCodeType(value)}
              data-testid="holder-code-type"
              options={CODE_TYPES.map((code) => ({ value: code, label: t(`holderCodeTypes.${code}`) }))}
            />
          </Form.Item>
          <Form.Item
            label={t('holder.signIn.code')}
            htmlFor="holder-code"
            required
            {...(problem === undefined
              ? {}
              : { validateStatus: 'error' as const, help: <span data-testid="holder-code-error">{problem}</span> })}
          >
            <Input
              id="holder-code"
              value={holderCode}
              onChange={(e) => setHolderCode(e.target.value)}
              autoComplete="off"
              data-testid="holder-code"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={busy}
            disabled={problem !== undefined}
            data-testid="holder-sign-in-start"
          >
            {t('holder.signIn.send')}
          </Button>
        </Form>
      ) : (
        <Form layout="vertical" onFinish={() => void verify()}>
          <Typography.Paragraph>{t('holder.signIn.sent')}</Typography.Paragraph>
          <DevMailbox language={language} challengeId={challenge.challengeId} />
          <Form.Item label={t('holder.signIn.oneTime')} htmlFor="holder-one-time" required className="holder-one-time">
            <Input
              id="holder-one-time"
              value={oneTime}
              onChange={(e) => setOneTime(e.target.value)}
              inputMode="numeric"
              autoComplete="one-time-code"
              data-testid="holder-one-time"
            />
          </Form.Item>
          <Flex gap="small">
            <Button onClick={() => setChallenge(undefined)}>{t('holder.signIn.back')}</Button>
            <Button
              type="primary"
              htmlType="submit"
              loading={busy}
              data-testid="holder-sign-in-verify"
              style={{ flex: 1 }}
            >
              {t('holder.signIn.verify')}
            </Button>
          </Flex>
        </Form>
      )}
      {failure !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={describeApiError(failure, t)}
          className="holder-error"
          data-testid="holder-sign-in-error"
        />
      )}
    </Card>
  );
}
