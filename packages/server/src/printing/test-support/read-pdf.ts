/**
 * Test-only: reads a PDF back with pdf-lib — its text (content-stream glyph strings mapped
 * through each font's ToUnicode CMap), its fonts (embedded file and size) and the QR code
 * image decoded with jsQR — so tests check what a reader of the page sees, not what the
 * renderer meant to draw.
 */
import jsqrModule from 'jsqr';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  type PDFNumber,
  type PDFObject,
  PDFRawStream,
  PDFRef,
} from 'pdf-lib';

// jsqr is CommonJS with an `exports.default`: under NodeNext the default import is the
// module object, so the decoder is its `.default` (the same function at run time).
const jsQR = jsqrModule.default;

export interface ReadPdf {
  readonly doc: PDFDocument;
  readonly pages: number;
  /** Every text run of every page, in drawing order, joined by line feeds. */
  readonly text: string;
  readonly fonts: ReadonlyArray<{
    readonly name: string;
    readonly subtype: string;
    readonly fileBytes: number;
    readonly fileKind: string;
  }>;
  /** The QR code's text, decoded from the page's image. */
  readonly qrTexts: readonly string[];
}

function bytesOf(stream: PDFRawStream): Uint8Array {
  return decodePDFRawStream(stream).decode();
}

function resolve(doc: PDFDocument, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? doc.context.lookup(value) : value;
}

/** bfchar / bfrange entries of a ToUnicode CMap: glyph code (hex) → text. */
function toUnicodeMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const hexText = (hex: string) => {
    const units: number[] = [];
    for (let i = 0; i < hex.length; i += 4) units.push(Number.parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of (block[1] as string).matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      map.set((m[1] as string).toUpperCase(), hexText(m[2] as string));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of (block[1] as string).matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const start = Number.parseInt(m[1] as string, 16);
      const end = Number.parseInt(m[2] as string, 16);
      const base = Number.parseInt(m[3] as string, 16);
      for (let c = start; c <= end; c++)
        map.set(c.toString(16).toUpperCase().padStart(4, '0'), String.fromCharCode(base + c - start));
    }
  }
  return map;
}

function decodeQr(doc: PDFDocument, image: PDFRawStream): string | undefined {
  const dict = image.dict;
  const width = (dict.lookup(PDFName.of('Width')) as PDFNumber).asNumber();
  const height = (dict.lookup(PDFName.of('Height')) as PDFNumber).asNumber();
  const colourSpace = String(resolve(doc, dict.get(PDFName.of('ColorSpace'))));
  const channels = colourSpace === '/DeviceRGB' ? 3 : 1;
  const samples = bytesOf(image);
  // Scale up 4× (nearest neighbour, as a printer does) and add white around it: jsQR locates
  // finder patterns in camera-sized images, not one pixel per module.
  const scale = 4;
  const pad = 16;
  const w = width * scale + 2 * pad;
  const h = height * scale + 2 * pad;
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let y = 0; y < height * scale; y++) {
    for (let x = 0; x < width * scale; x++) {
      const source = (Math.floor(y / scale) * width + Math.floor(x / scale)) * channels;
      const value = samples[source] as number;
      const target = ((y + pad) * w + x + pad) * 4;
      rgba[target] = value;
      rgba[target + 1] = channels === 3 ? (samples[source + 1] as number) : value;
      rgba[target + 2] = channels === 3 ? (samples[source + 2] as number) : value;
    }
  }
  return jsQR(rgba, w, h)?.data;
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const runs: string[] = [];
  const fonts: Array<{ name: string; subtype: string; fileBytes: number; fileKind: string }> = [];
  const qrTexts: string[] = [];
  const seenFonts = new Set<string>();
  for (const page of doc.getPages()) {
    const resources = page.node.Resources() as PDFDict;
    const fontDict = resources.lookup(PDFName.of('Font'), PDFDict);
    const maps = new Map<string, Map<string, string>>();
    for (const [name, ref] of fontDict.entries()) {
      const font = resolve(doc, ref) as PDFDict;
      const toUnicode = resolve(doc, font.get(PDFName.of('ToUnicode'))) as PDFRawStream;
      maps.set(name.asString(), toUnicodeMap(new TextDecoder().decode(bytesOf(toUnicode))));
      const descendant = resolve(
        doc,
        (font.lookup(PDFName.of('DescendantFonts'), PDFArray) as PDFArray).get(0),
      ) as PDFDict;
      const descriptor = resolve(doc, descendant.get(PDFName.of('FontDescriptor'))) as PDFDict;
      for (const kind of ['FontFile', 'FontFile2', 'FontFile3']) {
        const file = resolve(doc, descriptor.get(PDFName.of(kind)));
        const key = String(font.get(PDFName.of('BaseFont')));
        if (file instanceof PDFRawStream && !seenFonts.has(key)) {
          seenFonts.add(key);
          fonts.push({
            name: key,
            subtype: String(descendant.get(PDFName.of('Subtype'))),
            fileBytes: file.contents.length,
            fileKind: kind,
          });
        }
      }
    }
    const contents = resolve(doc, page.node.get(PDFName.of('Contents')));
    const streams = contents instanceof PDFArray ? contents.asArray().map((c) => resolve(doc, c)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const text = new TextDecoder('latin1').decode(bytesOf(stream));
      let current: Map<string, string> | undefined;
      for (const m of text.matchAll(/\/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj/g)) {
        if (m[1] !== undefined) current = maps.get(`/${m[1]}`);
        else if (m[2] !== undefined && current !== undefined) {
          const hex = (m[2] as string).toUpperCase();
          let run = '';
          for (let i = 0; i < hex.length; i += 4) run += current.get(hex.slice(i, i + 4)) ?? '\uFFFD';
          runs.push(run);
        }
      }
    }
    const xObjects = resources.lookup(PDFName.of('XObject'));
    if (xObjects instanceof PDFDict) {
      for (const [, ref] of xObjects.entries()) {
        const image = resolve(doc, ref);
        if (image instanceof PDFRawStream && String(image.dict.get(PDFName.of('Subtype'))) === '/Image') {
          const decoded = decodeQr(doc, image);
          if (decoded !== undefined) qrTexts.push(decoded);
        }
      }
    }
  }
  return { doc, pages: doc.getPageCount(), text: runs.join('\n'), fonts, qrTexts };
}
