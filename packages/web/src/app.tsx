import type { Language } from '@hutong/core';
import { App as AntApp, ConfigProvider, Layout, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HomePage } from './home/home-page.js';
import { changeLanguage, currentLanguage } from './i18n/i18n.js';
import { AppHeader } from './layout/app-header.js';
import { saveElderMode, storedElderMode } from './preferences/elder-mode.js';
import { hutongTheme } from './theme.js';

const ANT_LOCALES = { 'zh-CN': zhCN, en: enUS } as const;

export function App() {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Language>(currentLanguage);
  const [elder, setElder] = useState<boolean>(storedElderMode);

  useEffect(() => {
    // CSS outside Ant Design's tokens (the header, the page width) follows the mode too.
    document.documentElement.dataset.elder = elder ? 'on' : 'off';
  }, [elder]);

  const onLanguage = (next: Language) => {
    setLanguage(next);
    void changeLanguage(next);
  };
  const onElder = (on: boolean) => {
    setElder(on);
    saveElderMode(on);
  };

  return (
    <ConfigProvider locale={ANT_LOCALES[language]} theme={hutongTheme(elder)}>
      <AntApp>
        <Layout className="hutong-layout">
          <AppHeader language={language} onLanguage={onLanguage} elder={elder} onElder={onElder} />
          <Layout.Content className="hutong-content">
            <HomePage language={language} />
          </Layout.Content>
          <Layout.Footer className="hutong-footer">
            <Typography.Text type="secondary">{t('app.footer')}</Typography.Text>
          </Layout.Footer>
        </Layout>
      </AntApp>
    </ConfigProvider>
  );
}
