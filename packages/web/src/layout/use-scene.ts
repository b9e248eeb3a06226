import { useCallback, useEffect, useState } from 'react';

/**
 * The scenes of the application, each at its own `#/…` address (bookmarkable, back button
 * works), and `code`: the verification page at `/v/<code>`, the address printed licences'
 * QR codes hold (docs/design/printed-licence.md §2), which is not in the navigation.
 */
export const SCENES = [
  'home',
  'catalogue',
  'library',
  'sign-in',
  'verify',
  'console',
  'holder',
  'admin',
  'dashboard',
  'kiosk',
  'code',
] as const;
export type Scene = (typeof SCENES)[number];

/** The verification page's path prefix. */
const CODE_PATH = /^\/v\/[^/]/;

/** The scene a location names: `/v/<code>` is the verification page; otherwise the hash's scene, else home. */
export function sceneOf(hash: string, pathname = '/'): Scene {
  const name = hash.replace(/^#\/?/, '');
  if (name === '' && CODE_PATH.test(pathname)) return 'code';
  return (SCENES as readonly string[]).includes(name) && name !== 'code' ? (name as Scene) : 'home';
}

/** The current scene, following the address bar. */
export function useScene(): [Scene, (scene: Scene) => void] {
  const [scene, setScene] = useState<Scene>(() => sceneOf(window.location.hash, window.location.pathname));
  useEffect(() => {
    const onHash = () => setScene(sceneOf(window.location.hash, window.location.pathname));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((next: Scene) => {
    if (next === 'code') return;
    // From the verification page, the other scenes live at the root: leave `/v/<code>`.
    if (window.location.pathname !== '/') {
      window.location.assign(next === 'home' ? '/' : `/#/${next}`);
      return;
    }
    window.location.hash = next === 'home' ? '' : `/${next}`;
    setScene(next);
  }, []);
  return [scene, go];
}
