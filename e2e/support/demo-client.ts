/** A demo API client of a server started with `demo: true`, signed in with OAuth 2 client credentials. */
import type { RunningServer } from '@hutong/server';

export interface DemoClient {
  readonly clientId: string;
  readonly authorization: string;
  readonly organisationCode: string;
}

/** The access token of the demo client `key` (e.g. `department:publicSecurity`), as its system would get one. */
export async function demoClient(server: RunningServer, key: string): Promise<DemoClient> {
  const account = server.demo?.clients.find((candidate) => candidate.key === key);
  if (account === undefined) throw new Error(`the server has no demo client ${key} (started without demo?)`);
  if (account.clientSecret === undefined) throw new Error(`the demo secret of ${key} is not derivable`);
  const response = await fetch(new URL('/api/v1/oauth/token', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: account.clientId,
      client_secret: account.clientSecret,
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || body.access_token === undefined) {
    throw new Error(`token for ${key}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return {
    clientId: account.clientId,
    authorization: `Bearer ${body.access_token}`,
    organisationCode: account.organisationCode,
  };
}
