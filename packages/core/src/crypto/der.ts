/**
 * A small, strict DER reader and writer (ITU-T X.690 §10) for exactly what keys and
 * signatures need: SEQUENCE, INTEGER, BIT STRING, OCTET STRING, NULL, OBJECT IDENTIFIER
 * and context-specific tags. The input is hostile (keys and signatures arrive from files,
 * networks, trust lists), so every rule is checked and every failure is a `HutongError`:
 * no `TypeError`, no `RangeError`, no partial result.
 *
 * The reader is driven by the caller's expected structure (no generic recursion), so a
 * deeply nested input cannot exhaust the stack.
 */
import { HutongError } from '../errors.js';
import { concatBytes } from './bytes.js';

export const DER_TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OBJECT_IDENTIFIER: 0x06,
  SEQUENCE: 0x30,
} as const;

const TAG_NAMES: Readonly<Record<number, string>> = {
  [DER_TAG.INTEGER]: 'INTEGER',
  [DER_TAG.BIT_STRING]: 'BIT STRING',
  [DER_TAG.OCTET_STRING]: 'OCTET STRING',
  [DER_TAG.NULL]: 'NULL',
  [DER_TAG.OBJECT_IDENTIFIER]: 'OBJECT IDENTIFIER',
  [DER_TAG.SEQUENCE]: 'SEQUENCE',
};

function tagName(tag: number): string {
  return TAG_NAMES[tag] ?? `[${tag & 0x1f}]`;
}

/** Context-specific tag byte: class bits 10, constructed bit 0x20 (X.690 §8.1.2). */
export function contextTag(tagNumber: number, constructed: boolean): number {
  return 0x80 | (constructed ? 0x20 : 0) | tagNumber;
}

export interface DerElement {
  readonly tag: number;
  readonly content: Uint8Array;
  /** Offset of the element's tag byte in the outermost input (for error messages). */
  readonly offset: number;
  /** Offset of the first content byte in the outermost input. */
  readonly contentOffset: number;
}

/**
 * Reads consecutive elements from `bytes`. `path` names the structure (`PrivateKeyInfo`)
 * and is prefixed to each element's name in errors (`PrivateKeyInfo.version`).
 */
export class DerReader {
  #pos = 0;
  readonly #bytes: Uint8Array;
  readonly #path: string;
  readonly #base: number;

  constructor(bytes: Uint8Array, path: string, baseOffset = 0) {
    this.#bytes = bytes;
    this.#path = path;
    this.#base = baseOffset;
  }

  get done(): boolean {
    return this.#pos >= this.#bytes.length;
  }

  /** The next element's tag, or undefined at the end. */
  peekTag(): number | undefined {
    return this.#bytes[this.#pos];
  }

  #field(what: string): string {
    return what === '' ? this.#path : `${this.#path}.${what}`;
  }

  #fail(code: 'ERR_CRYPTO_DER_TRUNCATED' | 'ERR_CRYPTO_DER_NON_CANONICAL', what: string, at: number): never {
    throw new HutongError(code, {
      field: this.#field(what),
      params: { field: this.#field(what), offset: this.#base + at },
    });
  }

  /** Reads one element of any tag (X.690 §8.1: identifier, length, contents). */
  read(what: string): DerElement {
    const bytes = this.#bytes;
    const start = this.#pos;
    const tag = bytes[start];
    if (tag === undefined) this.#fail('ERR_CRYPTO_DER_TRUNCATED', what, start);
    // X.690 §8.1.2.4: tag number 31 means a multi-byte tag; none of our structures use one.
    if ((tag & 0x1f) === 0x1f) this.#fail('ERR_CRYPTO_DER_NON_CANONICAL', what, start);
    const first = bytes[start + 1];
    if (first === undefined) this.#fail('ERR_CRYPTO_DER_TRUNCATED', what, start + 1);
    let length: number;
    let headerLength: number;
    if (first < 0x80) {
      length = first;
      headerLength = 2;
    } else {
      const count = first & 0x7f;
      // X.690 §10.1: DER forbids the indefinite form (0x80); 0xFF is reserved (§8.1.3.5);
      // more than 4 length octets cannot describe anything that fits in memory here.
      if (count === 0 || count > 4) this.#fail('ERR_CRYPTO_DER_NON_CANONICAL', what, start + 1);
      if (start + 2 + count > bytes.length) this.#fail('ERR_CRYPTO_DER_TRUNCATED', what, bytes.length);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (bytes[start + 2 + i] ?? 0);
      // X.690 §10.1: the length must use the minimum number of octets — the long form only
      // for lengths ≥ 128, and without leading zero octets.
      if (length < 0x80 || (bytes[start + 2] ?? 0) === 0) this.#fail('ERR_CRYPTO_DER_NON_CANONICAL', what, start + 1);
      headerLength = 2 + count;
    }
    const contentStart = start + headerLength;
    if (contentStart + length > bytes.length) this.#fail('ERR_CRYPTO_DER_TRUNCATED', what, bytes.length);
    this.#pos = contentStart + length;
    return {
      tag,
      content: bytes.subarray(contentStart, contentStart + length),
      offset: this.#base + start,
      contentOffset: this.#base + contentStart,
    };
  }

  /** Reads one element and checks its tag. */
  expect(tag: number, what: string): DerElement {
    const actual = this.#bytes[this.#pos];
    if (actual !== undefined && actual !== tag) {
      throw new HutongError('ERR_CRYPTO_DER_UNEXPECTED_TAG', {
        field: this.#field(what),
        params: {
          field: this.#field(what),
          offset: this.#base + this.#pos,
          expected: tagName(tag),
          actual: actual.toString(16).padStart(2, '0'),
        },
      });
    }
    return this.read(what);
  }

  /** Reads a SEQUENCE and returns a reader over its contents. */
  sequence(what: string): DerReader {
    const el = this.expect(DER_TAG.SEQUENCE, what);
    return new DerReader(el.content, this.#field(what), el.contentOffset);
  }

  /** Reads an explicitly tagged `[n]` constructed element and returns a reader over it. */
  explicit(tagNumber: number, what: string): DerReader {
    const el = this.expect(contextTag(tagNumber, true), what);
    return new DerReader(el.content, this.#field(what), el.contentOffset);
  }

  /**
   * Reads an INTEGER that must be non-negative and returns its magnitude (big-endian, without
   * the sign octet). X.690 §8.3.2: the first nine bits must not be all zeros or all ones.
   */
  unsignedInteger(what: string): Uint8Array {
    const el = this.expect(DER_TAG.INTEGER, what);
    const c = el.content;
    const c0 = c[0];
    if (c0 === undefined) this.#fail('ERR_CRYPTO_DER_NON_CANONICAL', what, el.offset - this.#base);
    const c1 = c[1];
    if (c1 !== undefined && ((c0 === 0x00 && c1 < 0x80) || (c0 === 0xff && c1 >= 0x80))) {
      this.#fail('ERR_CRYPTO_DER_NON_CANONICAL', what, el.contentOffset - this.#base);
    }
    if (c0 >= 0x80) this.#invalid(what, el.contentOffset, 'must not be negative', '不得为负数');
    return c0 === 0x00 && c.length > 1 ? c.subarray(1) : c;
  }

  /** Reads a small non-negative INTEGER (versions). */
  smallInteger(what: string): number {
    const at = this.#base + this.#pos;
    const magnitude = this.unsignedInteger(what);
    if (magnitude.length > 4) this.#invalid(what, at, 'too large', '过大');
    let value = 0;
    for (const byte of magnitude) value = value * 256 + byte;
    return value;
  }

  /** Reads an OBJECT IDENTIFIER as dotted text (X.690 §8.19). */
  oid(what: string): string {
    const el = this.expect(DER_TAG.OBJECT_IDENTIFIER, what);
    const c = el.content;
    if (c.length === 0) this.#fail('ERR_CRYPTO_DER_NON_CANONICAL', what, el.offset - this.#base);
    const arcs: number[] = [];
    let value = 0;
    let fresh = true;
    for (let i = 0; i < c.length; i++) {
      const byte = c[i] ?? 0;
      // X.690 §8.19.2: each subidentifier uses the fewest octets: no leading 0x80.
      if (fresh && byte === 0x80) this.#fail('ERR_CRYPTO_DER_NON_CANONICAL', what, el.contentOffset - this.#base + i);
      value = value * 128 + (byte & 0x7f);
      if (value > Number.MAX_SAFE_INTEGER) this.#invalid(what, el.contentOffset + i, 'arc too large', '弧值过大');
      fresh = (byte & 0x80) === 0;
      if (fresh) {
        arcs.push(value);
        value = 0;
      }
    }
    if (!fresh) this.#fail('ERR_CRYPTO_DER_TRUNCATED', what, el.contentOffset - this.#base + c.length);
    const head = arcs[0] ?? 0;
    // X.690 §8.19.4: the first subidentifier packs the first two arcs as 40·X + Y.
    const first = head < 40 ? 0 : head < 80 ? 1 : 2;
    return [first, head - first * 40, ...arcs.slice(1)].join('.');
  }

  octetString(what: string): Uint8Array {
    return this.expect(DER_TAG.OCTET_STRING, what).content;
  }

  /** Reads a BIT STRING holding whole octets (keys): the unused-bits octet must be 0. */
  bitStringBytes(what: string): Uint8Array {
    return this.#bits(this.expect(DER_TAG.BIT_STRING, what), what);
  }

  /** Reads an IMPLICIT `[n]` BIT STRING (PKCS#8 v2 `publicKey [1]`). */
  implicitBitStringBytes(tagNumber: number, what: string): Uint8Array {
    return this.#bits(this.expect(contextTag(tagNumber, false), what), what);
  }

  #bits(el: DerElement, what: string): Uint8Array {
    const unused = el.content[0];
    if (unused === undefined) this.#fail('ERR_CRYPTO_DER_TRUNCATED', what, el.contentOffset - this.#base);
    if (unused !== 0)
      this.#invalid(what, el.contentOffset, 'a key bit string must hold whole octets', '密钥位串必须由整数个字节组成');
    return el.content.subarray(1);
  }

  null(what: string): void {
    const el = this.expect(DER_TAG.NULL, what);
    if (el.content.length !== 0) this.#fail('ERR_CRYPTO_DER_NON_CANONICAL', what, el.contentOffset - this.#base);
  }

  /** Asserts that nothing follows (a trailing byte is a smuggling channel, and not DER). */
  end(): void {
    if (!this.done) {
      throw new HutongError('ERR_CRYPTO_DER_TRAILING_DATA', {
        field: this.#path,
        params: { field: this.#path, offset: this.#base + this.#pos, count: this.#bytes.length - this.#pos },
      });
    }
  }

  /** `ruleZh`: the same rule in Chinese, for the zh-CN message. */
  #invalid(what: string, absoluteOffset: number, rule: string, ruleZh: string): never {
    throw new HutongError('ERR_CRYPTO_DER_VALUE_INVALID', {
      field: this.#field(what),
      params: { field: this.#field(what), offset: absoluteOffset, rule },
      zhParams: { rule: ruleZh },
    });
  }
}

/** Reads a single element spanning all of `bytes` as a SEQUENCE. */
export function readDerSequence(bytes: Uint8Array, path: string): DerReader {
  const outer = new DerReader(bytes, path);
  const el = outer.expect(DER_TAG.SEQUENCE, '');
  outer.end();
  return new DerReader(el.content, path, el.contentOffset);
}

// ---- writer ---------------------------------------------------------------------------

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const octets: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) octets.unshift(n & 0xff);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

export function derTlv(tag: number, content: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(tag), encodeLength(content.length), content);
}

export function derSequence(...items: readonly Uint8Array[]): Uint8Array {
  return derTlv(DER_TAG.SEQUENCE, concatBytes(...items));
}

/** Encodes a non-negative integer given as big-endian magnitude, in minimal form. */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const trimmed = magnitude.length === 0 ? Uint8Array.of(0) : magnitude.subarray(i);
  const needsPad = (trimmed[0] ?? 0) >= 0x80;
  return derTlv(DER_TAG.INTEGER, needsPad ? concatBytes(Uint8Array.of(0), trimmed) : trimmed);
}

export function derSmallInteger(value: number): Uint8Array {
  const octets: number[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 256)) octets.unshift(n & 0xff);
  return derUnsignedInteger(Uint8Array.from(octets));
}

export function derOid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = arcs;
  const out: number[] = [];
  for (const arc of [a * 40 + b, ...rest]) {
    const chunk: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) chunk.unshift(0x80 | (n & 0x7f));
    out.push(...chunk);
  }
  return derTlv(DER_TAG.OBJECT_IDENTIFIER, Uint8Array.from(out));
}

export function derOctetString(content: Uint8Array): Uint8Array {
  return derTlv(DER_TAG.OCTET_STRING, content);
}

export function derBitString(content: Uint8Array): Uint8Array {
  return derTlv(DER_TAG.BIT_STRING, concatBytes(Uint8Array.of(0), content));
}
