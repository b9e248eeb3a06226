import type { Language } from '@hutong/core';
import { apiRequest, isObject, isString } from './api-request.js';

/** A group of matters and how many are no-submit (免提交) and no-fill (免填写). */
export interface MatterShare {
  readonly matters: number;
  readonly noSubmit: number;
  /** No-submit once materials accepted on the holder's commitment (告知承诺制, 国办发〔2020〕42号) count too. */
  readonly noSubmitWithCommitments: number;
  readonly noFill: number;
  readonly noSubmitShare: number;
  readonly noSubmitWithCommitmentsShare: number;
  readonly noFillShare: number;
}

/** `GET /api/v1/matters/figures` (public): the programme's figures against its targets. */
export interface MatterFigures {
  readonly at: string;
  readonly targets: ReadonlyArray<{
    readonly by: string;
    readonly share: number;
    readonly noSubmitMet: boolean;
    readonly noSubmitWithCommitmentsMet: boolean;
    readonly noFillMet: boolean;
  }>;
  readonly overall: MatterShare;
  readonly byHolderCategory: ReadonlyArray<MatterShare & { readonly holderCategory: string }>;
}

const isShare = (value: unknown): value is MatterShare =>
  isObject(value) &&
  [
    'matters',
    'noSubmit',
    'noSubmitWithCommitments',
    'noFill',
    'noSubmitShare',
    'noSubmitWithCommitmentsShare',
    'noFillShare',
  ].every((key) => typeof value[key] === 'number');

function isMatterFigures(value: unknown): value is MatterFigures {
  return (
    isObject(value) &&
    isString(value.at) &&
    Array.isArray(value.targets) &&
    value.targets.every(
      (t) =>
        isObject(t) &&
        isString(t.by) &&
        typeof t.share === 'number' &&
        typeof t.noSubmitMet === 'boolean' &&
        typeof t.noSubmitWithCommitmentsMet === 'boolean' &&
        typeof t.noFillMet === 'boolean',
    ) &&
    isShare(value.overall) &&
    Array.isArray(value.byHolderCategory) &&
    value.byHolderCategory.every((c) => isShare(c) && isString((c as { holderCategory?: unknown }).holderCategory))
  );
}

export function fetchMatterFigures(language: Language, signal?: AbortSignal): Promise<MatterFigures> {
  return apiRequest('/api/v1/matters/figures', { language, signal, accept: isMatterFigures });
}
