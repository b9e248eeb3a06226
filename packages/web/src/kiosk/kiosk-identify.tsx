import { CameraOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Button, Card, Flex, Form, Input, Spin, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createShowCode, fetchMyLicences, type HolderMe, holderSignOut } from '../api/holder-api.js';
import type { Matter } from '../api/matters-api.js';
import { HolderSignIn } from '../holder/holder-sign-in.js';
import { CameraScanner } from '../verifier/camera-scanner.js';
import { codeOfScan } from '../verifier/check-code.js';

/**
 * The licence a holder signed in on the terminal identifies with: a valid one of a type the
 * matter asks for (so it is also offered for consent), else any valid one.
 */
async function identityLicence(language: Language, matter: Matter): Promise<string | undefined> {
  const wanted = new Set(matter.materials.flatMap((m) => (m.kind === 'licence' ? m.anyOf : [])));
  const page = await fetchMyLicences(language, undefined);
  const valid = page.items.filter((l) => l.status === 'valid');
  return (valid.find((l) => wanted.has(l.typeCode)) ?? valid[0])?.identifier;
}

/**
 * 身份核验. The kiosk's API identifies a holder by a show code only (verified online, admitted
 * once: docs/design/matters.md). Two ways to give one:
 * - scan the code on the holder's phone: the terminal's scanner types it into the field and
 *   presses Enter (scanners on terminals are keyboards), or it is pasted, or the terminal's
 *   camera reads it (the verifier's CameraScanner: the same component, released on every way out);
 * - sign in here with a one-time code (on a demo node it arrives in the development mailbox):
 *   the terminal then makes a show code of one of the holder's valid licences, disclosing no
 *   field, and signs the holder out at once, before it is used.
 */
export function KioskIdentify({
  language,
  matter,
  busy,
  onShowCode,
  onHolderSignedIn,
  onHolderSignedOut,
  onFailure,
}: {
  readonly language: Language;
  readonly matter: Matter;
  readonly busy: boolean;
  readonly onShowCode: (code: string) => void;
  readonly onHolderSignedIn: (csrfToken: string) => void;
  readonly onHolderSignedOut: () => void;
  /** A failed call (`ApiError`), or a sentence to show as it is. */
  readonly onFailure: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [making, setMaking] = useState(false);
  const [cameraOn, setCameraOn] = useState(false);
  // A scanned printed licence's QR code holds the verification page's address: the code is its last segment.
  const give = (text: string) => {
    const shown = codeOfScan(text);
    if (shown !== '') onShowCode(shown);
  };

  const signedIn = async (me: HolderMe) => {
    onHolderSignedIn(me.csrfToken);
    setMaking(true);
    try {
      const identifier = await identityLicence(language, matter);
      if (identifier === undefined) {
        onFailure(t('kiosk.identify.noLicence'));
        return;
      }
      const shown = await createShowCode(language, me.csrfToken, { identifier, purpose: 'service', disclose: [] });
      onShowCode(shown.code);
    } catch (error) {
      onFailure(error);
    } finally {
      setMaking(false);
      await holderSignOut(language, me.csrfToken).then(onHolderSignedOut, () => undefined);
    }
  };

  const scan = (
    <Form layout="vertical" onFinish={() => give(code)}>
      <Typography.Paragraph className="kiosk-lead">{t('kiosk.identify.scanLead')}</Typography.Paragraph>
      <Form.Item label={t('kiosk.identify.code')} htmlFor="kiosk-show-code">
        <Input.TextArea
          id="kiosk-show-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoFocus
          autoSize={{ minRows: 2, maxRows: 4 }}
          autoComplete="off"
          spellCheck={false}
          onPressEnter={(e) => {
            e.preventDefault();
            give(code);
          }}
          data-testid="kiosk-show-code"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" size="large" block loading={busy} data-testid="kiosk-identify">
        {t('kiosk.identify.submit')}
      </Button>
      <div className="kiosk-camera">
        {cameraOn ? (
          <CameraScanner
            onCode={(text) => {
              setCameraOn(false);
              give(text);
            }}
            onCancel={() => setCameraOn(false)}
          />
        ) : (
          <Button
            size="large"
            block
            icon={<CameraOutlined />}
            disabled={busy}
            onClick={() => setCameraOn(true)}
            data-testid="kiosk-camera-start"
          >
            {t('kiosk.identify.camera')}
          </Button>
        )}
      </div>
    </Form>
  );

  const oneTime =
    making || busy ? (
      <Flex align="center" gap="middle" role="status">
        <Spin />
        <Typography.Text>{t('kiosk.identify.checking')}</Typography.Text>
      </Flex>
    ) : (
      <HolderSignIn language={language} onSignedIn={(me) => void signedIn(me)} />
    );

  return (
    <Card className="kiosk-card" data-testid="kiosk-identify-step">
      <Tabs
        size="large"
        items={[
          { key: 'scan', label: t('kiosk.identify.scanTab'), children: scan },
          {
            key: 'otp',
            label: <span data-testid="kiosk-otp-tab">{t('kiosk.identify.otpTab')}</span>,
            children: oneTime,
          },
        ]}
      />
    </Card>
  );
}
