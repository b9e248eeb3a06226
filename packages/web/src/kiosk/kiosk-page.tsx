import type { Language } from '@hutong/core';
import { Alert, Button, ConfigProvider, Flex, Modal, Steps, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import { holderSignOut } from '../api/holder-api.js';
import { type KioskSession, KioskTerminal } from '../api/kiosk-api.js';
import type { Matter } from '../api/matters-api.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { PrefilledForm } from '../matters/prefilled-form.js';
import { removeStored } from '../preferences/stored-preference.js';
import { KioskConsent } from './kiosk-consent.js';
import { forgetKioskDevice, type KioskDevice, kioskDevice } from './kiosk-device-key.js';
import { KioskIdentify } from './kiosk-identify.js';
import { KioskMatters } from './kiosk-matters.js';
import { KioskResult } from './kiosk-result.js';
import { KioskSetup, kioskCredentials } from './kiosk-setup.js';
import { useIdleTimeout } from './use-idle-timeout.js';

/**
 * After this long without a touch, the terminal forgets the person in front of it (their
 * licences, the form) and returns to the start, so the next person never sees them. The last
 * WARNING_SECONDS show a notice with a button to carry on.
 */
export const KIOSK_IDLE_SECONDS = 120;
const WARNING_SECONDS = 20;

const STEP_OF: Readonly<Record<KioskSession['state'], number>> = {
  started: 1,
  identified: 2,
  consented: 3,
  submitted: 4,
};

/**
 * 自助终端: the self-service flow of docs/design/matters.md over `/api/v1/kiosk/sessions…`, on a
 * full-screen page with large type and large touch targets: pick a matter → identify (show code
 * or, on a demo node, one-time code) → consent → the prefilled form → result.
 */
export default function KioskPage({ language, elder }: { readonly language: Language; readonly elder: boolean }) {
  const { t } = useTranslation();
  // Earlier versions kept the client secret in localStorage; a terminal that still has one drops it.
  useEffect(() => removeStored('hutong.kioskClient'), []);
  const [loaded, reloadDevice] = useLoad(() => kioskDevice(), []);
  const [device, setDevice] = useState<KioskDevice | undefined>(undefined);
  const current = device ?? (loaded.kind === 'ok' ? loaded.value : undefined);
  const terminal = useMemo(
    () =>
      current?.clientId === undefined ? undefined : new KioskTerminal(kioskCredentials(current, current.clientId)),
    [current],
  );
  const [matter, setMatter] = useState<Matter | undefined>(undefined);
  const [session, setSession] = useState<KioskSession | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  // A holder signed in on this terminal with a one-time code (demo identification): signed out
  // as soon as the show code is made, and again on reset in case the flow was left half-way.
  const holderCsrf = useRef<string | undefined>(undefined);

  const reset = useCallback(() => {
    const csrf = holderCsrf.current;
    holderCsrf.current = undefined;
    if (csrf !== undefined) void holderSignOut(language, csrf).catch(() => undefined);
    setSession(undefined);
    setMatter(undefined);
    setFailure(undefined);
    setBusy(false);
  }, [language]);

  const { secondsLeft, restart } = useIdleTimeout(matter !== undefined, KIOSK_IDLE_SECONDS, reset);

  const run = async (step: () => Promise<KioskSession>) => {
    setBusy(true);
    setFailure(undefined);
    try {
      setSession(await step());
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const choose = (chosen: Matter) => {
    if (terminal === undefined) return;
    setMatter(chosen);
    void run(() => terminal.start(language, chosen.code));
  };

  const kioskTheme = {
    token: elder
      ? { fontSize: 26, fontSizeLG: 30, fontSizeHeading2: 40, controlHeight: 64, controlHeightLG: 76 }
      : { fontSize: 20, fontSizeLG: 24, fontSizeHeading2: 34, controlHeight: 52, controlHeightLG: 64 },
  };

  let body: React.ReactNode;
  if (current === undefined) {
    body =
      loaded.kind === 'error' ? (
        <LoadError title={t('kiosk.setup.keyFailed')} error={loaded.error} onRetry={reloadDevice} />
      ) : (
        <Loading text={t('kiosk.setup.keyLoading')} />
      );
  } else if (terminal === undefined) {
    body = <KioskSetup language={language} device={current} onReady={setDevice} />;
  } else if (matter === undefined) {
    body = (
      <KioskMatters
        language={language}
        onChoose={choose}
        onForget={() => {
          // Offline, the token still lapses at its expiry; the device key is deleted either way,
          // and the administrator disables the client (its key is then of no use to anyone).
          void terminal
            .disconnect(language)
            .catch(() => undefined)
            .then(() => forgetKioskDevice())
            .then(() => {
              setDevice(undefined);
              reloadDevice();
            }, setFailure);
        }}
      />
    );
  } else if (session === undefined) {
    body = failure === undefined ? <Typography.Text>{t('kiosk.starting')}</Typography.Text> : null;
  } else if (session.state === 'started') {
    body = (
      <KioskIdentify
        language={language}
        matter={matter}
        busy={busy}
        onHolderSignedIn={(csrf) => {
          holderCsrf.current = csrf;
        }}
        onHolderSignedOut={() => {
          holderCsrf.current = undefined;
        }}
        onShowCode={(code) => void run(() => terminal.identify(language, session.id, code))}
        onFailure={setFailure}
      />
    );
  } else if (session.state === 'identified') {
    body = (
      <KioskConsent
        language={language}
        offered={session.offered ?? []}
        busy={busy}
        onConsent={(licences) => void run(() => terminal.consent(language, session.id, licences))}
      />
    );
  } else if (session.state === 'consented' && session.form !== undefined) {
    body = (
      <PrefilledForm
        scene="kiosk"
        language={language}
        form={session.form}
        busy={busy}
        failure={failure}
        onSubmit={(values, committed) => void run(() => terminal.submit(language, session.id, values, committed))}
      />
    );
  } else {
    body = <KioskResult language={language} session={session} onDone={reset} />;
  }

  // A problem the form shows beside its field is not repeated above it.
  const fieldProblem =
    session?.state === 'consented' &&
    typeof failure === 'object' &&
    failure !== null &&
    'failure' in failure &&
    (failure as { failure: { field?: string } }).failure.field?.startsWith('values.') === true;

  return (
    <ConfigProvider theme={kioskTheme}>
      <section className="kiosk" data-testid="kiosk" aria-labelledby="kiosk-title">
        <Flex justify="space-between" align="center" wrap gap="middle">
          <Typography.Title level={2} id="kiosk-title" className="kiosk-title">
            {/* Before the terminal is set up there is no matter to choose yet: the heading said so. */}
            {terminal === undefined
              ? t('kiosk.titleSetUp')
              : matter === undefined
                ? t('kiosk.title')
                : language === 'en'
                  ? matter.name.en
                  : matter.name.zh}
          </Typography.Title>
          {matter !== undefined && session?.state !== 'submitted' && (
            <Button size="large" danger onClick={reset} data-testid="kiosk-cancel">
              {t('kiosk.cancel')}
            </Button>
          )}
        </Flex>
        {matter !== undefined && (
          <Steps
            className="kiosk-steps"
            current={session === undefined ? 0 : STEP_OF[session.state]}
            items={[
              { title: t('kiosk.steps.matter') },
              { title: t('kiosk.steps.identify') },
              { title: t('kiosk.steps.consent') },
              { title: t('kiosk.steps.form') },
              { title: t('kiosk.steps.result') },
            ]}
          />
        )}
        {failure !== undefined && !fieldProblem && (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="kiosk-error"
            title={typeof failure === 'string' ? failure : describeApiError(failure, t)}
            data-testid="kiosk-error"
          />
        )}
        <div className="kiosk-body">{body}</div>
        <Modal
          open={secondsLeft !== undefined && secondsLeft <= WARNING_SECONDS && secondsLeft > 0}
          title={t('kiosk.idle.title')}
          closable={false}
          maskClosable={false}
          footer={
            <Button type="primary" size="large" onClick={restart} data-testid="kiosk-idle-continue">
              {t('kiosk.idle.continue')}
            </Button>
          }
        >
          <Typography.Paragraph data-testid="kiosk-idle-warning">
            {t('kiosk.idle.text', { seconds: secondsLeft ?? 0 })}
          </Typography.Paragraph>
        </Modal>
      </section>
    </ConfigProvider>
  );
}
