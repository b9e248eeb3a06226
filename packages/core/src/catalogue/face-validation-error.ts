import { type ErrorParams, HutongError, type HutongErrorCode, type Language } from '../errors.js';

/**
 * One problem with one face field: a HutongError whose `field` is the face field's key
 * (`$` for the face as a whole), so a form can put each message beside its input.
 */
export type FaceIssue = HutongError & { readonly field: string };

export function faceIssue(code: HutongErrorCode, field: string, params: ErrorParams = {}, cause?: unknown): FaceIssue {
  return new HutongError(code, cause === undefined ? { field, params } : { field, params, cause }) as FaceIssue;
}

/** A face issue as the API shows it: `{ field, code, message }` in the caller's language. */
export interface FaceIssueJson {
  readonly field: string;
  readonly code: HutongErrorCode;
  readonly message: string;
}

/**
 * `ERR_CATALOGUE_FACE_INVALID`: a face failed validation. Unlike other errors it carries
 * EVERY problem found (`issues`), not only the first, so a person correcting a form or a
 * spreadsheet row sees all of them at once. It is a HutongError: code-based handling works
 * unchanged; `params` has `count` and `fields` (the keys at fault, comma-separated).
 */
export class FaceValidationError extends HutongError {
  readonly issues: readonly FaceIssue[];

  constructor(issues: readonly FaceIssue[]) {
    const fields = [...new Set(issues.map((i) => i.field))].join(', ');
    super('ERR_CATALOGUE_FACE_INVALID', { params: { count: issues.length, fields } });
    this.name = 'FaceValidationError';
    this.issues = issues;
  }

  /** The issues in the caller's language. */
  localizeIssues(language: Language): FaceIssueJson[] {
    return this.issues.map((i) => ({ field: i.field, code: i.code, message: i.localize(language) }));
  }

  override toJSON(language: Language = 'en'): {
    code: HutongErrorCode;
    message: string;
    field?: string;
    issues: FaceIssueJson[];
  } {
    return { ...super.toJSON(language), issues: this.localizeIssues(language) };
  }
}

/** @example if (isFaceValidationError(e)) showBesideInputs(e.localizeIssues('zh-CN')); */
export function isFaceValidationError(value: unknown): value is FaceValidationError {
  return value instanceof FaceValidationError;
}
