/**
 * The organisation that runs this node (运营单位): the node's name and area code in its trust
 * list come from it, so a verifier shows people "新疆维吾尔自治区政务服务和公共资源交易中心",
 * not the node's UUID (docs/design/trust-list.md, `node.name` and `node.areaCode`).
 */
import type { AppContext } from '../app-context.js';
import { getOrganisation } from '../organisations/get-organisation.js';
import type { Organisation } from '../organisations/organisation.js';
import { META_KEYS, readMeta, writeMeta } from '../store/meta.js';

/**
 * Records which organisation of the registry runs the node; unknown → `ERR_ORGANISATIONS_NOT_FOUND`
 * (field `code`), a malformed USCC → core's error. The next trust list built carries its name.
 *
 * @example await setNodeOperator(ctx, '12650000010122000X');
 */
export async function setNodeOperator(ctx: Pick<AppContext, 'store'>, code: unknown): Promise<Organisation> {
  const organisation = await getOrganisation(ctx, code);
  await writeMeta(ctx.store.db, META_KEYS.nodeOperator, organisation.code);
  return organisation;
}

/** The organisation that runs the node, or undefined when none was recorded (or it left the registry). */
export async function nodeOperatorOf(ctx: Pick<AppContext, 'store'>): Promise<Organisation | undefined> {
  const code = await readMeta(ctx.store.db, META_KEYS.nodeOperator);
  if (code === undefined) return undefined;
  try {
    return await getOrganisation(ctx, code);
  } catch {
    return undefined;
  }
}
