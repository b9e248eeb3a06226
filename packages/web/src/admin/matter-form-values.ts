import type {
  FieldSource,
  FormFieldInput,
  FormFieldType,
  HolderAttribute,
  MaterialInput,
  Matter,
  MatterInput,
  OutputFace,
} from '../api/matters-api.js';

/**
 * The matters editor's form values. They mirror the API's document member for member
 * (`materials[i].anyOf`, `fields[i].source.from[j].path` …), so a problem's `field` from the
 * server names the form item at fault as it is (see `formNameOf`).
 */
export interface MatterFormValues {
  code: string;
  name: { zh: string; en: string };
  departmentCode: string;
  holderCategory: 'person' | 'organisation';
  materials: Array<{
    key: string;
    name: { zh: string; en: string };
    kind: 'licence' | 'other';
    anyOf?: string[];
    description?: string;
    commitment?: boolean;
  }>;
  fields: Array<{
    key: string;
    label: { zh: string; en: string };
    type: FormFieldType;
    required: boolean;
    maxLength?: number | null;
    source: {
      kind: FieldSource['kind'];
      attribute?: HolderAttribute;
      from?: Array<{ typeCode: string; path: string }>;
    };
  }>;
  /**
   * The licence the matter issues when completed: none while `typeCode` is empty. Each face
   * field of that type takes a form field's value, a fixed value, or nothing (`none`).
   */
  output: {
    typeCode?: string | null;
    face?: Record<string, OutputFaceFormValue>;
  };
}

export interface OutputFaceFormValue {
  kind: 'field' | 'value' | 'none';
  field?: string;
  value?: string | number | boolean | null;
}

export function emptyMatterForm(): MatterFormValues {
  return {
    code: '',
    name: { zh: '', en: '' },
    departmentCode: '',
    holderCategory: 'person',
    materials: [],
    fields: [],
    output: {},
  };
}

export function matterFormValues(matter: Matter): MatterFormValues {
  return {
    code: matter.code,
    name: { ...matter.name },
    departmentCode: matter.departmentCode,
    holderCategory: matter.holderCategory,
    materials: matter.materials.map((m) =>
      m.kind === 'licence'
        ? { key: m.key, name: { ...m.name }, kind: 'licence', anyOf: [...m.anyOf], commitment: m.commitment === true }
        : {
            key: m.key,
            name: { ...m.name },
            kind: 'other',
            description: m.description ?? '',
            commitment: m.commitment === true,
          },
    ),
    fields: matter.fields.map((f) => ({
      key: f.key,
      label: { ...f.label },
      type: f.type,
      required: f.required,
      maxLength: f.maxLength ?? null,
      source:
        f.source.kind === 'licence'
          ? { kind: 'licence', from: f.source.from.map((p) => ({ ...p })) }
          : f.source.kind === 'holder'
            ? { kind: 'holder', attribute: f.source.attribute }
            : { kind: 'input' },
    })),
    output:
      matter.output === undefined
        ? {}
        : {
            typeCode: matter.output.typeCode,
            face: Object.fromEntries(
              Object.entries(matter.output.face).map(([key, mapping]): [string, OutputFaceFormValue] => [
                key,
                'field' in mapping ? { kind: 'field', field: mapping.field } : { kind: 'value', value: mapping.value },
              ]),
            ),
          },
  };
}

const trimmed = (label: { zh: string; en: string }) => ({ zh: label.zh.trim(), en: label.en.trim() });

/**
 * The output to send: none without a type; else each face field of `outputType` that is mapped
 * (to a form field, or a fixed value that is not empty). Face keys of another type, left in the
 * form after the type was changed, are not sent; without `outputType` every mapping is.
 */
function outputOf(
  values: MatterFormValues['output'] | undefined,
  outputType: { readonly faceFields: ReadonlyArray<{ readonly key: string }> } | undefined,
): MatterInput['output'] {
  const typeCode = values?.typeCode ?? '';
  if (typeCode === '') return undefined;
  const face: Record<string, OutputFace[string]> = {};
  // A type the editor does not know (no longer published) keeps every mapping it had.
  const keys = outputType?.faceFields.map((face) => face.key) ?? Object.keys(values?.face ?? {});
  for (const key of keys) {
    const mapping = values?.face?.[key];
    if (mapping?.kind === 'field' && mapping.field !== undefined && mapping.field !== '') {
      face[key] = { field: mapping.field };
    } else if (mapping?.kind === 'value' && mapping.value !== undefined && mapping.value !== null) {
      const value = typeof mapping.value === 'string' ? mapping.value.trim() : mapping.value;
      if (value !== '') face[key] = { value };
    }
  }
  return { typeCode, face };
}

/**
 * The document to send: each member as the API takes it (a material's `anyOf` only for licence
 * materials, a field's source members only for its kind, empty optional members left out), and
 * the licence it issues (`output`) with the face fields of `outputType`, the type chosen.
 */
export function matterInputOf(
  values: MatterFormValues,
  outputType: { readonly faceFields: ReadonlyArray<{ readonly key: string }> } | undefined,
): MatterInput {
  const materials: MaterialInput[] = (values.materials ?? []).map((m) => {
    // Sent only when set: a matter saved without it reads back as it was written.
    const commitment = m.commitment === true ? { commitment: true } : {};
    return m.kind === 'licence'
      ? { key: m.key.trim(), name: trimmed(m.name), kind: 'licence', anyOf: m.anyOf ?? [], ...commitment }
      : {
          key: m.key.trim(),
          name: trimmed(m.name),
          kind: 'other',
          ...(m.description === undefined || m.description.trim() === '' ? {} : { description: m.description.trim() }),
          ...commitment,
        };
  });
  const fields: FormFieldInput[] = (values.fields ?? []).map((f) => {
    const source: FieldSource =
      f.source.kind === 'licence'
        ? { kind: 'licence', from: (f.source.from ?? []).map((p) => ({ typeCode: p.typeCode, path: p.path })) }
        : f.source.kind === 'holder'
          ? { kind: 'holder', attribute: f.source.attribute ?? 'name' }
          : { kind: 'input' };
    return {
      key: f.key.trim(),
      label: trimmed(f.label),
      type: f.type,
      required: f.required === true,
      ...(typeof f.maxLength === 'number' ? { maxLength: f.maxLength } : {}),
      source,
    };
  });
  const output = outputOf(values.output, outputType);
  return {
    code: values.code.trim(),
    name: trimmed(values.name),
    departmentCode: values.departmentCode,
    holderCategory: values.holderCategory,
    materials,
    fields,
    ...(output === undefined ? {} : { output }),
  };
}

/** Form items that hold a value (the leaves of the form). */
const LEAVES = new Set([
  'code',
  'zh',
  'en',
  'departmentCode',
  'holderCategory',
  'key',
  'kind',
  'anyOf',
  'description',
  'type',
  'required',
  'maxLength',
  'attribute',
  'typeCode',
  'path',
  'field',
  'value',
]);

/**
 * The form item a problem's `field` names, or undefined when it names none (then the problem is
 * shown above the form). `materials[2].anyOf[0]` → `['materials', 2, 'anyOf']` (the select of
 * types), `name` → `['name', 'zh']`, `fields[1].source` → `['fields', 1, 'source', 'kind']`.
 *
 * @example formNameOf('fields[1].source.from[0].path') // ['fields', 1, 'source', 'from', 0, 'path']
 */
export function formNameOf(field: string | undefined): Array<string | number> | undefined {
  if (field === undefined || field === '') return undefined;
  const path: Array<string | number> = [];
  for (const part of field.replace(/^\//, '').split(/[.[\]/]+/)) {
    if (part === '') continue;
    path.push(/^\d+$/.test(part) ? Number(part) : part);
  }
  while (typeof path[path.length - 1] === 'number') path.pop();
  // `output.face.<face key>` names the face field's row, whatever its key is called.
  if (path[0] === 'output' && path[1] === 'face' && path.length === 3) return [...path, 'kind'];
  const last = path[path.length - 1];
  if (typeof last !== 'string') return undefined;
  if (LEAVES.has(last)) return path;
  if (last === 'name' || last === 'label') return [...path, 'zh'];
  if (last === 'source') return [...path, 'kind'];
  if (last === 'from') return [...path.slice(0, -1), 'kind'];
  return undefined;
}
