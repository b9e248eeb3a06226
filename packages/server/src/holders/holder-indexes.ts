import type { AppContext } from '../app-context.js';
import { holderIndex } from '../library/holder-index.js';

/**
 * The library's index keys of a holder under the current master key and every earlier one
 * (a rotation never hides a holder's licences).
 */
export function holderIndexesOf(ctx: AppContext, holderCodeType: string, holderCode: string): string[] {
  return [ctx.secrets, ...ctx.secrets.previous].map((secrets) =>
    holderIndex(secrets.purposeKey('holder-index'), holderCodeType, holderCode),
  );
}
