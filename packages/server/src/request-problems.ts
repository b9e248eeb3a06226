/**
 * Every problem of one request, not only the first (issue 3): a licence request whose holder
 * code, dates and face are all wrong is refused once, naming each field at fault, so a
 * person correcting a form or a spreadsheet row sees all of them at once. The error thrown
 * stays the FIRST problem (its code, field and message, as before: clients keying on `code`
 * see no change); the others travel with it and the API adds them as `issues[]` (RFC 9457
 * extension member), the import as the row's reasons.
 */
import { type FaceIssueJson, isFaceValidationError, type Language } from '@hutong/core';
import type { LocalizedError } from './errors.js';

/** One field's problem as the API shows it: `{ field, code, message }` in the caller's language. */
export type ProblemJson = Omit<FaceIssueJson, 'code'> & { readonly code: string };

const EVERY_PROBLEM = new WeakMap<object, readonly LocalizedError[]>();

/** The problems an error stands for: a face error's issues, or the error itself. */
function problemsIn(error: LocalizedError): readonly LocalizedError[] {
  return isFaceValidationError(error) ? error.issues : [error];
}

/**
 * The error to throw for a request with these problems (in the order found; at least one):
 * the first itself when it is the only one, else the first carrying all of them.
 *
 * @example if (problems.length > 0) throw withEveryProblem(problems);
 */
export function withEveryProblem(errors: readonly [LocalizedError, ...LocalizedError[]]): LocalizedError {
  const [first] = errors;
  if (errors.length === 1) return first;
  EVERY_PROBLEM.set(first, errors.flatMap(problemsIn));
  return first;
}

/**
 * Every problem `error` stands for, each naming its field: several for a request refused
 * for several reasons (or a face with several bad fields), undefined for an error that
 * carries only itself.
 *
 * @example everyProblemOf(error)?.map((p) => p.field) // ['certificateHolderCode', 'certificateIssuedDate', 'age']
 */
export function everyProblemOf(error: unknown): readonly LocalizedError[] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const registered = EVERY_PROBLEM.get(error);
  if (registered !== undefined) return registered;
  return isFaceValidationError(error) ? error.issues : undefined;
}

/**
 * `issues[]` of a problem document or a batch item's error, in the caller's language;
 * undefined when the error is its only problem.
 *
 * @example const issues = localizeEveryProblem(error, 'zh-CN');
 */
export function localizeEveryProblem(error: unknown, language: Language): ProblemJson[] | undefined {
  return everyProblemOf(error)?.map((problem) => ({
    field: problem.field ?? '$',
    code: problem.code,
    message: problem.localize(language),
  }));
}
