import type { Language } from '@hutong/core';
import { Button, Descriptions, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { KioskSession } from '../api/kiosk-api.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** 办理结果: done, and the licence issued back to the holder when the matter produces one. */
export function KioskResult({
  language,
  session,
  onDone,
}: {
  readonly language: Language;
  readonly session: KioskSession;
  readonly onDone: () => void;
}) {
  const { t } = useTranslation();
  const metadata = session.result?.licence?.metadata;
  return (
    <Result
      status="success"
      title={t('kiosk.result.title')}
      subTitle={t(metadata === undefined ? 'kiosk.result.submitted' : 'kiosk.result.issued', {
        matter: language === 'en' ? session.matter.name.en : session.matter.name.zh,
      })}
      data-testid="kiosk-result"
      extra={
        <Button type="primary" size="large" onClick={onDone} data-testid="kiosk-done">
          {t('kiosk.result.done')}
        </Button>
      }
    >
      {metadata !== undefined && (
        <Descriptions column={1} bordered data-testid="kiosk-result-licence">
          <Descriptions.Item label={t('kiosk.result.name')}>{text(metadata.certificateName)}</Descriptions.Item>
          <Descriptions.Item label={t('kiosk.result.number')}>{text(metadata.certificateNumber)}</Descriptions.Item>
          <Descriptions.Item label={t('kiosk.result.issuer')}>
            {text(metadata.certificateIssuingAuthorityName)}
          </Descriptions.Item>
          <Descriptions.Item label={t('kiosk.result.identifier')}>{session.result?.identifier}</Descriptions.Item>
        </Descriptions>
      )}
    </Result>
  );
}
