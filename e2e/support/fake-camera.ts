/**
 * A camera Chromium believes in: a QR code drawn into a Y4M video file, which Chromium plays
 * as the only camera when started with `--use-file-for-fake-video-capture` (and answers the
 * permission prompt itself with `--use-fake-ui-for-media-stream`). The verifier's camera
 * scanner then reads real video frames, exactly as it reads a phone's rear camera.
 */
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { CHROMIUM_ARGS } from './browser.js';

/** The flags that give Chromium the file at `path` as its camera, permission already granted. */
export function fakeCameraArgs(path: string): string[] {
  return [
    ...CHROMIUM_ARGS,
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-video-capture=${path}`,
  ];
}

/**
 * Writes `text` as a QR code (error correction M, as the holder's screen draws it) into a
 * Y4M file of `frames` identical 640×480 frames: the header `YUV4MPEG2 W640 H480 F25:1 Ip
 * A1:1 C420jpeg`, then per frame `FRAME` and the I420 planes (luma: dark modules 0, light
 * 255, a 4-module quiet zone; both chroma planes 128, grey). Chromium loops the file.
 */
export function writeQrY4m(path: string, text: string, options: { readonly frames?: number } = {}): void {
  const width = 640;
  const height = 480;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor(Math.min(width, height) / (size + 2 * quiet));
  if (scale < 2) throw new Error(`a QR code of ${size} modules does not fit a ${width}×${height} frame`);
  const luma = Buffer.alloc(width * height, 255);
  const left = Math.floor((width - size * scale) / 2);
  const top = Math.floor((height - size * scale) / 2);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      if (!qr.modules.get(row, col)) continue;
      for (let y = 0; y < scale; y++) {
        const start = (top + row * scale + y) * width + left + col * scale;
        luma.fill(0, start, start + scale);
      }
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F25:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: options.frames ?? 2 }, () => frame)]));
}
