import type { Language } from '@hutong/core';
import { App as AntApp, ConfigProvider, Layout, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HomePage } from './home/home-page.js';
import { changeLanguage, currentLanguage } from './i18n/i18n.js';
import { AppHeader } from './layout/app-header.js';
import { AppNav } from './layout/app-nav.js';
import { Loading } from './layout/load-state.js';
import { type Scene, useScene } from './layout/use-scene.js';
import { saveElderMode, storedElderMode } from './preferences/elder-mode.js';
import { SessionProvider } from './session/session-context.js';
import { hutongTheme } from './theme.js';

const ANT_LOCALES = { 'zh-CN': zhCN, en: enUS } as const;

// Scenes load on first visit, so the first page stays small (the home page is the only eager one).
const CataloguePage = lazy(() => import('./catalogue/catalogue-page.js'));
const LibraryPage = lazy(() => import('./library/library-page.js'));
const VerifierPage = lazy(() => import('./verifier/verifier-page.js'));
const CodePage = lazy(() => import('./verifier/code-page.js'));
const ConsolePage = lazy(() => import('./console/console-page.js'));
const HolderPage = lazy(() => import('./holder/holder-page.js'));
const AdminPage = lazy(() => import('./admin/admin-page.js'));
const DashboardPage = lazy(() => import('./dashboard/dashboard-page.js'));
const KioskPage = lazy(() => import('./kiosk/kiosk-page.js'));
const SignInPage = lazy(() => import('./session/sign-in-page.js').then((m) => ({ default: m.SignInPage })));

function SceneView({
  scene,
  language,
  onScene,
  elder,
}: {
  readonly scene: Scene;
  readonly language: Language;
  readonly onScene: (scene: Scene) => void;
  readonly elder: boolean;
}) {
  switch (scene) {
    case 'home':
      return <HomePage language={language} />;
    case 'catalogue':
      return <CataloguePage language={language} />;
    case 'library':
      return <LibraryPage language={language} onSignIn={() => onScene('sign-in')} />;
    case 'sign-in':
      return <SignInPage onSignedIn={() => onScene('library')} />;
    case 'verify':
      return <VerifierPage language={language} />;
    case 'code':
      return <CodePage language={language} />;
    case 'console':
      return <ConsolePage language={language} onSignIn={() => onScene('sign-in')} />;
    case 'holder':
      return <HolderPage language={language} />;
    case 'admin':
      return <AdminPage language={language} onSignIn={() => onScene('sign-in')} />;
    case 'dashboard':
      return <DashboardPage language={language} onSignIn={() => onScene('sign-in')} />;
    case 'kiosk':
      return <KioskPage language={language} elder={elder} />;
  }
}

export function App() {
  const { t } = useTranslation();
  const [language, setLanguage] = useState<Language>(currentLanguage);
  const [elder, setElder] = useState<boolean>(storedElderMode);
  const [scene, setScene] = useScene();
  const kiosk = scene === 'kiosk';

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
        <SessionProvider language={language}>
          <Layout className="hutong-layout">
            <AppHeader language={language} onLanguage={onLanguage} elder={elder} onElder={onElder} />
            {/* The kiosk is a terminal's whole screen: no navigation away from it, no footer. */}
            {!kiosk && <AppNav scene={scene} onScene={setScene} />}
            <Layout.Content className={kiosk ? 'hutong-content hutong-kiosk-content' : 'hutong-content'}>
              <Suspense fallback={<Loading text={t('common.loadingScene')} testId="scene-loading" />}>
                <SceneView scene={scene} language={language} onScene={setScene} elder={elder} />
              </Suspense>
            </Layout.Content>
            {!kiosk && (
              <Layout.Footer className="hutong-footer">
                <Typography.Text type="secondary">{t('app.footer')}</Typography.Text>
              </Layout.Footer>
            )}
          </Layout>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
