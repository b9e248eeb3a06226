/**
 * A CSV record splitter for the plain RFC 4180 files departments export, about five times
 * cheaper than csv-parse on the import's writer thread (the count pass and the read each
 * cost csv-parse ~7 µs CPU per 150-byte row; this splitter ~1.5 µs, measured with
 * import.bench's stage harness). It accepts only a strict subset of what csv-parse reads,
 * with the options `readCsv` gives csv-parse (`,` separator, `"` quote and escape, record
 * delimiter auto-detected, blank lines kept as records, ragged rows allowed), and yields
 * exactly the records csv-parse yields for such text:
 *
 * - records end with `\n` or `\r\n`, the same one throughout (csv-parse takes the first
 *   line end it meets outside quotes as the delimiter: RFC 4180 §2.1 says CRLF, Unix tools
 *   write LF);
 * - a field is unquoted text without `"` or `\r`, or wholly quoted (RFC 4180 §2.5–2.7:
 *   anything inside, `""` for a quote) and followed by `,`, the line end or the end of text;
 * - no record is longer than `maxRecordChars` UTF-16 units, checked at the end of each
 *   pushed chunk (pass a limit below csv-parse's `max_record_size` by more than a chunk:
 *   csv-parse counts UTF-8 bytes, up to 3 per unit).
 *
 * Anything else (a stray quote, a lone CR, mixed line ends, an unclosed quote, a huge
 * record) makes {@link CsvRecordSplitter.push} answer `false`: the caller then reads the
 * file with csv-parse, which reads what it can and names the line of what it cannot.
 */

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** The splitter's states (numbers, so that the loop's switch stays a jump table). */
const State = {
  /** At the start of a field. */
  FieldStart: 0,
  /** Inside an unquoted field. */
  Unquoted: 1,
  /** Inside a quoted field. */
  Quoted: 2,
  /** A quote inside a quoted field: its end, or the first of `""`. */
  QuoteInQuoted: 3,
  /** A CR outside quotes: the record ends if LF follows. */
  CarriageReturn: 4,
} as const;
type State = (typeof State)[keyof typeof State];

/**
 * Splits decoded CSV text, pushed chunk by chunk, into records (arrays of untrimmed fields).
 *
 * @example
 * const splitter = new CsvRecordSplitter(1 << 20);
 * const records: string[][] = [];
 * splitter.push('a,"b ""c"""\r\n1,', records) && splitter.push('2\r\n', records) && splitter.end(records);
 * records // [['a', 'b "c"'], ['1', '2']]
 */
export class CsvRecordSplitter {
  readonly #maxRecordChars: number;
  #state: State = State.FieldStart;
  /** The line end, once the first record ended: `\n` or `\r\n`. */
  #lineEnd: 'lf' | 'crlf' | undefined;
  /** The current field's text from earlier chunks (or before a `""`). */
  #field = '';
  #record: string[] = [];
  #recordChars = 0;

  /** @param maxRecordChars longer records are not handled here (see the module comment). */
  constructor(maxRecordChars: number) {
    this.#maxRecordChars = maxRecordChars;
  }

  /** Adds the records that `text` completes to `out`; false when the text is outside the subset. */
  push(text: string, out: string[][]): boolean {
    let state: State = this.#state;
    let start = 0;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (state === State.FieldStart) {
        if (c === QUOTE) {
          state = State.Quoted;
          start = i + 1;
          continue;
        }
        // The character is the unquoted field's first: handled as such below.
        start = i;
        state = State.Unquoted;
      }
      switch (state) {
        case State.Unquoted:
          if (c === COMMA) {
            this.#endField(text.slice(start, i));
            state = State.FieldStart;
          } else if (c === LF) {
            if (this.#lineEnd === 'crlf') return false;
            this.#lineEnd = 'lf';
            this.#endField(text.slice(start, i));
            this.#endRecord(out);
            state = State.FieldStart;
          } else if (c === CR) {
            if (this.#lineEnd === 'lf') return false;
            this.#endField(text.slice(start, i));
            state = State.CarriageReturn;
          } else if (c === QUOTE) {
            return false;
          }
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.#field += text.slice(start, i);
            state = State.QuoteInQuoted;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            // `""`: the second quote starts the next run of the field.
            start = i;
            state = State.Quoted;
          } else if (c === COMMA) {
            this.#endField('');
            state = State.FieldStart;
          } else if (c === LF) {
            if (this.#lineEnd === 'crlf') return false;
            this.#lineEnd = 'lf';
            this.#endField('');
            this.#endRecord(out);
            state = State.FieldStart;
          } else if (c === CR) {
            if (this.#lineEnd === 'lf') return false;
            this.#endField('');
            state = State.CarriageReturn;
          } else {
            return false;
          }
          break;
        case State.CarriageReturn:
          if (c !== LF) return false;
          this.#lineEnd = 'crlf';
          this.#endRecord(out);
          state = State.FieldStart;
          break;
      }
    }
    if (state === State.Unquoted || state === State.Quoted) this.#field += text.slice(start);
    this.#state = state;
    return this.#recordChars + this.#field.length <= this.#maxRecordChars;
  }

  /** Adds the last record (one without a line end) to `out`; false when the text ended inside quotes or after a lone CR. */
  end(out: string[][]): boolean {
    switch (this.#state) {
      case State.Quoted:
      case State.CarriageReturn:
        return false;
      case State.Unquoted:
      case State.QuoteInQuoted:
        this.#endField('');
        this.#endRecord(out);
        break;
      case State.FieldStart:
        // After a separator the record has one more (empty) field; after a line end there is no record.
        if (this.#record.length > 0) {
          this.#endField('');
          this.#endRecord(out);
        }
        break;
    }
    this.#state = State.FieldStart;
    return true;
  }

  #endField(tail: string): void {
    const field = this.#field === '' ? tail : this.#field + tail;
    this.#field = '';
    this.#recordChars += field.length;
    this.#record.push(field);
  }

  #endRecord(out: string[][]): void {
    out.push(this.#record);
    this.#record = [];
    this.#recordChars = 0;
  }
}
