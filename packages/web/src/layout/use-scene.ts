import { useCallback, useEffect, useState } from 'react';

/** The scenes of the application, each at its own `#/…` address (bookmarkable, back button works). */
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
] as const;
export type Scene = (typeof SCENES)[number];

/** The scene a location hash names; anything else is the home page. */
export function sceneOf(hash: string): Scene {
  const name = hash.replace(/^#\/?/, '');
  return (SCENES as readonly string[]).includes(name) ? (name as Scene) : 'home';
}

/** The current scene, following the address bar. */
export function useScene(): [Scene, (scene: Scene) => void] {
  const [scene, setScene] = useState<Scene>(() => sceneOf(window.location.hash));
  useEffect(() => {
    const onHash = () => setScene(sceneOf(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const go = useCallback((next: Scene) => {
    window.location.hash = next === 'home' ? '' : `/${next}`;
    setScene(next);
  }, []);
  return [scene, go];
}
