import { LoginOutlined, LogoutOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Flex, Menu, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import { useSession } from '../session/session-context.js';
import type { Scene } from './use-scene.js';

/**
 * The scenes a person can go to, and who is signed in (with sign-out). Items that do not fit wrap
 * onto a second line instead of folding into Ant Design's "···" menu (whether they fit depends on
 * the fonts, the language and elder mode): nobody should have to guess that a scene hides behind
 * three dots, and the arrow keys reach every scene.
 */
export function AppNav({ scene, onScene }: { readonly scene: Scene; readonly onScene: (scene: Scene) => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { state, signOut } = useSession();
  const { message } = AntApp.useApp();

  const doSignOut = async () => {
    try {
      await signOut();
      onScene('home');
      void message.success(t('session.signedOut'));
    } catch (error) {
      void message.error(describeApiError(error, t));
    }
  };

  return (
    <Flex align="center" justify="space-between" wrap gap="small" className="hutong-nav">
      <Menu
        mode="horizontal"
        selectedKeys={[scene === 'code' ? 'verify' : scene]}
        onClick={({ key }) => onScene(key as Scene)}
        className="hutong-menu"
        disabledOverflow
        data-testid="nav"
        items={[
          { key: 'home', label: t('nav.home') },
          { key: 'catalogue', label: t('nav.catalogue'), 'data-testid': 'nav-catalogue' },
          { key: 'library', label: t('nav.library'), 'data-testid': 'nav-library' },
          { key: 'holder', label: t('holder.nav'), 'data-testid': 'nav-holder' },
          { key: 'verify', label: t('verifier.nav'), 'data-testid': 'nav-verify' },
          { key: 'console', label: t('console.nav'), 'data-testid': 'nav-console' },
          { key: 'dashboard', label: t('nav.dashboard'), 'data-testid': 'nav-dashboard' },
          { key: 'admin', label: t('nav.admin'), 'data-testid': 'nav-admin' },
          { key: 'kiosk', label: t('kiosk.nav'), 'data-testid': 'nav-kiosk' },
        ]}
      />
      {state.kind === 'signed-in' ? (
        <Flex align="center" gap="small" wrap>
          <Typography.Text data-testid="session-user">
            {t('session.signedInAs', {
              username: state.session.username,
              roles: new Intl.ListFormat(language, { type: 'conjunction' }).format(
                state.session.roles.map((role) => t(`roles.${role}`, { defaultValue: role })),
              ),
            })}
          </Typography.Text>
          <Button icon={<LogoutOutlined />} onClick={() => void doSignOut()} data-testid="sign-out">
            {t('nav.signOut')}
          </Button>
        </Flex>
      ) : (
        <Button
          icon={<LoginOutlined />}
          onClick={() => onScene('sign-in')}
          disabled={state.kind === 'checking'}
          data-testid="nav-sign-in"
        >
          {t('nav.signIn')}
        </Button>
      )}
    </Flex>
  );
}
