/**
 * Holders to try the demo with (printed in the start-up banner): the person who holds the
 * most licences, and a legal representative with their company — one whose business licence
 * is current and names them, who holds licences of their own (so the node knows their name),
 * and whose name no other demo person shares (so acting for the company is unambiguous).
 */
import type { DemoLicencePlan } from './demo-licences.js';

export interface DemoHolderSample {
  readonly role: 'person' | 'legal-representative';
  readonly name: string;
  readonly holderCodeType: string;
  readonly holderCode: string;
  /** Licences issued to this holder by the demo (first versions). */
  readonly licences: number;
  /** For a legal representative: the company they may act for. */
  readonly organisation?: { readonly name: string; readonly holderCodeType: '001'; readonly holderCode: string };
}

/**
 * Picks the sample holders from the demo's plan.
 *
 * @example demoHolderSamples(demoLicencePlan(anchorDate))
 */
export function demoHolderSamples(plan: DemoLicencePlan): DemoHolderSample[] {
  const counts = new Map<string, { name: string; typeCode: string; n: number }>();
  for (const { input } of plan.issuances) {
    const key = `${input.certificateHolderTypeCode}\u0000${input.certificateHolderCode}`;
    const entry = counts.get(key) ?? {
      name: input.certificateHolderName,
      typeCode: input.certificateHolderTypeCode,
      n: 0,
    };
    entry.n += 1;
    counts.set(key, entry);
  }
  const people = [...counts.entries()].filter(([, v]) => v.typeCode === '111');
  const namesake = new Map<string, number>();
  for (const [, v] of people) namesake.set(v.name, (namesake.get(v.name) ?? 0) + 1);
  const samples: DemoHolderSample[] = [];

  const busiest = people.reduce<(typeof people)[number] | undefined>(
    (best, entry) => (best === undefined || entry[1].n > best[1].n ? entry : best),
    undefined,
  );
  if (busiest !== undefined) {
    samples.push({
      role: 'person',
      name: busiest[1].name,
      holderCodeType: '111',
      holderCode: busiest[0].split('\u0000')[1] ?? '',
      licences: busiest[1].n,
    });
  }

  const changed = new Set(plan.events.map((e) => e.sourceKey));
  const past = new Set(plan.pastExpiry);
  // People with a licence no event or expiry touches: the node will know their name from it.
  const current = new Set(
    plan.issuances
      .filter((i) => !changed.has(i.sourceKey) && !past.has(i.sourceKey))
      .map((i) => `${i.input.certificateHolderTypeCode}\u0000${i.input.certificateHolderCode}`),
  );
  for (const issuance of plan.issuances) {
    if (issuance.type !== 'businessLicence' || changed.has(issuance.sourceKey)) continue;
    const representative = issuance.input.face.legalRepresentative;
    if (typeof representative !== 'string' || namesake.get(representative) !== 1) continue;
    const person = people.find(([key, v]) => v.name === representative && current.has(key));
    if (person === undefined) continue;
    samples.push({
      role: 'legal-representative',
      name: representative,
      holderCodeType: '111',
      holderCode: person[0].split('\u0000')[1] ?? '',
      licences: person[1].n,
      organisation: {
        name: issuance.input.certificateHolderName,
        holderCodeType: '001',
        holderCode: issuance.input.certificateHolderCode,
      },
    });
    break;
  }
  return samples;
}
