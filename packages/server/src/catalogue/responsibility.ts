import type { Label, TypeCode, Uscc } from '@hutong/core';
import type { ResponsibilityProgress } from './responsibility-progress.js';

/** One entry of the responsibility list as the API shows it: core's `ResponsibilityEntry`, names and progress. */
export interface Responsibility {
  readonly departmentCode: Uscc;
  readonly departmentName: Label;
  readonly certificateTypeCode: TypeCode;
  readonly typeName: Label;
  /** `yyyyMMdd`. */
  readonly deadline: string;
  readonly paperCount?: number;
  readonly progress: ResponsibilityProgress;
  readonly updatedAt: string;
}
