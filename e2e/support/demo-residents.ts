/** Residents of a demo node who hold a valid identity card, as the issuing department's system finds them. */
import { DEMO_TYPES, type RunningServer } from '@hutong/server';
import { demoClient } from './demo-client.js';

/**
 * The citizen IDs of holders of a valid identity card in the demo library (distinct, in the
 * library's order), read through the library API by the public security department's client
 * with a use cause, as any relying read must state one.
 */
export async function residentsWithIdCard(server: RunningServer, useCause: string): Promise<string[]> {
  const department = await demoClient(server, 'department:publicSecurity');
  const query = new URLSearchParams({ typeCode: DEMO_TYPES.idCard.code, status: 'valid', useCause });
  const response = await fetch(new URL(`/api/v1/licences?${query}`, server.url), {
    headers: { authorization: department.authorization },
  });
  const body = (await response.json()) as { items?: Array<{ licence: { metadata: Record<string, string> } }> };
  if (response.status !== 200 || body.items === undefined) {
    throw new Error(`listing identity cards: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  const codes = body.items.map((item) => item.licence.metadata.certificateHolderCode ?? '');
  return [...new Set(codes)].filter((code) => code !== '');
}
