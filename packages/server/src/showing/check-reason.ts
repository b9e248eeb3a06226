import { type ErrorParams, errorCatalogue, errorMessage, type HutongErrorCode, type Language } from '@hutong/core';
import { ServerError, type ServerErrorCode, serverErrorCatalogue } from '../errors.js';

/** What a failed check of a verdict carries (core's `Check`, the server's `OnlineCheck`). */
export interface CodedCheck {
  readonly reason: string;
  readonly code?: string | undefined;
  readonly params?: ErrorParams | undefined;
  readonly zhParams?: ErrorParams | undefined;
}

let coreCodes: ReadonlySet<string> | undefined;
let serverCodes: ReadonlySet<string> | undefined;

/**
 * A check's reason in `language`, from its code and params: `reason` itself is English (for
 * logs), so a problem that quotes a check to a zh-CN caller formats the code's Chinese template
 * instead (with the check's `zhParams`). A check without a known code keeps its own reason.
 *
 * @example checkReason(failed[0], 'zh-CN') // '亮证码签名无效…'
 */
export function checkReason(check: CodedCheck, language: Language): string {
  const { code } = check;
  if (code === undefined) return check.reason;
  coreCodes ??= new Set(errorCatalogue().map((entry) => entry.code));
  if (coreCodes.has(code)) return errorMessage(code as HutongErrorCode, check.params ?? {}, language, check.zhParams);
  serverCodes ??= new Set(serverErrorCatalogue().map((entry) => entry.code));
  if (serverCodes.has(code)) {
    const params = check.params ?? {};
    const zhParams = check.zhParams;
    return new ServerError(
      code as ServerErrorCode,
      zhParams === undefined ? { params } : { params, zhParams },
    ).localize(language);
  }
  return check.reason;
}
