import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { canonicalBytes, canonicalize, canonicalizeExact, MAX_JSON_DEPTH } from './canonicalize.js';
import { parseJson } from './parse-json.js';
import { canonicalOutcome as outcome } from './test-support/outcome.js';

function codeOf(fn: () => unknown): { code: string; field: string | undefined } {
  try {
    fn();
  } catch (error) {
    if (error instanceof HutongError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a HutongError');
}

/**
 * RFC 8785 Appendix — the example inputs and canonical outputs published with the RFC's
 * reference implementations (cyberphone/json-canonicalization, testdata/input/*.json and
 * testdata/output/*.json). Inputs are kept as JSON text, whitespace and escapes included;
 * outputs are written with JavaScript escapes where the canonical text holds invisible
 * characters (U+0080 and U+007F in "weird").
 */
const RFC8785_EXAMPLES: ReadonlyArray<{ name: string; input: string; output: string }> = [
  {
    name: 'arrays',
    input: '[\n  56,\n  {\n    "d": true,\n    "10": null,\n    "1": [ ]\n  }\n]',
    output: '[56,{"1":[],"10":null,"d":true}]',
  },
  {
    name: 'french',
    input:
      '{\n  "peach": "This sorting order",\n  "péché": "is wrong according to French",\n  "pêche": "but canonicalization MUST",\n  "sin":   "ingnore locale"\n}\n',
    output:
      '{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}',
  },
  {
    name: 'structures',
    input:
      '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n  "a": { },\n  "111": [ { } ],\n  "A": { }\n}',
    output: '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
  },
  {
    name: 'unicode',
    input: '{\n  "Unnormalized Unicode":"\\u1e0d\\u0307"\n}\n',
    // JCS does no Unicode normalisation (RFC 8785 §3.1): the two code points stay as they are.
    output: '{"Unnormalized Unicode":"\u1e0d\u0307"}',
  },
  {
    name: 'values',
    input:
      '{\n  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],\n  "escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}',
    output:
      '{"escaping":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}',
  },
  {
    name: 'weird',
    input:
      '{\n  "\\u20ac": "Euro Sign",\n  "1": "One",\n  "\\u0080": "Control\\u007f",\n  "\\ud83d\\ude02": "Smiley",\n  "\\u00f6": "Latin Small Letter O With Diaeresis",\n  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n  "</script>": "Browser Challenge"\n}\n',
    output:
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","ö":"Latin Small Letter O With Diaeresis","€":"Euro Sign","😂":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  },
];

/**
 * RFC 8785 Appendix B: IEEE 754 binary64 values (as hex) and their JSON number form.
 * NaN and Infinity (the table's note 3) must be refused; they are tested below.
 */
const APPENDIX_B: ReadonlyArray<readonly [hex: string, json: string]> = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'], // minus zero
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'], // round to even
];

function fromIeeeHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('RFC 8785 appendix examples', () => {
  for (const { name, input, output } of RFC8785_EXAMPLES) {
    it(`canonicalises "${name}"`, () => {
      expect(canonicalize(JSON.parse(input))).toBe(output);
      // The strict parser reads the same documents to the same values.
      expect(canonicalize(parseJson(input))).toBe(output);
    });
  }

  it('writes the "weird" example as the UTF-8 bytes the RFC shows', () => {
    const weird = RFC8785_EXAMPLES.find((e) => e.name === 'weird');
    const bytes = canonicalBytes(JSON.parse(weird?.input ?? 'null'));
    // RFC 8785 §3.2.4 prints the first bytes of this output: 7b 22 31 22 3a 22 4f 6e 65 22 2c 22 3c 2f …
    expect(Array.from(bytes.slice(0, 14), (b) => b.toString(16).padStart(2, '0')).join(' ')).toBe(
      '7b 22 31 22 3a 22 4f 6e 65 22 2c 22 3c 2f',
    );
    // U+0080 is the two bytes c2 80, U+007F stays the single byte 7f.
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    expect(hex).toContain('22c280223a22436f6e74726f6c7f22');
  });
});

describe('RFC 8785 Appendix B numbers', () => {
  for (const [hex, json] of APPENDIX_B) {
    it(`${hex} → ${json}`, () => {
      expect(canonicalize(fromIeeeHex(hex))).toBe(json);
      expect(canonicalize([fromIeeeHex(hex)])).toBe(`[${json}]`);
    });
  }

  for (const hex of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000']) {
    it(`${hex} (NaN or ±Infinity) is refused`, () => {
      expect(codeOf(() => canonicalize({ n: fromIeeeHex(hex) }))).toEqual({
        code: 'ERR_CANONICAL_NON_FINITE_NUMBER',
        field: '$.n',
      });
    });
  }
});

describe('canonicalize refusals', () => {
  it.each([
    ['undefined member', { a: undefined }, '$.a'],
    ['function', { a: () => 1 }, '$.a'],
    ['symbol', [Symbol('s')], '$[0]'],
    ['bigint', { big: 1n }, '$.big'],
    ['undefined root', undefined, '$'],
  ])('refuses %s with ERR_CANONICAL_UNSUPPORTED_TYPE', (_label, value, field) => {
    expect(codeOf(() => canonicalize(value))).toEqual({ code: 'ERR_CANONICAL_UNSUPPORTED_TYPE', field });
  });

  it('refuses array holes instead of inventing null', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point of the test
    expect(codeOf(() => canonicalize([1, , 3]))).toEqual({ code: 'ERR_CANONICAL_UNSUPPORTED_TYPE', field: '$[1]' });
  });

  it('refuses symbol-keyed members, which a plain walk would drop silently', () => {
    expect(codeOf(() => canonicalize({ a: 1, [Symbol('hidden')]: 2 }))).toEqual({
      code: 'ERR_CANONICAL_UNSUPPORTED_TYPE',
      field: '$',
    });
  });

  it.each([
    ['Date', new Date(0)],
    ['Map', new Map()],
    ['Set', new Set()],
    ['Uint8Array', new Uint8Array(2)],
    ['class instance', new (class Point {})()],
    ['boxed string', Object('x')],
    ['RegExp', /x/],
    ['Array subclass', new (class List extends Array {})()],
  ])('refuses a %s with ERR_CANONICAL_NOT_PLAIN_OBJECT', (_label, value) => {
    expect(codeOf(() => canonicalize({ face: { when: value } }))).toEqual({
      code: 'ERR_CANONICAL_NOT_PLAIN_OBJECT',
      field: '$.face.when',
    });
  });

  it('accepts objects without a prototype', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.b = 1;
    bare.a = 2;
    expect(canonicalize(bare)).toBe('{"a":2,"b":1}');
  });

  it.each([
    ['lone high surrogate in a value', { a: 'x\ud800y' }, '$.a'],
    ['lone low surrogate in a value', ['\udc00'], '$[0]'],
    ['reversed pair', { a: '\udc00\ud800' }, '$.a'],
    ['lone surrogate in a member name', { 'k\ud83d': 1 }, '$["k\\ud83d"]'],
  ])('refuses a %s (RFC 7493 §2.1)', (_label, value, field) => {
    expect(codeOf(() => canonicalize(value))).toEqual({ code: 'ERR_CANONICAL_LONE_SURROGATE', field });
  });

  it('keeps well-formed surrogate pairs', () => {
    expect(canonicalize({ s: '\ud83d\ude02' })).toBe('{"s":"😂"}');
  });

  it('refuses cycles but accepts the same object twice side by side', () => {
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = { again: loop };
    expect(codeOf(() => canonicalize(loop))).toEqual({ code: 'ERR_CANONICAL_CYCLE', field: '$.self.again' });
  });

  it(`accepts ${MAX_JSON_DEPTH} levels of nesting and refuses one more`, () => {
    const nest = (levels: number): unknown => {
      let value: unknown = 0;
      for (let i = 0; i < levels; i++) value = [value];
      return value;
    };
    expect(canonicalize(nest(MAX_JSON_DEPTH))).toBe(`${'['.repeat(MAX_JSON_DEPTH)}0${']'.repeat(MAX_JSON_DEPTH)}`);
    const tooDeep = codeOf(() => canonicalize(nest(MAX_JSON_DEPTH + 1)));
    expect(tooDeep.code).toBe('ERR_CANONICAL_TOO_DEEP');
    expect(tooDeep.field).toBe(`$${'[0]'.repeat(MAX_JSON_DEPTH)}`);
  });
});

describe('canonicalize details', () => {
  it('sorts by UTF-16 code units, not code points: U+FB33 sorts after U+1F602', () => {
    // "😂" is the surrogate pair d83d de02; 0xd83d < 0xfb33 although U+1F602 > U+FB33 (RFC 8785 §3.2.3).
    expect(canonicalize({ '\ufb33': 1, '\ud83d\ude02': 2 })).toBe('{"😂":2,"\ufb33":1}');
  });

  it('escapes exactly the characters ECMAScript escapes', () => {
    expect(canonicalize('\u0000\u0008\u0009\u000a\u000c\u000d\u001f "\\/\u007f\u2028')).toBe(
      '"\\u0000\\b\\t\\n\\f\\r\\u001f \\"\\\\/\u007f\u2028"',
    );
  });

  it('writes member names with the same escaping as values', () => {
    expect(canonicalize({ 'a\nb': true })).toBe('{"a\\nb":true}');
  });

  it('produces UTF-8 bytes', () => {
    expect(Array.from(canonicalBytes({ a: '€' }))).toEqual([
      0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0xac, 0x22, 0x7d,
    ]);
  });
});

describe('canonicalize properties', () => {
  const json = fc.jsonValue({ stringUnit: 'binary', maxDepth: 6 });

  it('is a fixed point: canonicalize(JSON.parse(canonicalize(x))) === canonicalize(x)', () => {
    fc.assert(
      fc.property(json, (value) => {
        const once = canonicalize(value);
        expect(canonicalize(JSON.parse(once))).toBe(once);
        expect(canonicalize(parseJson(once))).toBe(once);
      }),
    );
  });

  it('means what JSON.stringify means (same value after a parse)', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(JSON.parse(canonicalize(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on member insertion order', () => {
    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed);
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value)
            .reverse()
            .map(([k, v]) => [k, reversed(v)]),
        );
      }
      return value;
    };
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary' }), json), (value) => {
        expect(canonicalize(reversed(value))).toBe(canonicalize(value));
      }),
    );
  });

  it('never emits insignificant whitespace', () => {
    fc.assert(
      fc.property(json, (value) => {
        const text = canonicalize(value);
        // Re-serialising with JSON.stringify (no indentation) keeps the length when sorted input is given.
        expect(text.length).toBe(JSON.stringify(JSON.parse(text)).length);
      }),
    );
  });
});

/**
 * An independent RFC 8785 serialiser for well-formed JSON values, written the obvious way
 * (sort every object's names, JSON.stringify every primitive): the oracle the fast path of
 * `canonicalize` answers to.
 */
function sortThenStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortThenStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${sortThenStringify(record[name])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalize fast path', () => {
  // Code units of every kind, lone surrogates and the characters that need escaping included.
  const unit = fc.oneof(
    fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', 'é', '€', '证'),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
    fc.string({ unit: 'binary', maxLength: 3 }),
  );
  const text = fc.array(unit, { maxLength: 6 }).map((parts) => parts.join(''));
  const json = fc.jsonValue({ maxDepth: 5 });

  it('agrees with an independent sort-then-JSON.stringify serialiser on well-formed JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 6 }), (value) => {
        expect(canonicalize(value)).toBe(sortThenStringify(value));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the exact walk on text and on every refusal (code and field)', () => {
    const anything = fc.anything({
      key: text,
      values: [text, fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)],
      maxDepth: 4,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
    });
    fc.assert(
      fc.property(fc.oneof(anything, fc.dictionary(text, json)), (value) => {
        expect(outcome(() => canonicalize(value))).toEqual(outcome(() => canonicalizeExact(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('hands cycles, depth and foreign shapes to the exact walk, which names them', () => {
    const cyclic: Record<string, unknown> = { a: [1] };
    (cyclic.a as unknown[]).push(cyclic);
    expect(outcome(() => canonicalize(cyclic))).toEqual({ code: 'ERR_CANONICAL_CYCLE', field: '$.a[1]' });
    // An array whose prototype is Object.prototype: not this realm's plain array, but one the exact walk accepts.
    const arrayLike = Object.setPrototypeOf([1, 'a'], Object.prototype) as unknown;
    expect(canonicalize(arrayLike)).toBe('[1,"a"]');
    expect(canonicalize({ b: '\ud83d\ude02', a: '"\n' })).toBe('{"a":"\\"\\n","b":"😂"}');
  });
});
