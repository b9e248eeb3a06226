/**
 * Reading a QR code from pixels: the platform's BarcodeDetector where the browser has one
 * (Chrome on Android and macOS), else jsQR on the RGBA pixels (every browser).
 */
import jsQR from 'jsqr';

/** RGBA pixels, as `CanvasRenderingContext2D.getImageData` returns them. */
export interface Pixels {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/** The text of the QR code in `pixels`, or `undefined` when none is found (dark-on-light or inverted). */
export function decodeQrPixels(pixels: Pixels): string | undefined {
  const found = jsQR(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'attemptBoth' });
  return found === null || found.data === '' ? undefined : found.data;
}

interface DetectedBarcode {
  readonly rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

let detector: Promise<BarcodeDetectorLike | undefined> | undefined;

/** The platform's QR detector, when the browser has one that reads QR codes. */
export function platformDetector(): Promise<BarcodeDetectorLike | undefined> {
  detector ??= (async () => {
    const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
    if (Detector === undefined) return undefined;
    try {
      const formats = await Detector.getSupportedFormats();
      return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : undefined;
    } catch {
      return undefined;
    }
  })();
  return detector;
}

/** Draws `source` on a canvas at most `maxSide` pixels on its longer side and returns its pixels. */
export function pixelsOf(
  source: CanvasImageSource,
  width: number,
  height: number,
  canvas: HTMLCanvasElement,
  maxSide = 1280,
): Pixels | undefined {
  if (width === 0 || height === 0) return undefined;
  const scale = Math.min(1, maxSide / Math.max(width, height));
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) return undefined;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return context.getImageData(0, 0, canvas.width, canvas.height);
}

/** The QR text in a photo or screenshot the user chose, or `undefined` when it holds none. */
export async function decodeQrImage(file: Blob): Promise<string | undefined> {
  const bitmap = await createImageBitmap(file);
  try {
    const platform = await platformDetector();
    if (platform !== undefined) {
      const [first] = await platform.detect(bitmap);
      if (first !== undefined && first.rawValue !== '') return first.rawValue;
    }
    const pixels = pixelsOf(bitmap, bitmap.width, bitmap.height, document.createElement('canvas'), 2048);
    return pixels === undefined ? undefined : decodeQrPixels(pixels);
  } finally {
    bitmap.close();
  }
}
