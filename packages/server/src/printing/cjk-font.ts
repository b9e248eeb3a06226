/**
 * The Chinese font printed licences embed: Noto Sans Hans Regular (SIL OFL 1.1, GB 18030
 * coverage, 30,888 glyphs) from the npm package `@embedpdf/fonts-sc`, so `npm install` brings
 * it on any machine (no system font). pdf-lib embeds only the glyphs a page uses (a subset of a
 * few tens of KiB): the subsetting is upstream `fontkit` 2's, because the `@pdf-lib/fontkit`
 * fork writes CID-keyed CFF subsets that poppler and FreeType reject (pdf-lib issue 1232).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Font } from 'fontkit';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

/** The font file, found through the package's resolved entry point (`<package>/dist/index.js`). */
export function cjkFontPath(): string {
  const entry = require.resolve('@embedpdf/fonts-sc');
  return join(dirname(dirname(entry)), 'fonts', 'NotoSansHans-Regular.otf');
}

let bytes: Uint8Array | undefined;
let parsed: Font | undefined;

/** The font's bytes, read once per process. */
export function cjkFontBytes(): Uint8Array {
  bytes ??= new Uint8Array(readFileSync(cjkFontPath()));
  return bytes;
}

interface StreamLike {
  on(event: 'data' | 'end' | 'error', listener: (value?: unknown) => void): StreamLike;
}

/**
 * What `PDFDocument.registerFontkit` takes: `create(bytes)` answering the font parsed once per
 * process (fontkit fonts are immutable; each document makes its own subset), with the one call
 * pdf-lib 1.17 makes that fontkit 2 spells differently: `subset.encodeStream()` (a stream of
 * the subset's bytes) is fontkit 2's synchronous `subset.encode()`.
 */
export const pdfFontkit = {
  create(input: Uint8Array): Font {
    const font =
      input === bytes && parsed !== undefined
        ? parsed
        : (fontkit.create(Buffer.from(input.buffer, input.byteOffset, input.byteLength)) as Font);
    if (input === bytes) parsed = font;
    return new Proxy(font, {
      get(target, property, receiver) {
        if (property !== 'createSubset') return Reflect.get(target, property, receiver);
        return () => {
          const subset = target.createSubset();
          return new Proxy(subset, {
            get(inner, name, innerReceiver) {
              if (name !== 'encodeStream') return Reflect.get(inner, name, innerReceiver);
              return () => {
                const listeners: Partial<Record<'data' | 'end' | 'error', (value?: unknown) => void>> = {};
                const stream: StreamLike = {
                  on(event, listener) {
                    listeners[event] = listener;
                    // pdf-lib attaches data, end, error in that order, then waits.
                    if (event === 'error') {
                      queueMicrotask(() => {
                        try {
                          listeners.data?.(inner.encode());
                          listeners.end?.();
                        } catch (error) {
                          listeners.error?.(error);
                        }
                      });
                    }
                    return stream;
                  },
                };
                return stream;
              };
            },
          });
        };
      },
    });
  },
};
