import { describe, expect, it } from 'vitest';
import type { CliIo } from './command.js';
import { main } from './main.js';

function capture(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: '/',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}

describe('the hutong entry point', () => {
  it('answers --help on stdout with exit 0', async () => {
    for (const ask of ['--help', '-h', 'help']) {
      const io = capture();
      expect(await main([ask], io)).toBe(0);
      expect(io.out).toMatch(/^Usage: hutong <command>/);
      expect(io.err).toBe('');
    }
  });

  it('treats no command and an unknown one as usage mistakes: usage on stderr, nothing on stdout, exit 2', async () => {
    for (const argv of [[], ['frobnicate'], ['id', 'frobnicate']]) {
      const io = capture();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(io.out, argv.join(' ')).toBe('');
      expect(io.err, argv.join(' ')).toMatch(/Usage: hutong <command>/);
    }
  });
});
