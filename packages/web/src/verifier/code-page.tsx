import { codeOfVerificationPath, type Language } from '@hutong/core';
import { Alert, Button, Flex, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../layout/load-state.js';
import { verifyCode } from './check-code.js';
import type { CodeVerdict } from './describe-verdict.js';
import { TrustStatus } from './trust-status.js';
import { useOnlineStatus } from './use-online-status.js';
import { useTrust } from './use-trust.js';
import { VerdictView } from './verdict-view.js';

/**
 * The verification page `/v/<code>` (docs/design/printed-licence.md §2, §4): what a phone's
 * camera opens from a printed licence's QR code (or a show code's). The code is verified here,
 * offline, against the node's trust list (cached, so the page works without a network once
 * opened); with a network the node is also asked, anonymously, whether the licence is valid
 * now — the one thing a code cannot say by itself.
 */
export default function CodePage({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { load, labels, online, refresh } = useTrust(language);
  const [code] = useState(() => codeOfVerificationPath(window.location.pathname));
  const [verdict, setVerdict] = useState<CodeVerdict | undefined>();
  const [status, askAgain] = useOnlineStatus(code, verdict, online, language);

  useEffect(() => {
    if (load.kind !== 'ok' || code === undefined) return;
    let current = true;
    void verifyCode(code, load.trust.prepared, new Date()).then((result) => current && setVerdict(result));
    return () => {
      current = false;
    };
  }, [load, code]);

  return (
    <Flex vertical gap="middle" className="verifier-page" data-testid="code-page">
      <Typography.Title level={2}>{t('verifier.page.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('verifier.page.intro')}</Typography.Paragraph>
      <TrustStatus load={load} online={online} language={language} onRefresh={refresh} />
      {code === undefined && (
        <Alert type="error" showIcon role="alert" title={t('verifier.page.noCode')} data-testid="code-page-no-code" />
      )}
      {code !== undefined && load.kind === 'ok' && verdict === undefined && (
        <Loading text={t('verifier.checking')} testId="verifier-checking" />
      )}
      {verdict !== undefined && <VerdictView verdict={verdict} online={status} labels={labels} language={language} />}
      {status !== undefined && status.kind !== 'checking' && online && (
        <Button onClick={askAgain} data-testid="code-page-ask-again">
          {t('verifier.online.again')}
        </Button>
      )}
      <Button href="/#/verify" data-testid="code-page-scan">
        {t('verifier.page.scanAnother')}
      </Button>
    </Flex>
  );
}
