import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeQrPixels, type Pixels } from './decode-qr.js';

/** A QR code drawn as RGBA pixels: `scale` pixels a module, a 4-module quiet zone, optionally light-on-dark. */
function draw(text: string, scale = 4, inverted = false): Pixels {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const side = (modules.size + 8) * scale;
  const data = new Uint8ClampedArray(side * side * 4);
  for (let y = 0; y < side; y += 1) {
    for (let x = 0; x < side; x += 1) {
      const mx = Math.floor(x / scale) - 4;
      const my = Math.floor(y / scale) - 4;
      const inside = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size;
      const dark = inside && modules.get(my, mx) === 1;
      const value = dark !== inverted ? 0 : 255;
      const at = (y * side + x) * 4;
      data[at] = value;
      data[at + 1] = value;
      data[at + 2] = value;
      data[at + 3] = 255;
    }
  }
  return { data, width: side, height: side };
}

describe('reading a QR code from pixels', () => {
  it('reads a show code’s text back exactly, dark on light and inverted', () => {
    const text = 'HT1:NCFA0I-O4RAJ$QO.X1+4H% 4SE9$2KY6R7*0.%4A8SH8Y56/B5A6P2WT7GB9HO3';
    expect(decodeQrPixels(draw(text))).toBe(text);
    expect(decodeQrPixels(draw(text, 3, true))).toBe(text);
  });

  it('finds nothing in a blank image', () => {
    const blank = new Uint8ClampedArray(200 * 200 * 4).fill(255);
    expect(decodeQrPixels({ data: blank, width: 200, height: 200 })).toBeUndefined();
  });

  it('round-trips any base45 text of a show code’s alphabet', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'.split('');
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 300 }), (chars) => {
        const text = `HT1:${chars.join('')}`;
        expect(decodeQrPixels(draw(text, 2))).toBe(text);
      }),
      { numRuns: 25 },
    );
  });
});
