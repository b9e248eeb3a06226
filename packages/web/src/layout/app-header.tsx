import type { Language } from '@hutong/core';
import { Flex, Layout, Segmented, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface AppHeaderProps {
  readonly language: Language;
  readonly onLanguage: (language: Language) => void;
  readonly elder: boolean;
  readonly onElder: (on: boolean) => void;
}

/** Language names are written in their own language, so anyone can find theirs. */
const LANGUAGE_OPTIONS: ReadonlyArray<{ value: Language; label: string }> = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

export function AppHeader({ language, onLanguage, elder, onElder }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <Layout.Header className="hutong-header">
      <Flex align="center" justify="space-between" gap="middle" wrap style={{ width: '100%' }}>
        <Typography.Title level={1} className="hutong-title" data-testid="app-title">
          {t('app.title')}
        </Typography.Title>
        <Flex align="center" gap="large" wrap>
          <Segmented<Language>
            aria-label={t('header.language')}
            data-testid="language-switch"
            value={language}
            options={[...LANGUAGE_OPTIONS]}
            onChange={onLanguage}
          />
          <Flex align="center" gap="small">
            <Switch
              id="elder-mode"
              checked={elder}
              onChange={onElder}
              aria-describedby="elder-mode-hint"
              data-testid="elder-switch"
            />
            <label htmlFor="elder-mode" className="hutong-header-label" title={t('header.elderModeHint')}>
              {t('header.elderMode')}
            </label>
            <span id="elder-mode-hint" className="hutong-visually-hidden">
              {t('header.elderModeHint')}
            </span>
          </Flex>
        </Flex>
      </Flex>
    </Layout.Header>
  );
}
