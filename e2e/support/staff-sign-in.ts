/** The credentials of a demo staff account, and its current one-time code, as a person would type them. */
import { type RunningServer, totpCode } from '@hutong/server';

/** RFC 4648 §6 base32 (the alphabet of `otpauth://` secrets), padding optional. */
export function base32Decode(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = text.replace(/=+$/, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of clean) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

export interface StaffCredentials {
  readonly username: string;
  readonly password: string;
  readonly roles: readonly string[];
  /** The RFC 6238 code for `now` (the authenticator app's, computed from the enrolment URI's secret). */
  readonly totpAt: (now: Date) => string;
}

/** A demo staff account of a server started with `demo: true`. */
export function demoStaff(server: RunningServer, username: string): StaffCredentials {
  const account = server.demo?.staff.find((candidate) => candidate.username === username);
  if (account === undefined) throw new Error(`the server has no demo account ${username} (started without demo?)`);
  if (account.password === undefined) throw new Error(`the demo password of ${username} is not derivable`);
  const secret = new URL(account.otpauthUri).searchParams.get('secret');
  if (secret === null) throw new Error(`no secret in ${account.otpauthUri}`);
  const key = base32Decode(secret);
  return {
    username,
    password: account.password,
    roles: account.roles,
    totpAt: (now) => totpCode(key, now),
  };
}
