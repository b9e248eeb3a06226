import { Alert, Button, Flex, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decodeQrPixels, pixelsOf, platformDetector } from './decode-qr.js';

/** How often a video frame is read (a phone keeps up; a code is held up for a second or more). */
const FRAME_INTERVAL_MS = 200;

type CameraState =
  | { readonly kind: 'starting' }
  | { readonly kind: 'scanning' }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'denied' }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The rear camera's picture, read for a QR code every 200 ms until one is found (then the
 * camera stops). The camera is released on every way out: found, cancelled, scene left.
 */
export function CameraScanner({
  onCode,
  onCancel,
}: {
  readonly onCode: (text: string) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<CameraState>({ kind: 'starting' });
  const found = useRef(onCode);
  found.current = onCode;

  useEffect(() => {
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    const canvas = document.createElement('canvas');

    const stop = () => {
      stopped = true;
      if (timer !== undefined) window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };

    const scan = async () => {
      const element = video.current;
      if (stopped || element === null) return;
      let text: string | undefined;
      if (element.readyState >= element.HAVE_CURRENT_DATA) {
        const platform = await platformDetector();
        if (platform !== undefined) {
          const [first] = await platform.detect(element).catch(() => []);
          text = first?.rawValue;
        } else {
          const pixels = pixelsOf(element, element.videoWidth, element.videoHeight, canvas, 960);
          text = pixels === undefined ? undefined : decodeQrPixels(pixels);
        }
      }
      if (stopped) return;
      if (text !== undefined && text !== '') {
        stop();
        found.current(text);
        return;
      }
      timer = window.setTimeout(() => void scan(), FRAME_INTERVAL_MS);
    };

    if (navigator.mediaDevices?.getUserMedia === undefined) {
      setState({ kind: 'unavailable' });
      return stop;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(
      async (media) => {
        stream = media;
        if (stopped || video.current === null) {
          stop();
          return;
        }
        video.current.srcObject = media;
        await video.current.play().catch(() => undefined);
        setState({ kind: 'scanning' });
        void scan();
      },
      (error: unknown) => {
        if (stopped) return;
        const name = error instanceof DOMException ? error.name : '';
        if (name === 'NotAllowedError' || name === 'SecurityError') setState({ kind: 'denied' });
        else if (name === 'NotFoundError' || name === 'OverconstrainedError') setState({ kind: 'unavailable' });
        else setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return stop;
  }, []);

  return (
    <Flex vertical gap="small" data-testid="verifier-camera">
      {state.kind === 'denied' && <Alert type="warning" showIcon title={t('verifier.camera.denied')} />}
      {state.kind === 'unavailable' && <Alert type="warning" showIcon title={t('verifier.camera.unavailable')} />}
      {state.kind === 'failed' && (
        <Alert type="error" showIcon title={t('verifier.camera.failed')} description={state.message} />
      )}
      {(state.kind === 'starting' || state.kind === 'scanning') && (
        <>
          <video ref={video} className="verifier-video" muted playsInline aria-label={t('verifier.camera.preview')} />
          <Typography.Text type="secondary">
            {state.kind === 'starting' ? t('verifier.camera.starting') : t('verifier.camera.hint')}
          </Typography.Text>
        </>
      )}
      <Button onClick={onCancel} data-testid="verifier-camera-stop">
        {t('verifier.camera.stop')}
      </Button>
    </Flex>
  );
}
