import { CameraOutlined, FileProtectOutlined, PictureOutlined, SnippetsOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Alert, Button, Card, Flex, Input, Segmented, Typography } from 'antd';
import { type ChangeEvent, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ClientSession, fetchVenueRegister, registerEntry, type VenueRegister } from '../api/verify-api.js';
import { Loading } from '../layout/load-state.js';
import { CameraScanner } from './camera-scanner.js';
import { codeOfScan, verifyCode } from './check-code.js';
import { verifyLicenceDocument } from './check-licence.js';
import { ClientSignIn } from './client-sign-in.js';
import { decodeQrImage } from './decode-qr.js';
import { type CodeVerdict, verdictTone } from './describe-verdict.js';
import { InspectionForm } from './inspection-form.js';
import { TrustStatus } from './trust-status.js';
import { isGenuine, useOnlineStatus } from './use-online-status.js';
import { useTrust } from './use-trust.js';
import { EntryResult, type EntryState, VenueRegisterView } from './venue-register.js';
import { VerdictView } from './verdict-view.js';

type InputKind = 'camera' | 'image' | 'paste' | 'file';

/**
 * `check`: anyone verifies (offline, plus the node's anonymous status check when online);
 * `venue`: a venue's device registers each valid code's entry once (亮证登记) and keeps today's
 * register; `inspector`: an inspector records the on-site inspection against the licence.
 */
export type VerifierMode = 'check' | 'venue' | 'inspector';

type Result =
  | { readonly kind: 'none' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'no-code' }
  | { readonly kind: 'image-unreadable' }
  | { readonly kind: 'licence-unreadable' }
  /** `code`: the code checked (absent for a licence document, which the node is not asked about). */
  | { readonly kind: 'verdict'; readonly code?: string; readonly verdict: CodeVerdict; readonly serial: number };

type RegisterLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly register: VenueRegister }
  | { readonly kind: 'error'; readonly error: unknown };

/** A large button that opens the file picker (the input itself stays hidden), and what to choose. */
function FileChooser({
  hint,
  label,
  icon,
  accept,
  onFile,
  testId,
}: {
  readonly hint: string;
  readonly label: string;
  readonly icon: ReactNode;
  readonly accept: string;
  readonly onFile: (file: File) => Promise<void>;
  /** The hidden input's test id; the button's is `<testId>-choose`. */
  readonly testId: string;
}) {
  const input = useRef<HTMLInputElement>(null);
  const chosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared, so that choosing the same file again checks it again.
    event.target.value = '';
    if (file !== undefined) void onFile(file);
  };
  return (
    <Flex vertical gap="small">
      <Typography.Text>{hint}</Typography.Text>
      <Button
        type="primary"
        size="large"
        icon={icon}
        onClick={() => input.current?.click()}
        data-testid={`${testId}-choose`}
      >
        {label}
      </Button>
      <input ref={input} type="file" accept={accept} hidden onChange={chosen} data-testid={testId} />
    </Flex>
  );
}

/**
 * 扫码核验: a show code or a printed licence's QR code from the camera, a photo or screenshot,
 * or pasted text, checked in this browser with core's offline verifier against the node's
 * signed trust list (cached, so it keeps working without a network until the list expires),
 * in one of three modes.
 */
export default function VerifierPage({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { load, labels, online, refresh } = useTrust(language);
  const [mode, setMode] = useState<VerifierMode>('check');
  const [session, setSession] = useState<ClientSession | undefined>();
  const [input, setInput] = useState<InputKind>('camera');
  const [cameraOn, setCameraOn] = useState(false);
  const [pasted, setPasted] = useState('');
  const [result, setResult] = useState<Result>({ kind: 'none' });
  const [entry, setEntry] = useState<EntryState | undefined>();
  const [register, setRegister] = useState<RegisterLoad>({ kind: 'loading' });
  const [registerVersion, setRegisterVersion] = useState(0);
  const serial = useRef(0);

  const verdict = result.kind === 'verdict' ? result : undefined;
  const [status] = useOnlineStatus(
    mode === 'check' ? verdict?.code : undefined,
    mode === 'check' ? verdict?.verdict : undefined,
    online,
    language,
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `registerVersion` reloads after each entry.
  useEffect(() => {
    if (mode !== 'venue' || session === undefined) return;
    let current = true;
    // Read again after each entry: the register on screen stays until the new one arrives.
    setRegister((previous) => (previous.kind === 'ok' ? previous : { kind: 'loading' }));
    fetchVenueRegister(session, language).then(
      (answer) => current && setRegister({ kind: 'ok', register: answer }),
      (error: unknown) => current && setRegister({ kind: 'error', error }),
    );
    return () => {
      current = false;
    };
  }, [mode, session, language, registerVersion]);

  const enter = useCallback(
    async (code: string, checked: CodeVerdict) => {
      if (session === undefined) return;
      if (verdictTone(checked) !== 'valid') {
        setEntry({ kind: 'not-valid' });
        return;
      }
      setEntry({ kind: 'registering' });
      try {
        const answer = await registerEntry(session, code, crypto.randomUUID(), language);
        setEntry({ kind: 'registered', entry: answer.entry });
      } catch (error) {
        setEntry({ kind: 'refused', error });
      }
      setRegisterVersion((n) => n + 1);
    },
    [session, language],
  );

  const check = useCallback(
    async (text: string) => {
      if (load.kind !== 'ok') return;
      const code = codeOfScan(text);
      setEntry(undefined);
      if (code === '') {
        setResult({ kind: 'no-code' });
        return;
      }
      setResult({ kind: 'checking' });
      const checked = await verifyCode(code, load.trust.prepared, new Date());
      serial.current += 1;
      setResult({ kind: 'verdict', code, verdict: checked, serial: serial.current });
      if (mode === 'venue') await enter(code, checked);
    },
    [load, mode, enter],
  );

  const onImage = async (file: File) => {
    setResult({ kind: 'checking' });
    let text: string | undefined;
    try {
      text = await decodeQrImage(file);
    } catch {
      setResult({ kind: 'image-unreadable' });
      return;
    }
    if (text === undefined) setResult({ kind: 'no-code' });
    else await check(text);
  };

  const onLicence = async (file: File) => {
    if (load.kind !== 'ok') return;
    setEntry(undefined);
    setResult({ kind: 'checking' });
    let text: string;
    try {
      text = await file.text();
    } catch {
      setResult({ kind: 'licence-unreadable' });
      return;
    }
    const checked = await verifyLicenceDocument(text, load.trust.prepared, new Date());
    serial.current += 1;
    setResult({ kind: 'verdict', verdict: checked, serial: serial.current });
  };

  const changeMode = (next: VerifierMode) => {
    setMode(next);
    // A device is a venue's or an inspector's, not both: a change of mode signs it out.
    setSession(undefined);
    setResult({ kind: 'none' });
    setEntry(undefined);
    setCameraOn(false);
  };

  const ready = load.kind === 'ok' && (mode === 'check' || session !== undefined);
  return (
    <Flex vertical gap="middle" className="verifier-page" data-testid="verifier-page">
      <Typography.Title level={2}>{t('verifier.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('verifier.intro')}</Typography.Paragraph>
      <Segmented<VerifierMode>
        block
        value={mode}
        onChange={changeMode}
        data-testid="verifier-mode"
        className="verifier-modes"
        aria-label={t('verifier.modes.label')}
        options={[
          { value: 'check', label: t('verifier.modes.check') },
          { value: 'venue', label: t('verifier.modes.venue') },
          { value: 'inspector', label: t('verifier.modes.inspector') },
        ]}
      />
      <TrustStatus load={load} online={online} language={language} onRefresh={refresh} />
      {mode !== 'check' &&
        (online || session !== undefined ? (
          <ClientSignIn session={session} onSession={setSession} language={language} kind={mode} />
        ) : (
          <Alert type="warning" showIcon title={t('verifier.client.offline')} data-testid="verifier-client-offline" />
        ))}
      {ready && (
        <Card size="small">
          <Flex vertical gap="middle">
            <Segmented<InputKind>
              block
              value={input}
              onChange={(value) => {
                setInput(value);
                setCameraOn(false);
              }}
              data-testid="verifier-input"
              className="verifier-inputs"
              options={[
                { value: 'camera', label: t('verifier.inputs.camera'), icon: <CameraOutlined /> },
                { value: 'image', label: t('verifier.inputs.image'), icon: <PictureOutlined /> },
                { value: 'paste', label: t('verifier.inputs.paste'), icon: <SnippetsOutlined /> },
                { value: 'file', label: t('verifier.inputs.file'), icon: <FileProtectOutlined /> },
              ]}
            />
            {input === 'camera' &&
              (cameraOn ? (
                <CameraScanner
                  onCode={(text) => {
                    setCameraOn(false);
                    void check(text);
                  }}
                  onCancel={() => setCameraOn(false)}
                />
              ) : (
                <Button
                  type="primary"
                  size="large"
                  icon={<CameraOutlined />}
                  onClick={() => setCameraOn(true)}
                  data-testid="verifier-camera-start"
                >
                  {t('verifier.camera.start')}
                </Button>
              ))}
            {input === 'image' && (
              <FileChooser
                hint={t('verifier.image.hint')}
                label={t('verifier.image.choose')}
                icon={<PictureOutlined />}
                accept="image/*"
                onFile={onImage}
                testId="verifier-image"
              />
            )}
            {input === 'file' && (
              <FileChooser
                hint={t('verifier.licence.hint')}
                label={t('verifier.licence.choose')}
                icon={<FileProtectOutlined />}
                accept="application/json,.json"
                onFile={onLicence}
                testId="verifier-licence-file"
              />
            )}
            {input === 'paste' && (
              <Flex vertical gap="small">
                <Input.TextArea
                  rows={3}
                  value={pasted}
                  onChange={(event) => setPasted(event.target.value)}
                  placeholder={t('verifier.paste.placeholder')}
                  aria-label={t('verifier.paste.label')}
                  data-testid="verifier-paste"
                />
                <Button type="primary" onClick={() => void check(pasted)} data-testid="verifier-paste-submit">
                  {t('verifier.paste.submit')}
                </Button>
              </Flex>
            )}
          </Flex>
        </Card>
      )}
      {result.kind === 'checking' && <Loading text={t('verifier.checking')} testId="verifier-checking" />}
      {result.kind === 'no-code' && (
        <Alert type="warning" showIcon role="alert" title={t('verifier.noCode')} data-testid="verifier-no-code" />
      )}
      {result.kind === 'image-unreadable' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('verifier.imageUnreadable')}
          data-testid="verifier-no-code"
        />
      )}
      {result.kind === 'licence-unreadable' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('verifier.licence.unreadable')}
          data-testid="verifier-no-code"
        />
      )}
      {result.kind === 'verdict' && (
        <VerdictView
          verdict={result.verdict}
          online={mode === 'check' ? status : undefined}
          labels={labels}
          language={language}
        >
          {mode === 'venue' && entry !== undefined && <EntryResult state={entry} language={language} />}
          {mode === 'inspector' && session !== undefined && result.code !== undefined && isGenuine(result.verdict) && (
            <InspectionForm key={result.serial} code={result.code} session={session} language={language} />
          )}
        </VerdictView>
      )}
      {mode === 'venue' && session !== undefined && (
        <VenueRegisterView register={register} session={session} labels={labels} language={language} />
      )}
    </Flex>
  );
}
