/**
 * Test-only: a `CliIo` that keeps what a command writes, for the tests that run commands in
 * process (`main`, or a command's own `run`).
 */
import type { CliIo } from '../command.js';

/**
 * @example const io = captureIo(dir); await main(['id', 'check', code], io); io.out; io.err
 */
export function captureIo(cwd = '/', env?: Record<string, string>): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd,
    ...(env === undefined ? {} : { env }),
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
  };
  return io;
}
