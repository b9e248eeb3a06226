import type { Language } from '@hutong/core';
import { Button, Card, Checkbox, Empty, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfferedLicence } from '../api/kiosk-api.js';
import { labelIn } from '../layout/format.js';

/**
 * 授权用证: the holder's valid licences of the matter's types, each ticked by default; the holder
 * agrees to the use of the ones ticked (each becomes a usage record in their timeline).
 */
export function KioskConsent({
  language,
  offered,
  busy,
  onConsent,
}: {
  readonly language: Language;
  readonly offered: readonly OfferedLicence[];
  readonly busy: boolean;
  readonly onConsent: (licences: readonly string[]) => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string[]>(() => offered.map((l) => l.identifier));
  return (
    <Card className="kiosk-card" data-testid="kiosk-consent">
      <Typography.Paragraph className="kiosk-lead">{t('kiosk.consent.lead')}</Typography.Paragraph>
      {offered.length === 0 ? (
        <Empty description={t('kiosk.consent.none')} />
      ) : (
        <Checkbox.Group value={chosen} onChange={(values) => setChosen(values as string[])} className="kiosk-choices">
          <Flex vertical gap="middle">
            {offered.map((licence) => (
              <Checkbox key={licence.identifier} value={licence.identifier} data-testid="kiosk-offered">
                <span className="kiosk-choice-name">{labelIn(licence.typeLabel, language)}</span>
                <Typography.Text type="secondary" className="kiosk-choice-issuer">
                  {t('kiosk.consent.issuer', { issuer: labelIn(licence.issuerLabel, language) })}
                </Typography.Text>
              </Checkbox>
            ))}
          </Flex>
        </Checkbox.Group>
      )}
      <Typography.Paragraph type="secondary">{t('kiosk.consent.recorded')}</Typography.Paragraph>
      <Button
        type="primary"
        size="large"
        block
        loading={busy}
        onClick={() => onConsent(chosen)}
        data-testid="kiosk-consent-agree"
      >
        {t('kiosk.consent.agree')}
      </Button>
    </Card>
  );
}
