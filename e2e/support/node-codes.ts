/**
 * Codes made by a test node's own showing key, as the holder's phone (a show code) or the
 * printed PDF (a print code) would carry them, and a valid licence of the demo library to
 * make them for. The node must run with the test's master-key secrets to open its key.
 */
import { join } from 'node:path';
import {
  createPrintCode,
  createShowCode,
  type Licence,
  type LicenceStatus,
  type LicenceType,
  parseLicenceType,
} from '@hutong/core';
import { createAppContext, DEMO_TYPES, ensureNodeKey, type Secrets } from '@hutong/server';
import QRCode from 'qrcode';
import { demoClient } from './demo-client.js';
import type { NodeUnderTest } from './server.js';

/** Valid licences of a demo type, as the issuing department's system reads them. */
export async function validDemoLicences(
  hutong: NodeUnderTest,
  typeCode: string = DEMO_TYPES.idCard.code,
  department = 'department:publicSecurity',
): Promise<Licence[]> {
  const client = await demoClient(hutong.server, department);
  const query = new URLSearchParams({ typeCode, useCause: '端到端测试：制作亮证码', limit: '20' });
  const response = await fetch(new URL(`/api/v1/licences?${query}`, hutong.url), {
    headers: { authorization: client.authorization },
  });
  const listed = (await response.json()) as { items: Array<{ licence: Licence; status: string }> };
  const valid = listed.items.filter((item) => item.status === 'valid').map((item) => item.licence);
  if (valid.length === 0) throw new Error(`no valid licence of ${typeCode} in the demo library: ${response.status}`);
  return valid;
}

async function typeOf(hutong: NodeUnderTest, typeCode: string): Promise<LicenceType> {
  const response = await fetch(new URL(`/api/v1/catalogue/types/${typeCode}`, hutong.url));
  return parseLicenceType(await response.json());
}

function signingKey(hutong: NodeUnderTest, secrets: Secrets) {
  const ctx = createAppContext({ store: hutong.server.store, nodeId: hutong.server.nodeId, secrets });
  return ensureNodeKey(ctx, 'showing').then((key) => key.signingKey);
}

/** A show code (`HT1:…`) of `licence`, made now, saying `status`. */
export async function showCodeOf(
  hutong: NodeUnderTest,
  secrets: Secrets,
  licence: Licence,
  status: LicenceStatus = 'valid',
): Promise<string> {
  const type = await typeOf(hutong, String(licence.metadata.certificateTypeCode));
  const made = await createShowCode({ licence, type, status, purpose: 'entry' }, await signingKey(hutong, secrets), {
    now: new Date(),
  });
  return made.text;
}

/** A print code (`HP1:…`) of `licence`, printed now. */
export async function printCodeOf(hutong: NodeUnderTest, secrets: Secrets, licence: Licence): Promise<string> {
  const type = await typeOf(hutong, String(licence.metadata.certificateTypeCode));
  const made = await createPrintCode({ licence, type }, await signingKey(hutong, secrets), { now: new Date() });
  return made.text;
}

/** `text` drawn as a QR code PNG in `folder` (error correction M, as the holder's screen and the PDF draw it). */
export async function qrImage(folder: string, name: string, text: string): Promise<string> {
  const path = join(folder, `${name}.png`);
  await QRCode.toFile(path, text, { errorCorrectionLevel: 'M', margin: 4, scale: 6 });
  return path;
}
