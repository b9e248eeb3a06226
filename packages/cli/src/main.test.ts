import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { captureIo } from './test-support/capture-io.js';

describe('the hutong entry point', () => {
  it('answers --help on stdout with exit 0', async () => {
    for (const ask of ['--help', '-h', 'help']) {
      const io = captureIo();
      expect(await main([ask], io)).toBe(0);
      expect(io.out).toMatch(/^Usage: hutong <command>/);
      expect(io.err).toBe('');
    }
  });

  it('treats no command and an unknown one as usage mistakes: usage on stderr, nothing on stdout, exit 2', async () => {
    for (const argv of [[], ['frobnicate'], ['id', 'frobnicate']]) {
      const io = captureIo();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.out, argv.join(' ')).toBe('');
      expect(io.err, argv.join(' ')).toMatch(/Usage: hutong <command>/);
    }
  });
});
