import { useEffect, useRef, useState } from 'react';

/** What a person does at a terminal: any of these restarts the idle count. */
const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/**
 * Seconds left before an unattended terminal forgets its user (`undefined` while inactive), and a
 * way to restart the count. When the count reaches zero, `onIdle` runs once. Checked every
 * second against the clock, not by counting ticks, so a throttled background tab is not late.
 *
 * @example const left = useIdleTimeout(active, 120, reset); // 120 s without a touch → reset()
 */
export function useIdleTimeout(
  active: boolean,
  seconds: number,
  onIdle: () => void,
): { readonly secondsLeft: number | undefined; readonly restart: () => void } {
  const lastActivity = useRef(Date.now());
  const idle = useRef(onIdle);
  idle.current = onIdle;
  const [secondsLeft, setSecondsLeft] = useState<number | undefined>(undefined);

  useEffect(() => {
    if (!active) {
      setSecondsLeft(undefined);
      return;
    }
    lastActivity.current = Date.now();
    const touched = () => {
      lastActivity.current = Date.now();
    };
    for (const name of ACTIVITY) window.addEventListener(name, touched, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      const left = Math.max(0, seconds - Math.floor((Date.now() - lastActivity.current) / 1000));
      setSecondsLeft(left);
      if (left === 0) {
        lastActivity.current = Date.now();
        idle.current();
      }
    }, 1000);
    setSecondsLeft(seconds);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, touched, { capture: true });
    };
  }, [active, seconds]);

  return {
    secondsLeft,
    restart: () => {
      lastActivity.current = Date.now();
      setSecondsLeft(seconds);
    },
  };
}
