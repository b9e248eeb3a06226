/**
 * A grant (用证授权) as the counter sees it: `GET /api/v1/counter/grants` answers a page of
 * these (the server's grants/list-counter-grants.ts) and the agency console's 窗口预填 lists
 * them for the clerk to pick the applicant's grant (web api/grants-api.ts;
 * docs/design/counter-prefill.md §How the clerk finds the grant). One shape for the server
 * that writes it and the web that reads it.
 */
export interface CounterGrant {
  readonly id: string;
  readonly relyingParty: { readonly clientId: string; readonly name: string };
  /** As the consent receipt shows the holder: a person's code masked, an organisation's in clear. */
  readonly holder: { readonly codeType: string; readonly maskedCode: string };
  readonly matterCode: string;
  readonly purpose: string;
  readonly typeCodes: readonly string[];
  /** How many specific licences the grant names (besides whole types). */
  readonly licenceCount: number;
  /** RFC 3339 UTC. */
  readonly validUntil: string;
  readonly createdAt: string;
}
