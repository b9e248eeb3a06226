import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvRecordSplitter } from './split-csv-records.js';

/** The splitter's records for `text` pushed in pieces cut at `cuts`, or undefined when it declines the text. */
function split(text: string, cuts: readonly number[] = [], limit = 1 << 20): string[][] | undefined {
  const splitter = new CsvRecordSplitter(limit);
  const out: string[][] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (!splitter.push(text.slice(from, cut), out)) return undefined;
    from = cut;
  }
  if (!splitter.push(text.slice(from), out)) return undefined;
  return splitter.end(out) ? out : undefined;
}

/** csv-parse with readCsv's options: the reference the splitter must agree with. */
function csvParse(text: string): string[][] {
  return parse(text, { skip_empty_lines: false, relax_column_count: true }) as string[][];
}

describe('CsvRecordSplitter', () => {
  it('splits RFC 4180 records: quoted separators, line breaks and doubled quotes, blank lines, a last line without its end', () => {
    const text = 'a,b\r\n1, x \r\n\r\n"two\nlines","say ""hi"""\r\n,\r\n"",3';
    const records = [['a', 'b'], ['1', ' x '], [''], ['two\nlines', 'say "hi"'], ['', ''], ['', '3']];
    expect(split(text)).toEqual(records);
    expect(csvParse(text)).toEqual(records);
  });

  it('gives the same records whatever the chunks (a CRLF, a doubled quote or a field cut in two)', () => {
    const text = 'x,"a ""b"" c"\r\n12,34\r\n';
    for (let cut = 0; cut <= text.length; cut++) {
      expect(split(text, [cut])).toEqual([
        ['x', 'a "b" c'],
        ['12', '34'],
      ]);
    }
  });

  it('declines what csv-parse reads otherwise or refuses: a stray or unclosed quote, text after a closing quote, a lone CR, mixed line ends, an overlong record', () => {
    for (const text of [
      'a,b"c\n',
      'a,"b\n',
      'a,"b"c\n',
      'a\rb\r',
      'a\r',
      'a\nb\r\nc\n',
      'a\r\nb\nc\r\n',
      '"a"\nb\r\n',
    ]) {
      expect(split(text), JSON.stringify(text)).toBeUndefined();
    }
    // Checked where a chunk ends (readCsv's chunks are far shorter than its limit's margin).
    expect(split(`${'x'.repeat(100)}\n`, [30, 60, 90], 50)).toBeUndefined();
    expect(split(`${'x'.repeat(40)}\n`, [], 50)).toEqual([['x'.repeat(40)]]);
  });

  it('agrees with csv-parse on every text it accepts, in any chunks (fast-check)', () => {
    const alphabet = fc.constantFrom('a', '1', ' ', ',', '"', '\r', '\n', '中', '𠀀');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')),
        fc.array(fc.nat(), { maxLength: 4 }),
        (text, cuts) => {
          const records = split(
            text,
            cuts.map((cut) => cut % (text.length + 1)),
          );
          if (records === undefined) return;
          expect(records).toEqual(csvParse(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts what a spreadsheet writes: RFC 4180 quoting of any text (fast-check)', () => {
    const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 4 }), { maxLength: 5 }),
        fc.constantFrom('\n', '\r\n'),
        (rows, lineEnd) => {
          const text = rows.map((cells) => cells.map(quote).join(',') + lineEnd).join('');
          expect(split(text)).toEqual(csvParse(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});
