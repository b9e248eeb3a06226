import { describe, expect, it } from 'vitest';
import { identifyKind } from './identify-kind.js';

describe('identifyKind', () => {
  it.each([
    ['1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F', 'licence'],
    ['1.2.156.3003.2.11100000000013338W032.11220000013544541J.2430599.001.F', 'licence'],
    ['1.2.156.3005.2', 'licence'],
    ['11010519491231002X', 'citizen'],
    ['11010519491231002x', 'citizen'],
    ['110105194912310021', 'citizen'],
    ['1101051949123100', 'citizen'],
    ['110105491231002', 'citizen'],
    ['91350100M000100Y43', 'uscc'],
    ['91350100M00010OY43', 'uscc'],
    ['91350100m000100y43', 'uscc'],
    ['91350100M000100Y4', 'uscc'],
    ['11100000000013338W', 'uscc'],
    [' 11010519491231002X', 'citizen'],
    ['91350100M000100Y43\n', 'uscc'],
  ] as const)('%s is a %s', (value, kind) => {
    expect(identifyKind(value)).toBe(kind);
  });

  it.each(['', 'hello', '12345', '1234567890123456789012', '   ', '91350100-M000100Y43', '护照E1234'])(
    '"%s" is nothing it knows',
    (value) => {
      expect(identifyKind(value)).toBeUndefined();
    },
  );

  it('answers undefined for what is not a string', () => {
    expect(identifyKind(42 as unknown as string)).toBeUndefined();
  });
});
