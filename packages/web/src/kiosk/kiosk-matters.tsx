import type { Language } from '@hutong/core';
import { Button, Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchAllMatters, kioskCanComplete, type Matter } from '../api/matters-api.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';

/**
 * The matters this terminal can complete alone: every material a licence (a kiosk cannot take a
 * photo or a signed form, and the server refuses the submission then: ERR_KIOSK_MATERIALS_MISSING),
 * each as a large button.
 */
export function KioskMatters({
  language,
  onChoose,
  onForget,
}: {
  readonly language: Language;
  readonly onChoose: (matter: Matter) => void;
  readonly onForget: () => void;
}) {
  const { t } = useTranslation();
  const [load, retry] = useLoad((signal) => fetchAllMatters(language, signal), [language]);
  if (load.kind === 'loading') return <Loading text={t('kiosk.matters.loading')} />;
  if (load.kind === 'error') return <LoadError title={t('kiosk.matters.failed')} error={load.error} onRetry={retry} />;
  const matters = load.value.filter(kioskCanComplete);
  return (
    <Flex vertical gap="large" data-testid="kiosk-matters">
      <Typography.Paragraph className="kiosk-lead">{t('kiosk.matters.lead')}</Typography.Paragraph>
      {matters.length === 0 ? (
        <Empty description={t('kiosk.matters.none')} />
      ) : (
        <div className="kiosk-grid">
          {matters.map((matter) => (
            <Button
              key={matter.code}
              size="large"
              className="kiosk-tile"
              onClick={() => onChoose(matter)}
              data-testid={`kiosk-matter-${matter.code}`}
            >
              <span className="kiosk-tile-name">{language === 'en' ? matter.name.en : matter.name.zh}</span>
              <span className="kiosk-tile-note">
                {matter.output === undefined ? t('kiosk.matters.apply') : t('kiosk.matters.issues')}
              </span>
            </Button>
          ))}
        </div>
      )}
      <Flex justify="end">
        <Button type="link" onClick={onForget} data-testid="kiosk-forget">
          {t('kiosk.setup.forget')}
        </Button>
      </Flex>
    </Flex>
  );
}
