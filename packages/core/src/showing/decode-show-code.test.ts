import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { formatLicenceId } from '../identifiers/index.js';
import { type Fixture, fixture, NOW } from '../trust/test-support/fixtures.js';
import { decodeBase45, encodeBase45 } from './base45.js';
import { createShowCode } from './create-show-code.js';
import { decodeShowCode } from './decode-show-code.js';
import { MAX_SHOW_CODE_LENGTH, SHOW_CODE_PREFIX, type ShownField } from './show-code.js';
import { dateOfDays, encodeShowCodePayload, packableDate, type ShowCodeContent } from './show-code-payload.js';

let f: Fixture;
let valid: string;
let bytes: Uint8Array;

const CONTENT: ShowCodeContent = {
  statusAtSigning: 'valid',
  keyHint: new Uint8Array(8).fill(1),
  issuedAt: 1_772_337_600,
  lifetimeSeconds: 60,
  nonce: new Uint8Array(12).fill(2),
  effectiveDate: '20250108',
  expiringDate: '20270108',
  typeCode: '11100000000013338W032',
  issuerCode: '11220000013544541J',
  serial: '2430599',
  version: '001',
  purpose: 'entry',
  fields: [],
};
// Offsets in the payload (docs/design/show-code.md §3): flags 0, key hint 1–8, issued at 9–12,
// lifetime 13, nonce 14–25, effective 26–28, expiring 29–31, serial length 32, identifier 33–65
// for a 7-character serial, purpose 66, field count 67.
const FIELD_COUNT = 67;

beforeAll(async () => {
  f = await fixture('ed25519');
  valid = (
    await createShowCode(
      {
        licence: f.licence,
        type: f.type,
        status: 'valid',
        purpose: 'entry',
        disclose: ['certificateHolderName', 'birthDate'],
      },
      f.showingKey,
      { now: NOW },
    )
  ).text;
  bytes = decodeBase45(valid.slice(SHOW_CODE_PREFIX.length));
});

function text(payload: Uint8Array): string {
  const all = new Uint8Array(payload.length + 64);
  all.set(payload);
  return SHOW_CODE_PREFIX + encodeBase45(all);
}

/** The code's bytes with some changed (the signature is not the decoder's business). */
function edited(edit: (b: Uint8Array) => void): string {
  const copy = bytes.slice();
  edit(copy);
  return SHOW_CODE_PREFIX + encodeBase45(copy);
}

/** A payload whose fields section is written by hand, for encodings the encoder never makes. */
function withFields(...fieldBytes: number[]): string {
  const head = encodeShowCodePayload(CONTENT).subarray(0, FIELD_COUNT);
  return text(new Uint8Array([...head, ...fieldBytes]));
}

function refusal(input: unknown): HutongError {
  try {
    decodeShowCode(input);
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError');
}

describe('decodeShowCode: a good code', () => {
  it('reads a code made by createShowCode', () => {
    const code = decodeShowCode(valid);
    expect(code.identifier).toBe('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F');
    expect(code.fields.map((x) => x.key)).toEqual(['certificateHolderName', 'birthDate']);
  });

  it('the layout the contract states: field count at byte 67 for a 7-character serial', () => {
    expect(bytes[FIELD_COUNT]).toBe(2);
    expect(decodeShowCode(withFields(0)).fields).toEqual([]);
  });

  it('encodes every value kind and reads it back unchanged', () => {
    const fields: ShownField[] = [
      { source: 'face', key: 'a', value: '', masked: false },
      { source: 'face', key: 'b', value: '多行\n文本', masked: true },
      { source: 'face', key: 'c', value: '19000101', masked: false },
      { source: 'face', key: 'd', value: '99991231', masked: false },
      { source: 'face', key: 'e', value: 0, masked: false },
      { source: 'face', key: 'f', value: Number.MAX_SAFE_INTEGER, masked: false },
      { source: 'face', key: 'g', value: -Number.MAX_SAFE_INTEGER, masked: false },
      { source: 'face', key: 'h', value: 0.1, masked: false },
      { source: 'face', key: 'i', value: -1.5e300, masked: false },
      { source: 'face', key: 'j', value: 2 ** 60, masked: false },
      { source: 'face', key: 'k', value: true, masked: false },
      { source: 'face', key: 'l', value: false, masked: false },
      { source: 'face', key: 'm', value: '18991231', masked: false },
      { source: 'face', key: 'n', value: '20240230', masked: false },
      { source: 'metadata', key: 'certificateName', value: '证', masked: false },
      { source: 'face', key: 'certificateName', value: '同名', masked: false },
    ];
    const code = decodeShowCode(text(encodeShowCodePayload({ ...CONTENT, fields })));
    expect(code.fields).toEqual(fields);
  });

  it('members in one order, optional ones absent (not undefined), with and without expiry and status-list slot', () => {
    const common = ['identifier', 'typeCode', 'issuerCode', 'statusAtSigning', 'effectiveDate', 'purpose', 'fields'];
    const tail = ['issuedAt', 'expiresAt', 'nonce', 'keyHint'];
    const slot = { listId: 7, index: 12_345 };
    for (const [expiringDate, statusListSlot] of [
      [undefined, undefined],
      ['20270108', undefined],
      [undefined, slot],
      ['20270108', slot],
    ] as const) {
      const content: ShowCodeContent = { ...CONTENT, fields: [] };
      const { expiringDate: _dropped, ...longTerm } = content;
      const made = {
        ...(expiringDate === undefined ? longTerm : { ...content, expiringDate }),
        ...(statusListSlot === undefined ? {} : { statusListSlot }),
      };
      const code = decodeShowCode(text(encodeShowCodePayload(made)));
      const optional = [
        ...(expiringDate === undefined ? [] : ['expiringDate']),
        ...(statusListSlot === undefined ? [] : ['statusListSlot']),
      ];
      expect(Object.keys(code)).toEqual([...common, ...tail, ...optional]);
      expect(code.expiringDate).toBe(expiringDate);
      expect(code.statusListSlot).toEqual(statusListSlot);
    }
  });

  it('a leading U+FEFF is content, never dropped as a byte-order mark', () => {
    expect(decodeShowCode(withFields(1, 0x01, 4, 0xef, 0xbb, 0xbf, 0x41)).fields[0]?.value).toBe('\ufeffA');
  });

  it('free-text purposes of up to 32 characters, in any script', () => {
    for (const purpose of ['酒店入住', 'x', '𠀀'.repeat(32)]) {
      expect(decodeShowCode(text(encodeShowCodePayload({ ...CONTENT, purpose }))).purpose).toBe(purpose);
    }
  });
});

describe('decodeShowCode: refusals name the code and the part at fault', () => {
  const cases: [string, () => unknown, string, string][] = [
    ['not text', () => 42, 'ERR_SHOWING_NOT_TEXT', 'code'],
    ['too long', () => `${SHOW_CODE_PREFIX}${'0'.repeat(MAX_SHOW_CODE_LENGTH)}`, 'ERR_SHOWING_TOO_LONG', 'code'],
    ['another prefix', () => `HT2:${valid.slice(4)}`, 'ERR_SHOWING_PREFIX', 'prefix'],
    ['a lower-case prefix', () => `ht1:${valid.slice(4)}`, 'ERR_SHOWING_PREFIX', 'prefix'],
    ['a URL', () => 'https://example.cn/', 'ERR_SHOWING_PREFIX', 'prefix'],
    ['lower-case base45', () => valid.toLowerCase().replace('ht1:', 'HT1:'), 'ERR_SHOWING_BASE45', 'base45'],
    ['a trailing newline', () => `${valid}\n`, 'ERR_SHOWING_BASE45', 'base45'],
    ['shorter than a signature', () => valid.slice(0, 60), 'ERR_SHOWING_TRUNCATED', 'signature'],
    [
      'cut in the fields',
      () => SHOW_CODE_PREFIX + encodeBase45(bytes.subarray(0, bytes.length - 20)),
      'ERR_SHOWING_TRUNCATED',
      'fields[0].value',
    ],
    ['nothing after the prefix', () => SHOW_CODE_PREFIX, 'ERR_SHOWING_TRUNCATED', 'signature'],
    ['reserved flag bits', () => edited((b) => (b[0] = (b[0] as number) | 1)), 'ERR_SHOWING_MALFORMED', 'flags'],
    ['status value 3', () => edited((b) => (b[0] = (b[0] as number) | 0xc0)), 'ERR_SHOWING_MALFORMED', 'flags'],
    ['a lifetime of 121 s', () => edited((b) => (b[13] = 121)), 'ERR_SHOWING_LIFETIME', 'lifetime'],
    ['a lifetime of 0 s', () => edited((b) => (b[13] = 0)), 'ERR_SHOWING_LIFETIME', 'lifetime'],
    [
      'a date after 9999-12-31',
      () => edited((b) => b.set([0xff, 0xff, 0xff], 26)),
      'ERR_SHOWING_MALFORMED',
      'effectiveDate',
    ],
    ['expiry before effect', () => edited((b) => b.set([0, 0, 0], 29)), 'ERR_SHOWING_MALFORMED', 'expiringDate'],
    ['a serial of length 0', () => edited((b) => (b[32] = 0)), 'ERR_SHOWING_MALFORMED', 'identifier'],
    ['a serial of length 33', () => edited((b) => (b[32] = 33)), 'ERR_SHOWING_MALFORMED', 'identifier'],
    [
      'an out-of-range base-36 group',
      () => edited((b) => b.set([0xff, 0xff, 0xff, 0xff], 33)),
      'ERR_SHOWING_MALFORMED',
      'identifier',
    ],
    [
      'a type code with a wrong check character',
      () => edited((b) => (b[36] = (b[36] as number) ^ 1)),
      'ERR_SHOWING_IDENTIFIER',
      'identifier',
    ],
    ['an undefined purpose code', () => edited((b) => (b[66] = 200)), 'ERR_SHOWING_MALFORMED', 'purpose'],
    ['more than 32 fields', () => edited((b) => (b[FIELD_COUNT] = 33)), 'ERR_SHOWING_MALFORMED', 'fields'],
    [
      'bytes left before the signature',
      () => edited((b) => (b[FIELD_COUNT] = 1)),
      'ERR_SHOWING_TRAILING_BYTES',
      'fields',
    ],
    ['a reserved metadata tag', () => withFields(1, 0x05 | (5 << 4)), 'ERR_SHOWING_MALFORMED', 'fields[0]'],
    ['a reserved value kind', () => withFields(1, 7 << 4, 1, 0x61), 'ERR_SHOWING_MALFORMED', 'fields[0].value'],
    ['a metadata element holding a boolean', () => withFields(1, 0x61), 'ERR_SHOWING_MALFORMED', 'fields[0].value'],
    ['an empty face key', () => withFields(1, 0x50, 0), 'ERR_SHOWING_MALFORMED', 'fields[0].key'],
    [
      'a face key that is not lowerCamelCase',
      () => withFields(1, 0x50, 2, 0x41, 0x42),
      'ERR_SHOWING_MALFORMED',
      'fields[0].key',
    ],
    [
      'the face key "constructor"',
      () => withFields(1, 0x50, 11, ...new TextEncoder().encode('constructor')),
      'ERR_SHOWING_MALFORMED',
      'fields[0].key',
    ],
    ['a field twice', () => withFields(2, 0x50, 1, 0x61, 0x50, 1, 0x61), 'ERR_SHOWING_MALFORMED', 'fields[1]'],
    ['invalid UTF-8', () => withFields(1, 0x01, 2, 0xc3, 0x28), 'ERR_SHOWING_MALFORMED', 'fields[0].value'],
    ['a control character', () => withFields(1, 0x01, 1, 0x07), 'ERR_SHOWING_MALFORMED', 'fields[0].value'],
    [
      'a date written as text',
      () => withFields(1, 0x01, 8, ...new TextEncoder().encode('20240101')),
      'ERR_SHOWING_MALFORMED',
      'fields[0].value',
    ],
    ['an overlong varint', () => withFields(1, 0x20, 1, 0x61, 0x80, 0x00), 'ERR_SHOWING_MALFORMED', 'fields[0].value'],
    [
      'a varint past 2^53',
      () => withFields(1, 0x20, 1, 0x61, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f),
      'ERR_SHOWING_MALFORMED',
      'fields[0].value',
    ],
    [
      'a varint of 9 bytes',
      () => withFields(1, 0x20, 1, 0x61, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01),
      'ERR_SHOWING_MALFORMED',
      'fields[0].value',
    ],
    ['negative zero', () => withFields(1, 0x30, 1, 0x61, 0), 'ERR_SHOWING_MALFORMED', 'fields[0].value'],
    [
      'an integer as decimal text',
      () => withFields(1, 0x40, 1, 0x61, 2, 0x31, 0x30),
      'ERR_SHOWING_MALFORMED',
      'fields[0].value',
    ],
    [
      'a number not in its shortest form',
      () => withFields(1, 0x40, 1, 0x61, 4, 0x30, 0x2e, 0x31, 0x30),
      'ERR_SHOWING_MALFORMED',
      'fields[0].value',
    ],
    [
      'a number that is not one',
      () => withFields(1, 0x40, 1, 0x61, 3, 0x4e, 0x61, 0x4e),
      'ERR_SHOWING_MALFORMED',
      'fields[0].value',
    ],
    ['a text cut short', () => withFields(1, 0x01, 50, 0x41), 'ERR_SHOWING_TRUNCATED', 'fields[0].value'],
  ];
  it.each(cases)('%s', (_name, make, code, field) => {
    const error = refusal(make());
    expect({ code: error.code, field: error.field }).toEqual({ code, field });
  });

  it('purpose text that is a code, too long, or with control characters', () => {
    const purpose = (t: string) => {
      const payload = encodeShowCodePayload({ ...CONTENT, purpose: 'x' });
      const body = new TextEncoder().encode(t);
      const out = new Uint8Array([...payload.subarray(0, 66), 0, body.length, ...body, 0]);
      return refusal(text(out));
    };
    expect(purpose('entry').code).toBe('ERR_SHOWING_MALFORMED');
    expect(purpose('字'.repeat(33)).code).toBe('ERR_SHOWING_MALFORMED');
    expect(purpose('a\tb').code).toBe('ERR_SHOWING_MALFORMED');
    expect(purpose(' a').code).toBe('ERR_SHOWING_MALFORMED');
  });
});

describe('decodeShowCode: the hot-path arithmetic agrees with the reference implementations', () => {
  const serial = fc.string({
    unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
    minLength: 1,
    maxLength: 32,
  });
  const version = fc.integer({ min: 1, max: 999 }).map((n) => String(n).padStart(3, '0'));

  it("identifiers: the check character computed while unpacking is formatLicenceId's (first and cached decodes)", () => {
    fc.assert(
      fc.property(
        serial,
        version,
        fc.constantFrom('11220000013544541J', '11430000006122244L', '11330105002500287C'),
        (s, v, issuerCode) => {
          const expected = formatLicenceId({ typeCode: CONTENT.typeCode, issuerCode, serial: s, version: v });
          const code = text(encodeShowCodePayload({ ...CONTENT, issuerCode, serial: s, version: v }));
          for (const decoded of [decodeShowCode(code), decodeShowCode(code)]) {
            expect(decoded.identifier).toBe(expected);
            expect([decoded.typeCode, decoded.issuerCode]).toEqual([CONTENT.typeCode, issuerCode]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('identifiers: version 000 or a version with a letter is refused on the cached path too', () => {
    decodeShowCode(text(encodeShowCodePayload(CONTENT)));
    for (const version of ['000', 'A01', '0B0', '00Z']) {
      const error = refusal(text(encodeShowCodePayload({ ...CONTENT, version })));
      expect(error.code).toBe('ERR_SHOWING_IDENTIFIER');
    }
  });

  it('dates: days since 1900-01-01 to yyyyMMdd agrees with the platform calendar, 1900 to 9999', () => {
    const max = (Date.UTC(9999, 11, 31) - Date.UTC(1900, 0, 1)) / 86_400_000;
    const reference = (days: number) =>
      new Date(Date.UTC(1900, 0, 1) + days * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    for (const days of [0, 58, 59, 60, 365, 36_524, 36_525, 45_663, max])
      expect(dateOfDays(days)).toBe(reference(days));
    fc.assert(
      fc.property(fc.integer({ min: 0, max }), (days) => {
        const date = dateOfDays(days);
        expect(date).toBe(reference(days));
        expect(packableDate(date)).toBe(days);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('decodeShowCode: hostile input gets typed errors only (fast-check)', () => {
  function outcome(input: unknown): string {
    try {
      decodeShowCode(input);
      return 'ok';
    } catch (error) {
      if (error instanceof HutongError && error.code.startsWith('ERR_SHOWING_')) return error.code;
      throw error;
    }
  }

  it('any value, any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.string({ unit: 'grapheme' })), (value) => {
        expect(outcome(value)).not.toBe('ok');
      }),
      { numRuns: 1000 },
    );
  });

  it('the prefix and any base45 text', () => {
    const alphabet = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 600 }), (body) => {
        outcome(SHOW_CODE_PREFIX + body);
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes of plausible length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 60, maxLength: 300 }), (random) => {
        outcome(SHOW_CODE_PREFIX + encodeBase45(random));
      }),
      { numRuns: 2000 },
    );
  });

  it('a valid code with bytes changed, cut or inserted anywhere', () => {
    fc.assert(
      fc.property(
        fc.nat(bytes.length - 1),
        fc.uint8Array({ minLength: 0, maxLength: 4 }),
        fc.nat(3),
        (at, insert, drop) => {
          const changed = new Uint8Array([...bytes.subarray(0, at), ...insert, ...bytes.subarray(at + drop)]);
          outcome(SHOW_CODE_PREFIX + encodeBase45(changed));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
