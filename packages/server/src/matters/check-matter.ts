/**
 * Checks a matter against what the node knows: the department is a department on this node,
 * every licence type named is published in the catalogue (not retired), every field path
 * exists on its type, every type a field reads from is among the matter's materials, and the
 * result licence (if any) is a type the department is responsible for, whose face the form
 * can fill. Each refusal is a typed error naming the member at fault (`materials[2].anyOf[0]`).
 */
import { faceFieldOf, type LicenceType, type MatterContent, mappableLicencePaths } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { documentOf } from '../catalogue/licence-type-record.js';
import { ServerError } from '../errors.js';
import { materialTypes } from './matter.js';

function inputError(field: string, rule: string): ServerError {
  return new ServerError('ERR_MATTERS_INPUT', { field, params: { field, rule } });
}

/** Published types by code (the version in force), read once per check. */
async function publishedTypes(
  ctx: Pick<AppContext, 'store'>,
  codes: readonly string[],
): Promise<Map<string, LicenceType>> {
  const found = new Map<string, LicenceType>();
  if (codes.length === 0) return found;
  const rows = await ctx.store.db
    .selectFrom('licence_types as t')
    .innerJoin('licence_type_versions as v', (join) =>
      join.onRef('v.type_code', '=', 't.type_code').onRef('v.version', '=', 't.published_version'),
    )
    .select(['v.type_code', 'v.version', 'v.status', 'v.document'])
    .where('t.type_code', 'in', [...codes])
    .where('t.status', '=', 'published')
    .execute();
  for (const row of rows) found.set(row.type_code, documentOf(row));
  return found;
}

function checkUnique(keys: readonly string[], list: string): void {
  const seen = new Set<string>();
  keys.forEach((key, index) => {
    if (seen.has(key)) throw inputError(`${list}[${index}].key`, `the key ${key} is used twice`);
    seen.add(key);
  });
}

export async function checkMatter(ctx: Pick<AppContext, 'store'>, matter: MatterContent): Promise<void> {
  checkUnique(
    matter.materials.map((m) => m.key),
    'materials',
  );
  checkUnique(
    matter.fields.map((f) => f.key),
    'fields',
  );
  const department = await ctx.store.db
    .selectFrom('organisations')
    .select(['code', 'kind'])
    .where('code', '=', matter.departmentCode)
    .executeTakeFirst();
  if (department === undefined || department.kind !== 'department') {
    throw new ServerError('ERR_MATTERS_DEPARTMENT', {
      field: 'departmentCode',
      params: { field: 'departmentCode', departmentCode: matter.departmentCode },
    });
  }
  const named = new Set<string>(materialTypes(matter));
  for (const field of matter.fields) {
    if (field.source.kind === 'licence') for (const from of field.source.from) named.add(from.typeCode);
  }
  if (matter.output !== undefined) named.add(matter.output.typeCode);
  const types = await publishedTypes(ctx, [...named]);
  const unknown = (field: string, typeCode: string) =>
    new ServerError('ERR_MATTERS_TYPE_UNKNOWN', { field, params: { field, typeCode } });

  matter.materials.forEach((material, m) => {
    if (material.kind !== 'licence') return;
    material.anyOf.forEach((typeCode, t) => {
      if (!types.has(typeCode)) throw unknown(`materials[${m}].anyOf[${t}]`, typeCode);
    });
  });
  const onMaterials = new Set(materialTypes(matter));
  matter.fields.forEach((field, f) => {
    if (field.source.kind !== 'licence') return;
    field.source.from.forEach((from, p) => {
      const at = `fields[${f}].source.from[${p}]`;
      const type = types.get(from.typeCode);
      if (type === undefined) throw unknown(`${at}.typeCode`, from.typeCode);
      if (!onMaterials.has(from.typeCode)) {
        throw new ServerError('ERR_MATTERS_TYPE_NOT_A_MATERIAL', {
          field: `${at}.typeCode`,
          params: { field: `${at}.typeCode`, typeCode: from.typeCode },
        });
      }
      // The whole path must be one the type offers (core's list, which the editor offers too).
      if (!mappableLicencePaths(type).some((mappable) => mappable.path === from.path)) {
        throw new ServerError('ERR_MATTERS_FIELD_PATH_UNKNOWN', {
          field: `${at}.path`,
          params: { field: `${at}.path`, typeCode: from.typeCode, path: from.path },
        });
      }
    });
  });
  if (matter.output !== undefined) await checkOutput(ctx, matter, types);
}

async function checkOutput(
  ctx: Pick<AppContext, 'store'>,
  matter: MatterContent,
  types: ReadonlyMap<string, LicenceType>,
): Promise<void> {
  const output = matter.output;
  if (output === undefined) return;
  const type = types.get(output.typeCode);
  if (type === undefined) {
    throw new ServerError('ERR_MATTERS_TYPE_UNKNOWN', {
      field: 'output.typeCode',
      params: { field: 'output.typeCode', typeCode: output.typeCode },
    });
  }
  const refuse = (field: string, rule: string) =>
    new ServerError('ERR_MATTERS_OUTPUT', { field, params: { field, rule } });
  const responsible = await ctx.store.db
    .selectFrom('catalogue_responsibilities')
    .select('department_code')
    .where('type_code', '=', output.typeCode)
    .where('department_code', '=', matter.departmentCode)
    .executeTakeFirst();
  if (responsible === undefined) {
    throw refuse('output.typeCode', `the department ${matter.departmentCode} is not on the type's responsibility list`);
  }
  if (type.validity.kind === 'range') {
    throw refuse('output.typeCode', 'the type’s validity is a range chosen per licence; a kiosk cannot choose it');
  }
  if (type.holderCategory !== 'both' && type.holderCategory !== matter.holderCategory) {
    throw refuse(
      'output.typeCode',
      `the type is for ${type.holderCategory} holders, the matter for ${matter.holderCategory}`,
    );
  }
  const fieldKeys = new Set(matter.fields.map((f) => f.key));
  for (const [key, value] of Object.entries(output.face)) {
    const face = faceFieldOf(type, key);
    if (face === undefined) throw refuse(`output.face.${key}`, `the type has no face field ${key}`);
    if ('field' in value && !fieldKeys.has(value.field)) {
      throw refuse(`output.face.${key}.field`, `the form has no field ${value.field}`);
    }
  }
  for (const face of type.faceFields) {
    if (face.required && !Object.hasOwn(output.face, face.key)) {
      throw refuse(`output.face.${face.key}`, 'a required face field of the result licence is not mapped');
    }
  }
}
