/**
 * A strict JSON text parser for signed documents: RFC 8259 grammar, plus the I-JSON
 * (RFC 7493) rules that signatures depend on. `JSON.parse` keeps the *last* of two
 * members with the same name while other parsers keep the first, so a document with a
 * duplicate could verify here and mean something else elsewhere; this parser refuses it.
 */
import { HutongError } from '../errors.js';
import { hasLoneSurrogate, MAX_JSON_DEPTH } from './canonicalize.js';
import { jsonPathIndex, jsonPathMember } from './json-path.js';

// RFC 8259 §6 number grammar, anchored at the current position by the sticky flag.
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// Runs of string characters needing no attention: not `"`, not `\`, not a control (RFC 8259 §7).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching controls is the point: RFC 8259 forbids them raw.
const PLAIN_CHARS = /[^"\\\u0000-\u001f]*/y;
const HEX4 = /^[0-9A-Fa-f]{4}$/;

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  /** `detailZh`: the same detail in Chinese, for the zh-CN message (every caller states both). */
  fail(detail: string, detailZh: string, path: string): never {
    throw new HutongError('ERR_CANONICAL_JSON_SYNTAX', {
      field: path,
      params: { offset: this.pos, detail },
      zhParams: { detail: detailZh },
    });
  }

  skipWhitespace(): void {
    // RFC 8259 §2: only space, tab, line feed and carriage return.
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.pos++;
      else return;
    }
  }

  document(): unknown {
    this.skipWhitespace();
    const value = this.value('$', 0);
    this.skipWhitespace();
    if (this.pos !== this.text.length) this.fail('unexpected text after the value', '值之后还有多余的文本', '$');
    return value;
  }

  value(path: string, depth: number): unknown {
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object(path, depth + 1);
      case '[':
        return this.array(path, depth + 1);
      case '"':
        return this.string(path);
      case 't':
        return this.literal('true', true, path);
      case 'f':
        return this.literal('false', false, path);
      case 'n':
        return this.literal('null', null, path);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(path);
        return this.fail(
          c === undefined ? 'unexpected end of text' : `unexpected character ${JSON.stringify(c)}`,
          c === undefined ? '文本意外结束' : `意外的字符 ${JSON.stringify(c)}`,
          path,
        );
    }
  }

  literal<T>(word: string, result: T, path: string): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`, `应为 ${word}`, path);
    this.pos += word.length;
    return result;
  }

  number(path: string): number {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) return this.fail('malformed number', '数值格式错误', path);
    const value = Number(m[0]);
    // RFC 7493 §2.2: a number that overflows binary64 has no interoperable value.
    if (!Number.isFinite(value)) return this.fail('number out of range', '数值超出范围', path);
    // RFC 8785 erratum 7920: -0 serialises as 0, so it is refused rather than silently changed.
    if (Object.is(value, -0)) return this.fail('negative zero', '负零', path);
    this.pos += m[0].length;
    return value;
  }

  string(path: string): string {
    this.pos++; // opening quote
    let result = '';
    for (;;) {
      PLAIN_CHARS.lastIndex = this.pos;
      const run = PLAIN_CHARS.exec(this.text);
      if (run !== null) {
        result += run[0];
        this.pos += run[0].length;
      }
      const c = this.text[this.pos];
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === undefined) this.fail('unterminated string', '字符串没有结束引号', path);
      if (c !== '\\') this.fail('control character in string', '字符串中有控制字符', path);
      const e = this.text[this.pos + 1];
      if (e === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (!HEX4.test(hex)) this.fail('malformed \\u escape', '\\u 转义格式错误', path);
        result += String.fromCharCode(Number.parseInt(hex, 16));
        this.pos += 6;
      } else {
        const replacement = e === undefined ? undefined : ESCAPES[e];
        if (replacement === undefined) this.fail('unknown escape', '未知的转义序列', path);
        result += replacement;
        this.pos += 2;
      }
    }
    // Checked after unescaping: "\ud800" escapes a lone surrogate just as well as a raw one.
    if (hasLoneSurrogate(result))
      throw new HutongError('ERR_CANONICAL_LONE_SURROGATE', { field: path, params: { path } });
    return result;
  }

  enter(path: string, depth: number): void {
    if (depth > MAX_JSON_DEPTH) {
      throw new HutongError('ERR_CANONICAL_TOO_DEEP', { field: path, params: { path, max: MAX_JSON_DEPTH } });
    }
    this.pos++;
    this.skipWhitespace();
  }

  array(path: string, depth: number): unknown[] {
    this.enter(path, depth);
    const result: unknown[] = [];
    if (this.text[this.pos] === ']') {
      this.pos++;
      return result;
    }
    for (;;) {
      this.skipWhitespace();
      result.push(this.value(jsonPathIndex(path, result.length), depth));
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return result;
      if (c !== ',') {
        this.pos--;
        this.fail('expected , or ]', '应为 , 或 ]', path);
      }
    }
  }

  object(path: string, depth: number): Record<string, unknown> {
    this.enter(path, depth);
    const members = new Map<string, unknown>();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return {};
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a member name', '应为成员名', path);
      const name = this.string(path);
      const memberPath = jsonPathMember(path, name);
      // RFC 7493 §2.3: member names MUST be unique.
      if (members.has(name)) {
        throw new HutongError('ERR_CANONICAL_DUPLICATE_MEMBER', { field: memberPath, params: { path, name } });
      }
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail('expected :', '应为 :', memberPath);
      this.pos++;
      this.skipWhitespace();
      members.set(name, this.value(memberPath, depth));
      this.skipWhitespace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') break;
      if (c !== ',') {
        this.pos--;
        this.fail('expected , or }', '应为 , 或 }', path);
      }
    }
    // Object.fromEntries defines own data properties, so a member named "__proto__"
    // stays data and never swaps the prototype (as `obj[name] = v` would).
    return Object.fromEntries(members);
  }
}

/**
 * Parses JSON text strictly: RFC 8259 grammar; duplicate member names, lone surrogates
 * (raw or escaped), numbers outside binary64, `-0` and nesting deeper than
 * {@link MAX_JSON_DEPTH} are refused. A byte-order mark is not JSON text and is refused too.
 *
 * Throws `HutongError` with `ERR_CANONICAL_JSON_SYNTAX` (params `offset`, `detail`),
 * `ERR_CANONICAL_DUPLICATE_MEMBER`, `ERR_CANONICAL_LONE_SURROGATE` or `ERR_CANONICAL_TOO_DEEP`,
 * `field` being the JSON path where the problem is.
 *
 * @example parseJson('{"a":[1,2]}') // { a: [1, 2] }
 * @example parseJson('{"a":1,"a":2}') // throws ERR_CANONICAL_DUPLICATE_MEMBER, field '$.a'
 */
export function parseJson(text: string): unknown {
  if (typeof text !== 'string') {
    throw new HutongError('ERR_CANONICAL_UNSUPPORTED_TYPE', { field: '$', params: { path: '$', type: typeof text } });
  }
  const quick = quickParse(text);
  return quick === NOT_QUICK ? new Parser(text).document() : quick;
}

/** The strict parser alone, without the native fast path: the reference the fast path is tested against. */
export function parseJsonStrictly(text: string): unknown {
  return new Parser(text).document();
}

const NOT_QUICK: unique symbol = Symbol('not quick');

/**
 * Counts the strings (member names and string values) of a value from `JSON.parse`, or
 * answers -1 when it breaks a rule the strict parser enforces: a number that overflowed
 * binary64 or is -0, nesting deeper than {@link MAX_JSON_DEPTH}.
 */
function countStrings(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return 1;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0) ? 0 : -1;
    case 'object': {
      if (value === null) return 0;
      if (depth >= MAX_JSON_DEPTH) return -1;
      let n = 0;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const c = countStrings(value[i], depth + 1);
          if (c < 0) return -1;
          n += c;
        }
        return n;
      }
      const record = value as Record<string, unknown>;
      const names = Object.keys(record);
      n = names.length;
      for (let i = 0; i < names.length; i++) {
        const c = countStrings(record[names[i] as string], depth + 1);
        if (c < 0) return -1;
        n += c;
      }
      return n;
    }
    default:
      return 0;
  }
}

/**
 * The fast path, for text without a single backslash (every licence, entry and receipt
 * Hutong writes): the platform's native `JSON.parse`, then the strict rules checked on its
 * result. Without escapes a string cannot contain `"`, so the text holds exactly
 * (number of `"`) / 2 strings; `JSON.parse` silently drops all but the last of duplicate
 * members (RFC 7493 §2.3), and each dropped one takes at least its name with it, so the
 * result holds as many strings only when no member was duplicated. Lone surrogates are
 * checked on the whole text (outside strings JSON text is ASCII). Anything else — an escape,
 * a syntax error, a rule broken — goes to the strict parser, which gives the precise error.
 */
function quickParse(text: string): unknown {
  if (text.indexOf('\\') !== -1) return NOT_QUICK;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return NOT_QUICK;
  }
  let quotes = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) quotes++;
  const strings = countStrings(value, 0);
  if (strings < 0 || strings * 2 !== quotes) return NOT_QUICK;
  if (hasLoneSurrogate(text)) return NOT_QUICK;
  return value;
}
