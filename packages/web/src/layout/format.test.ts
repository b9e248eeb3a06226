import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withQuery } from '../api/api-request.js';
import { formatCompactDate, formatInstant, labelIn, mayHaveSession } from './format.js';
import { sceneOf } from './use-scene.js';

describe('formatCompactDate', () => {
  it('reads a GB/T 36903 yyyyMMdd date in the interface language', () => {
    expect(formatCompactDate('20240108', 'zh-CN')).toBe('2024年1月8日');
    expect(formatCompactDate('20240108', 'en')).toBe('January 8, 2024');
  });

  it('shows anything that is not a real calendar date as it came', () => {
    for (const value of ['', '2024-01-08', '20240230', '2024010', 'abcdefgh']) {
      expect(formatCompactDate(value, 'zh-CN')).toBe(value);
    }
  });

  it('never shifts the day, whatever the date (formatted in UTC, not the local zone)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }), (d) => {
        const compact = d.toISOString().slice(0, 10).replaceAll('-', '');
        const day = String(d.getUTCDate());
        expect(formatCompactDate(compact, 'zh-CN')).toContain(`${day}日`);
      }),
    );
  });
});

describe('formatInstant', () => {
  it('shows an instant in China Standard Time', () => {
    expect(formatInstant('2024-01-07T16:30:00Z', 'zh-CN')).toContain('2024年1月8日');
    expect(formatInstant('not a time', 'en')).toBe('not a time');
  });
});

describe('labelIn', () => {
  it('picks the name in the interface language', () => {
    expect(labelIn({ zh: '居民身份证', en: 'Resident identity card' }, 'zh-CN')).toBe('居民身份证');
    expect(labelIn({ zh: '居民身份证', en: 'Resident identity card' }, 'en')).toBe('Resident identity card');
  });
});

describe('mayHaveSession', () => {
  it('is true only with a non-empty CSRF cookie, under either name', () => {
    expect(mayHaveSession('')).toBe(false);
    expect(mayHaveSession('hutong.language=en')).toBe(false);
    expect(mayHaveSession('hutong-csrf=')).toBe(false);
    expect(mayHaveSession('x-hutong-csrf=abc')).toBe(false);
    expect(mayHaveSession('hutong-csrf=abc')).toBe(true);
    expect(mayHaveSession('a=b; __Host-hutong-csrf=abc')).toBe(true);
  });
});

describe('sceneOf', () => {
  it('names the scene of a location hash, else the home page', () => {
    expect(sceneOf('')).toBe('home');
    expect(sceneOf('#/catalogue')).toBe('catalogue');
    expect(sceneOf('#library')).toBe('library');
    expect(sceneOf('#/sign-in')).toBe('sign-in');
    expect(sceneOf('#/admin')).toBe('admin');
    expect(sceneOf('#/nowhere')).toBe('home');
    expect(sceneOf('#/code')).toBe('home');
    expect(sceneOf('', '/v/HP1:6BF.K9')).toBe('code');
    expect(sceneOf('', '/v/')).toBe('home');
    expect(sceneOf('#/holder', '/v/HP1:6BF.K9')).toBe('holder');
  });
});

describe('withQuery', () => {
  it('leaves out empty members and encodes the rest', () => {
    expect(withQuery('/api/v1/licences', undefined)).toBe('/api/v1/licences');
    expect(withQuery('/api/v1/licences', { a: undefined, b: '' })).toBe('/api/v1/licences');
    expect(withQuery('/api/v1/licences', { useCause: '核验 材料&', typeCode: 'X' })).toBe(
      '/api/v1/licences?useCause=%E6%A0%B8%E9%AA%8C+%E6%9D%90%E6%96%99%26&typeCode=X',
    );
  });

  it('round-trips any text through URLSearchParams', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const url = withQuery('/p', { v: value });
        expect(new URL(url, 'http://x').searchParams.get('v') ?? '').toBe(value);
      }),
    );
  });
});
