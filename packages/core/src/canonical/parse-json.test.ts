import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { canonicalize, MAX_JSON_DEPTH } from './canonicalize.js';
import { parseJson, parseJsonStrictly } from './parse-json.js';

function failure(text: string): { code: string; field: string | undefined } {
  try {
    parseJson(text);
  } catch (error) {
    if (error instanceof HutongError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseJson', () => {
  it('reads what JSON.parse reads, for well-formed I-JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value, null, 2);
        expect(parseJson(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('reads escapes, surrogate pairs written as escapes and RFC 8259 whitespace', () => {
    expect(
      parseJson(' \t\r\n{"a" : [ "\\ud83d\\ude02\\/\\b\\f\\n\\r\\t\\"\\\\\\u00e9" , -1.5e+2 , true , null ] }\n'),
    ).toEqual({
      a: ['😂/\b\f\n\r\t"\\é', -150, true, null],
    });
  });

  it('keeps a member named __proto__ as data, never as the prototype', () => {
    const value = parseJson('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(canonicalize(value)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('refuses duplicate member names (RFC 7493 §2.3), which JSON.parse would resolve silently', () => {
    expect(failure('{"metadata":{"a":1,"b":2,"a":3}}')).toEqual({
      code: 'ERR_CANONICAL_DUPLICATE_MEMBER',
      field: '$.metadata.a',
    });
  });

  it.each([
    ['raw lone surrogate', '["\ud800"]', '$[0]'],
    ['escaped lone high surrogate', '["\\ud800x"]', '$[0]'],
    ['escaped lone low surrogate', '{"k":"\\udc00"}', '$.k'],
    ['lone surrogate in a name', '{"\\ud800":1}', '$'],
  ])('refuses a %s', (_label, text, field) => {
    expect(failure(text)).toEqual({ code: 'ERR_CANONICAL_LONE_SURROGATE', field });
  });

  it.each([
    ['empty text', ''],
    ['trailing comma in array', '[1,]'],
    ['trailing comma in object', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['unquoted name', '{a:1}'],
    ['leading zero', '[01]'],
    ['leading plus', '[+1]'],
    ['bare fraction', '[.5]'],
    ['dangling exponent', '[1e]'],
    ['NaN', '[NaN]'],
    ['Infinity', '[Infinity]'],
    ['overflowing number', '[1e400]'],
    ['negative zero', '[-0]'],
    ['negative zero with fraction', '[-0.0]'],
    ['raw control character in string', '["a\u0001"]'],
    ['unknown escape', '["\\x41"]'],
    ['short unicode escape', '["\\u12"]'],
    ['unterminated string', '["abc'],
    ['unclosed array', '[1,2'],
    ['two values', '{} {}'],
    ['byte order mark', '\ufeff{}'],
    ['comment', '{} // note'],
    ['vertical tab as whitespace', '\u000b{}'],
    ['missing colon', '{"a" 1}'],
    ['truncated literal', '[tru]'],
  ])('refuses %s with ERR_CANONICAL_JSON_SYNTAX', (_label, text) => {
    expect(failure(text).code).toBe('ERR_CANONICAL_JSON_SYNTAX');
  });

  it('names the path where the syntax fails', () => {
    expect(failure('{"proof":{"suite":ed25519}}')).toEqual({
      code: 'ERR_CANONICAL_JSON_SYNTAX',
      field: '$.proof.suite',
    });
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH}`, () => {
    expect(parseJson(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`)).toBeDefined();
    expect(failure(`${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`).code).toBe(
      'ERR_CANONICAL_TOO_DEEP',
    );
    // Hostile depth far beyond the limit fails fast instead of overflowing the stack.
    expect(failure('['.repeat(100_000)).code).toBe('ERR_CANONICAL_TOO_DEEP');
  });

  it('refuses a non-string input with a typed error', () => {
    expect(() => parseJson(42 as unknown as string)).toThrow(HutongError);
  });

  it('never throws anything but a HutongError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        try {
          parseJson(text);
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
        }
      }),
    );
  });
});

/** The outcome of a parse: the value, or the error's code and field. */
function outcome(parse: (text: string) => unknown, text: string): unknown {
  try {
    return { value: parse(text) };
  } catch (error) {
    if (error instanceof HutongError) return { code: error.code, field: error.field, params: error.params };
    throw error;
  }
}

describe('parseJson: the native fast path gives exactly the strict parser answers', () => {
  // TypeScript source escapes: '\\u0041' is the JSON escape \u0041; '\ud800' is a raw lone surrogate.
  const cases = [
    '{"a":1,"a":2}',
    '{"a":{"b":1,"b":1}}',
    '[{"x":"y","x":"y"}]',
    '{"a":"x:y","a":"z"}',
    '{"__proto__":1,"__proto__":2}',
    '{"1":1,"01":2,"1":3}',
    '-0',
    '[0,-0.0]',
    '{"n":-0e5}',
    '1e400',
    '[-1e309]',
    `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`,
    `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`,
    `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`,
    '"\\ud800"',
    '"\\u0041"',
    '"\ud800"',
    '["a\ud800b"]',
    '{"k\udc00":1}',
    '"\ud83d\ude02"',
    '\ufeff{}',
    '{"a":1}\n',
    '{"a" : 1 , "b":[ true,false ,null] }',
    '{"a":1,}',
    '[1,2',
    '"',
    '',
    ' ',
  ];

  it('on hand-picked texts: duplicates, -0, overflow, depth, surrogates, BOM, syntax errors', () => {
    for (const text of cases) {
      expect(outcome(parseJson, text), text).toEqual(outcome(parseJsonStrictly, text));
    }
    expect(outcome(parseJson, '{"a":"x:y","a":"z"}')).toMatchObject({ code: 'ERR_CANONICAL_DUPLICATE_MEMBER' });
  });

  it('on generated values written with and without whitespace, and with a member duplicated', () => {
    let duplicates = 0;
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary', maxDepth: 5 }), fc.boolean(), (value, spaced) => {
        const text = spaced ? JSON.stringify(value, null, 1) : JSON.stringify(value);
        expect(outcome(parseJson, text)).toEqual(outcome(parseJsonStrictly, text));
        // Duplicate the first member of the first object, if any.
        const duplicated = text.replace(
          /\{\s*("[^"\\]*"\s*:\s*(?:"[^"\\]*"|-?\d[\d.eE+-]*|true|false|null))/,
          '{$1,$1',
        );
        const strict = outcome(parseJsonStrictly, duplicated);
        expect(outcome(parseJson, duplicated)).toEqual(strict);
        if (duplicated !== text) duplicates++;
      }),
    );
    // The generator does reach the duplicate case.
    expect(duplicates).toBeGreaterThan(5);
  });

  it('on arbitrary short texts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        expect(outcome(parseJson, text)).toEqual(outcome(parseJsonStrictly, text));
      }),
      { numRuns: 2000 },
    );
  });
});
