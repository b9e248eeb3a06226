/**
 * The no-submit (免提交) and no-fill (免填写) figures of the matters catalogue, overall, per
 * holder category (个人事项 / 法人事项) and per department, against the programme's targets
 * (新政办发〔2022〕59号: at least 20 % of personal and of legal-person matters by the end of
 * 2022, 40 % by the end of 2023, every matter by the end of 2025). The definitions are in
 * docs/design/matters.md §Figures; `electronicTypes` is the one place "obtainable
 * electronically" is decided.
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import type { Database } from '../store/database.js';
import { type Matter, matterOf } from './matter.js';

export const FIGURES_DEFINITION =
  'A licence type is obtainable electronically for a matter when it is published in the catalogue, on the responsibility list of a department of this node, and listed in the scenario (usage) list for that matter. A matter is no-submit when every material is a licence with at least one such type among its “any one of” types; no-fill when every required form field is filled from such a licence or from the holder’s identity (holder attributes). Targets are met when the share of personal and of legal-person matters each reaches the target. No-submit with commitments (告知承诺制, 国办发〔2020〕42号) counts, besides, a material the department accepts the holder’s commitment for as not needing paper; the no-submit figure itself stays as defined above.';

/** 新政办发〔2022〕59号 (docs/design/matters.md §Figures). */
export const PROGRAMME_TARGETS = [
  { by: '2022-12-31', share: 0.2, basis: '新政办发〔2022〕59号：2022年底前至少20%的个人事项、法人事项' },
  { by: '2023-12-31', share: 0.4, basis: '新政办发〔2022〕59号：2023年底前40%的个人和法人事项' },
  { by: '2025-12-31', share: 1, basis: '新政办发〔2022〕59号：2025年底前所有政务服务事项表单免填写、证照材料免提交' },
] as const;

export interface MatterAssessment {
  readonly code: string;
  readonly departmentCode: string;
  readonly holderCategory: string;
  readonly noSubmit: boolean;
  /** No-submit once materials accepted on the holder's commitment (告知承诺制) count as not needing paper. */
  readonly noSubmitWithCommitments: boolean;
  readonly noFill: boolean;
  readonly materialsElectronic: number;
  /** Materials not obtainable electronically that the department accepts a commitment for. */
  readonly materialsCommitted: number;
  readonly materials: number;
  readonly fieldsFillable: number;
  readonly fieldsRequired: number;
}

export interface Share {
  readonly matters: number;
  readonly noSubmit: number;
  readonly noSubmitWithCommitments: number;
  readonly noFill: number;
  readonly both: number;
  readonly noSubmitShare: number;
  readonly noSubmitWithCommitmentsShare: number;
  readonly noFillShare: number;
  readonly bothShare: number;
}

/**
 * For each matter code, the set of types obtainable electronically for it: published,
 * issuable on this node (a department of this node on its responsibility list), and on the
 * scenario list for that matter.
 */
export async function electronicTypes(
  db: Kysely<Database>,
): Promise<(matterCode: string, typeCode: string) => boolean> {
  const [issuable, scenarios] = await Promise.all([
    db
      .selectFrom('licence_types as t')
      .innerJoin('catalogue_responsibilities as r', 'r.type_code', 't.type_code')
      .innerJoin('organisations as o', 'o.code', 'r.department_code')
      .select('t.type_code')
      .distinct()
      .where('t.status', '=', 'published')
      .where('o.kind', '=', 'department')
      .execute(),
    db
      .selectFrom('catalogue_scenarios')
      .select(['type_code', 'matter_code'])
      .where('matter_code', 'is not', null)
      .execute(),
  ]);
  const types = new Set(issuable.map((row) => row.type_code));
  const listed = new Set(scenarios.map((row) => `${row.matter_code}\u0000${row.type_code}`));
  return (matterCode, typeCode) => types.has(typeCode) && listed.has(`${matterCode}\u0000${typeCode}`);
}

/** Judges one matter (pure, given the availability predicate). */
export function assessMatter(
  matter: Matter,
  electronic: (matterCode: string, typeCode: string) => boolean,
): MatterAssessment {
  const available = (typeCode: string) => electronic(matter.code, typeCode);
  const electronicMaterial = (m: Matter['materials'][number]) => m.kind === 'licence' && m.anyOf.some(available);
  const materialsElectronic = matter.materials.filter(electronicMaterial).length;
  // 国办发〔2020〕42号 (证明事项告知承诺制): a material accepted on the holder's written
  // commitment needs no paper either; counted apart, so that the no-submit figure keeps its
  // meaning (materials obtainable electronically) and the two can be compared.
  const materialsCommitted = matter.materials.filter((m) => !electronicMaterial(m) && m.commitment === true).length;
  const required = matter.fields.filter((f) => f.required);
  const fillable = required.filter(
    (f) =>
      f.source.kind === 'holder' || (f.source.kind === 'licence' && f.source.from.some((p) => available(p.typeCode))),
  ).length;
  return {
    code: matter.code,
    departmentCode: matter.departmentCode,
    holderCategory: matter.holderCategory,
    noSubmit: materialsElectronic === matter.materials.length,
    noSubmitWithCommitments: materialsElectronic + materialsCommitted === matter.materials.length,
    noFill: fillable === required.length,
    materialsElectronic,
    materialsCommitted,
    materials: matter.materials.length,
    fieldsFillable: fillable,
    fieldsRequired: required.length,
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

export function shareOf(assessments: readonly MatterAssessment[]): Share {
  const noSubmit = assessments.filter((a) => a.noSubmit).length;
  const noSubmitWithCommitments = assessments.filter((a) => a.noSubmitWithCommitments).length;
  const noFill = assessments.filter((a) => a.noFill).length;
  const both = assessments.filter((a) => a.noSubmit && a.noFill).length;
  const matters = assessments.length;
  return {
    matters,
    noSubmit,
    noSubmitWithCommitments,
    noFill,
    both,
    noSubmitShare: ratio(noSubmit, matters),
    noSubmitWithCommitmentsShare: ratio(noSubmitWithCommitments, matters),
    noFillShare: ratio(noFill, matters),
    bothShare: ratio(both, matters),
  };
}

/**
 * The figures the dashboard charts.
 *
 * @example const figures = await matterFigures(ctx); figures.overall.noSubmitShare // 0.45
 */
export async function matterFigures(ctx: Pick<AppContext, 'store' | 'now'>) {
  const db = ctx.store.db;
  const [rows, electronic, departments] = await Promise.all([
    db.selectFrom('matters').select(['code', 'version', 'document', 'updated_at']).orderBy('code').execute(),
    electronicTypes(db),
    db.selectFrom('organisations').select(['code', 'name_zh']).execute(),
  ]);
  const assessments = rows.map((row) => assessMatter(matterOf(row), electronic));
  const names = new Map(departments.map((d) => [d.code, d.name_zh]));
  const groups = <K extends string>(key: (a: MatterAssessment) => K) => {
    const map = new Map<K, MatterAssessment[]>();
    for (const a of assessments) map.set(key(a), [...(map.get(key(a)) ?? []), a]);
    return [...map.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  };
  const byHolderCategory = groups((a) => a.holderCategory).map(([holderCategory, list]) => ({
    holderCategory,
    ...shareOf(list),
  }));
  const meets = (share: number, pick: (s: Share) => number) =>
    byHolderCategory.length > 0 && byHolderCategory.every((c) => pick(c) >= share);
  return {
    at: ctx.now().toISOString(),
    definition: FIGURES_DEFINITION,
    targets: PROGRAMME_TARGETS.map((t) => ({
      by: t.by,
      share: t.share,
      basis: t.basis,
      noSubmitMet: meets(t.share, (s) => s.noSubmitShare),
      noSubmitWithCommitmentsMet: meets(t.share, (s) => s.noSubmitWithCommitmentsShare),
      noFillMet: meets(t.share, (s) => s.noFillShare),
    })),
    overall: shareOf(assessments),
    byHolderCategory,
    byDepartment: groups((a) => a.departmentCode).map(([departmentCode, list]) => ({
      departmentCode,
      departmentName: names.get(departmentCode) ?? departmentCode,
      ...shareOf(list),
    })),
    matters: assessments,
  };
}
