import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { FORM_FIELD_TYPES, HOLDER_ATTRIBUTES, type Language, mappableLicencePaths } from '@hutong/core';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Drawer,
  Empty,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-request.js';
import { type FaceField, fetchAllLicenceTypes, type LicenceType } from '../api/catalogue-api.js';
import { describeApiError } from '../api/describe-api-error.js';
import { createMatter, fetchAllMatters, type Matter, updateMatter } from '../api/matters-api.js';
import { fetchDepartments, type Organisation } from '../api/organisations-api.js';
import { formatInstant, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import {
  emptyMatterForm,
  formNameOf,
  type MatterFormValues,
  matterFormValues,
  matterInputOf,
} from './matter-form-values.js';
import { useStaff } from './use-staff.js';

interface Choices {
  readonly matters: readonly Matter[];
  readonly types: readonly LicenceType[];
  readonly departments: readonly Organisation[];
}

/**
 * 事项管理: the catalogue of service matters (each at its version in force), and for catalogue
 * administrators an editor: materials linked to licence types ("any one of" groups), the form's
 * fields each mapped to licence fields (tried in order), the holder's identity or the holder's
 * input. Saving writes the next version (`PUT`, with the version edited for optimistic
 * concurrency) or version 1 (`POST`); the server checks it against the catalogue and names the
 * member at fault, shown beside that item.
 */
export function MattersEditor({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { staff, has } = useStaff();
  const admin = staff !== null && has('catalogue-admin');
  const [data, retry] = useLoad<Choices>(
    async (signal) => {
      const [matters, types, departments] = await Promise.all([
        fetchAllMatters(language, signal),
        fetchAllLicenceTypes(language, signal),
        fetchDepartments(language, signal),
      ]);
      return { matters, types, departments };
    },
    [language],
  );
  const [editing, setEditing] = useState<{ readonly matter: Matter | undefined } | undefined>(undefined);

  if (data.kind === 'loading') return <Loading text={t('admin.matters.loading')} />;
  if (data.kind === 'error') return <LoadError title={t('admin.matters.failed')} error={data.error} onRetry={retry} />;
  const { matters, types, departments } = data.value;
  const typeName = (code: string) => {
    const type = types.find((candidate) => candidate.certificateTypeCode === code);
    return type === undefined ? code : labelIn(type.name, language);
  };
  const departmentName = (code: string) => {
    const department = departments.find((candidate) => candidate.code === code);
    return department === undefined ? code : labelIn(department.name, language);
  };

  return (
    <Flex vertical gap="middle" data-testid="admin-matters">
      <Typography.Paragraph type="secondary">{t('admin.matters.intro')}</Typography.Paragraph>
      {admin && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ alignSelf: 'start' }}
          onClick={() => setEditing({ matter: undefined })}
          data-testid="admin-matter-add"
        >
          {t('admin.matters.add')}
        </Button>
      )}
      {matters.length === 0 ? (
        <Empty description={t('admin.matters.empty')} />
      ) : (
        <Table<Matter>
          rowKey="code"
          size="small"
          scroll={{ x: true }}
          dataSource={[...matters]}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          data-testid="admin-matters-table"
          columns={[
            { title: t('admin.matters.code'), dataIndex: 'code' },
            { title: t('admin.matters.name'), render: (_: unknown, m: Matter) => labelIn(m.name, language) },
            {
              title: t('admin.matters.department'),
              render: (_: unknown, m: Matter) => departmentName(m.departmentCode),
            },
            {
              title: t('admin.matters.materials'),
              render: (_: unknown, m: Matter) => (
                <Flex wrap gap={4}>
                  {m.materials.map((material) => (
                    <Tag key={material.key} color={material.kind === 'licence' ? 'blue' : 'default'}>
                      {material.kind === 'licence'
                        ? material.anyOf.map(typeName).join(t('admin.matters.or'))
                        : labelIn(material.name, language)}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            {
              title: t('admin.matters.fields'),
              render: (_: unknown, m: Matter) =>
                t('admin.matters.fieldCounts', {
                  fields: m.fields.length,
                  mapped: m.fields.filter((f) => f.source.kind !== 'input').length,
                }),
            },
            { title: t('admin.matters.version'), dataIndex: 'version' },
            {
              title: t('admin.matters.updatedAt'),
              render: (_: unknown, m: Matter) => formatInstant(m.updatedAt, language),
            },
            ...(admin
              ? [
                  {
                    title: t('admin.actions'),
                    render: (_: unknown, m: Matter) => (
                      <Button onClick={() => setEditing({ matter: m })} data-testid={`admin-matter-edit-${m.code}`}>
                        {t('admin.matters.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing !== undefined && staff !== null && (
        <MatterDrawer
          language={language}
          csrfToken={staff.csrfToken}
          matter={editing.matter}
          types={types}
          departments={departments}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            retry();
          }}
        />
      )}
    </Flex>
  );
}

function MatterDrawer({
  language,
  csrfToken,
  matter,
  types,
  departments,
  onClose,
  onSaved,
}: {
  readonly language: Language;
  readonly csrfToken: string;
  readonly matter: Matter | undefined;
  readonly types: readonly LicenceType[];
  readonly departments: readonly Organisation[];
  readonly onClose: () => void;
  readonly onSaved: (saved: Matter) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MatterFormValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const typeOptions = types.map((type) => ({
    value: type.certificateTypeCode,
    label: `${labelIn(type.name, language)} (${type.certificateTypeCode})`,
  }));

  const save = async (values: MatterFormValues) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const outputType = types.find((type) => type.certificateTypeCode === values.output?.typeCode);
      const input = matterInputOf(values, outputType);
      const saved =
        matter === undefined
          ? await createMatter(language, csrfToken, input)
          : await updateMatter(language, csrfToken, matter.version, input);
      onSaved(saved);
    } catch (error) {
      const text = describeApiError(error, t);
      const name =
        error instanceof ApiError && error.failure.kind === 'problem' ? formNameOf(error.failure.field) : undefined;
      // Beside the item the server named, when the form shows it; else above the form. (The
      // path comes from the server, so the form is addressed untyped here.)
      const untyped = form as unknown as FormInstance;
      if (name !== undefined && untyped.getFieldInstance(name) !== undefined) {
        untyped.setFields([{ name, errors: [text] }]);
        untyped.scrollToField(name);
      } else {
        setProblem(text);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size="large"
      title={
        matter === undefined
          ? t('admin.matters.addTitle')
          : t('admin.matters.editTitle', { code: matter.code, version: matter.version })
      }
      onClose={onClose}
      destroyOnHidden
      data-testid="admin-matter-drawer"
      extra={
        <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="admin-matter-save">
          {t('admin.save')}
        </Button>
      }
    >
      {problem !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="hutong-form-alert"
          title={problem}
          data-testid="admin-matter-error"
        />
      )}
      <Form<MatterFormValues>
        form={form}
        layout="vertical"
        initialValues={matter === undefined ? emptyMatterForm() : matterFormValues(matter)}
        onFinish={(values) => void save(values)}
        scrollToFirstError
      >
        <Form.Item
          name="code"
          label={t('admin.matters.code')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input disabled={matter !== undefined} data-testid="admin-matter-code" />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item
            name={['name', 'zh']}
            label={t('admin.labelZh')}
            rules={[{ required: true, message: t('admin.required') }]}
            style={{ flex: 1 }}
          >
            <Input data-testid="admin-matter-name-zh" />
          </Form.Item>
          <Form.Item
            name={['name', 'en']}
            label={t('admin.labelEn')}
            rules={[{ required: true, message: t('admin.required') }]}
            style={{ flex: 1 }}
          >
            <Input data-testid="admin-matter-name-en" />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          <Form.Item
            name="departmentCode"
            label={t('admin.matters.department')}
            rules={[{ required: true, message: t('admin.required') }]}
            style={{ flex: 2, minWidth: 240 }}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="admin-matter-department"
              options={departments.map((d) => ({ value: d.code, label: labelIn(d.name, language) }))}
            />
          </Form.Item>
          <Form.Item name="holderCategory" label={t('admin.matters.holderCategory')} style={{ flex: 1, minWidth: 160 }}>
            <Select
              options={(['person', 'organisation'] as const).map((c) => ({
                value: c,
                label: t(`holderCategories.${c}`),
              }))}
            />
          </Form.Item>
        </Flex>

        <Typography.Title level={5}>{t('admin.matters.materials')}</Typography.Title>
        <Form.List name="materials">
          {(items, { add, remove }) => (
            <Flex vertical gap="small" data-testid="admin-matter-materials">
              {items.map((item) => (
                <MaterialCard
                  key={item.key}
                  name={item.name}
                  form={form}
                  typeOptions={typeOptions}
                  onRemove={() => remove(item.name)}
                />
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', name: { zh: '', en: '' }, kind: 'licence', anyOf: [] })}
                data-testid="admin-matter-material-add"
              >
                {t('admin.matters.addMaterial')}
              </Button>
            </Flex>
          )}
        </Form.List>

        <Typography.Title level={5}>{t('admin.matters.fields')}</Typography.Title>
        <Form.List name="fields">
          {(items, { add, remove }) => (
            <Flex vertical gap="small" data-testid="admin-matter-fields">
              {items.map((item) => (
                <FieldCard
                  key={item.key}
                  name={item.name}
                  form={form}
                  language={language}
                  types={types}
                  typeOptions={typeOptions}
                  onRemove={() => remove(item.name)}
                />
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  add({ key: '', label: { zh: '', en: '' }, type: 'string', required: true, source: { kind: 'input' } })
                }
                data-testid="admin-matter-field-add"
              >
                {t('admin.matters.addField')}
              </Button>
            </Flex>
          )}
        </Form.List>
        <OutputSection form={form} language={language} types={types} typeOptions={typeOptions} />
      </Form>
    </Drawer>
  );
}

function MaterialCard({
  name,
  form,
  typeOptions,
  onRemove,
}: {
  readonly name: number;
  readonly form: FormInstance<MatterFormValues>;
  readonly typeOptions: ReadonlyArray<{ value: string; label: string }>;
  readonly onRemove: () => void;
}) {
  const { t } = useTranslation();
  const kind = Form.useWatch(['materials', name, 'kind'], form);
  return (
    <Card size="small" data-testid={`admin-matter-material-${name}`}>
      <Flex gap="small" wrap align="start">
        <Form.Item
          name={[name, 'key']}
          label={t('admin.matters.key')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input style={{ width: 140 }} data-testid={`admin-matter-material-${name}-key`} />
        </Form.Item>
        <Form.Item
          name={[name, 'name', 'zh']}
          label={t('admin.labelZh')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input data-testid={`admin-matter-material-${name}-zh`} />
        </Form.Item>
        <Form.Item
          name={[name, 'name', 'en']}
          label={t('admin.labelEn')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input data-testid={`admin-matter-material-${name}-en`} />
        </Form.Item>
        <Form.Item name={[name, 'kind']} label={t('admin.matters.materialKind')}>
          <Select
            style={{ width: 160 }}
            options={[
              { value: 'licence', label: t('admin.matters.materialKinds.licence') },
              { value: 'other', label: t('admin.matters.materialKinds.other') },
            ]}
          />
        </Form.Item>
        <Button type="text" icon={<MinusCircleOutlined />} onClick={onRemove} aria-label={t('admin.remove')} />
      </Flex>
      <Form.Item name={[name, 'commitment']} valuePropName="checked" extra={t('admin.matters.commitmentHint')}>
        <Checkbox data-testid={`admin-matter-material-${name}-commitment`}>{t('admin.matters.commitment')}</Checkbox>
      </Form.Item>
      {kind === 'other' ? (
        <Form.Item name={[name, 'description']} label={t('admin.matters.description')}>
          <Input />
        </Form.Item>
      ) : (
        <Form.Item
          name={[name, 'anyOf']}
          label={t('admin.matters.anyOf')}
          rules={[{ required: true, type: 'array', min: 1, message: t('admin.matters.anyOfRequired') }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={[...typeOptions]}
            data-testid={`admin-matter-material-${name}-types`}
          />
        </Form.Item>
      )}
    </Card>
  );
}

function FieldCard({
  name,
  form,
  language,
  types,
  typeOptions,
  onRemove,
}: {
  readonly name: number;
  readonly form: FormInstance<MatterFormValues>;
  readonly language: Language;
  readonly types: readonly LicenceType[];
  readonly typeOptions: ReadonlyArray<{ value: string; label: string }>;
  readonly onRemove: () => void;
}) {
  const { t } = useTranslation();
  const source = Form.useWatch(['fields', name, 'source', 'kind'], form);
  const from = Form.useWatch(['fields', name, 'source', 'from'], form) as Array<{ typeCode?: string }> | undefined;
  // The paths a type offers (core's list, the one the node checks against): face fields, then metadata elements.
  const pathOptions = (typeCode: string | undefined) => {
    const type = types.find((candidate) => candidate.certificateTypeCode === typeCode);
    return mappableLicencePaths(type ?? { faceFields: [] }).map(({ path, scope, key }) => {
      const face = scope === 'face' ? type?.faceFields.find((f) => f.key === key) : undefined;
      const name = face === undefined ? t(`metadata.${key}`) : labelIn(face.label, language);
      return { value: path, label: `${name} (${path})` };
    });
  };
  return (
    <Card size="small" data-testid={`admin-matter-field-${name}`}>
      <Flex gap="small" wrap align="start">
        <Form.Item
          name={[name, 'key']}
          label={t('admin.matters.key')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input style={{ width: 140 }} data-testid={`admin-matter-field-${name}-key`} />
        </Form.Item>
        <Form.Item
          name={[name, 'label', 'zh']}
          label={t('admin.labelZh')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input data-testid={`admin-matter-field-${name}-zh`} />
        </Form.Item>
        <Form.Item
          name={[name, 'label', 'en']}
          label={t('admin.labelEn')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input data-testid={`admin-matter-field-${name}-en`} />
        </Form.Item>
        <Form.Item name={[name, 'type']} label={t('admin.matters.fieldType')}>
          <Select
            style={{ width: 110 }}
            options={FORM_FIELD_TYPES.map((type) => ({ value: type, label: t(`fieldTypes.${type}`) }))}
          />
        </Form.Item>
        <Form.Item name={[name, 'maxLength']} label={t('admin.matters.maxLength')}>
          <InputNumber min={1} max={2000} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name={[name, 'required']} valuePropName="checked" label={t('admin.required')}>
          <Checkbox />
        </Form.Item>
        <Button type="text" icon={<MinusCircleOutlined />} onClick={onRemove} aria-label={t('admin.remove')} />
      </Flex>
      <Flex gap="small" wrap align="start">
        <Form.Item name={[name, 'source', 'kind']} label={t('admin.matters.source')}>
          <Select
            style={{ width: 180 }}
            data-testid={`admin-matter-field-${name}-source`}
            onChange={(kind: string) => {
              // A licence source starts with one path to fill in.
              if (kind === 'licence' && (from ?? []).length === 0) {
                form.setFieldValue(['fields', name, 'source', 'from'], [{ typeCode: '', path: '' }]);
              }
            }}
            options={(['licence', 'holder', 'input'] as const).map((kind) => ({
              value: kind,
              label: t(`admin.matters.sources.${kind}`),
            }))}
          />
        </Form.Item>
        {source === 'holder' && (
          <Form.Item name={[name, 'source', 'attribute']} label={t('admin.matters.attribute')} initialValue="name">
            <Select
              style={{ width: 200 }}
              data-testid={`admin-matter-field-${name}-attribute`}
              options={HOLDER_ATTRIBUTES.map((a) => ({ value: a, label: t(`admin.matters.attributes.${a}`) }))}
            />
          </Form.Item>
        )}
      </Flex>
      {source === 'licence' && (
        <Form.List name={[name, 'source', 'from']}>
          {(paths, { add, remove }) => (
            <Flex vertical gap={4}>
              <Typography.Text type="secondary">{t('admin.matters.fromHint')}</Typography.Text>
              {paths.map((path) => (
                <Flex key={path.key} gap="small" wrap align="start">
                  <Form.Item
                    name={[path.name, 'typeCode']}
                    label={t('admin.matters.fromType')}
                    rules={[{ required: true, message: t('admin.required') }]}
                  >
                    <Select
                      style={{ width: 260 }}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={[...typeOptions]}
                      data-testid={`admin-matter-field-${name}-from-${path.name}-type`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[path.name, 'path']}
                    label={t('admin.matters.fromPath')}
                    rules={[{ required: true, message: t('admin.required') }]}
                  >
                    <Select
                      style={{ width: 300 }}
                      showSearch={{ optionFilterProp: 'label' }}
                      options={pathOptions(from?.[path.name]?.typeCode)}
                      data-testid={`admin-matter-field-${name}-from-${path.name}-path`}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(path.name)}
                    aria-label={t('admin.remove')}
                  />
                </Flex>
              ))}
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add({ typeCode: '', path: '' })}
                style={{ alignSelf: 'start' }}
              >
                {t('admin.matters.addFrom')}
              </Button>
            </Flex>
          )}
        </Form.List>
      )}
    </Card>
  );
}

/**
 * The licence the matter issues on completion (`output`): a type, and for each of its face
 * fields where the value comes from — a form field, a fixed value, or nothing. The server
 * checks the rest (the department's responsibility, a validity a kiosk can apply, the holder
 * category, every required face field mapped) and names the member at fault.
 */
function OutputSection({
  form,
  language,
  types,
  typeOptions,
}: {
  readonly form: FormInstance<MatterFormValues>;
  readonly language: Language;
  readonly types: readonly LicenceType[];
  readonly typeOptions: ReadonlyArray<{ value: string; label: string }>;
}) {
  const { t } = useTranslation();
  const typeCode = Form.useWatch(['output', 'typeCode'], form);
  const face = Form.useWatch(['output', 'face'], form) as MatterFormValues['output']['face'];
  const fields = Form.useWatch('fields', form) as MatterFormValues['fields'] | undefined;
  const type = types.find((candidate) => candidate.certificateTypeCode === typeCode);
  const fieldOptions = (fields ?? [])
    .filter((field) => field !== undefined && (field.key ?? '') !== '')
    .map((field) => ({
      value: field.key,
      label: `${labelIn(field.label ?? { zh: '', en: '' }, language)} (${field.key})`,
    }));
  return (
    <Flex vertical gap="small" data-testid="admin-matter-output">
      <Typography.Title level={5}>{t('admin.matters.outputTitle')}</Typography.Title>
      <Typography.Text type="secondary">{t('admin.matters.outputHint')}</Typography.Text>
      <Form.Item name={['output', 'typeCode']} label={t('admin.matters.outputType')}>
        <Select
          allowClear
          placeholder={t('admin.matters.outputNone')}
          showSearch={{ optionFilterProp: 'label' }}
          options={[...typeOptions]}
          data-testid="admin-matter-output-type"
        />
      </Form.Item>
      {type?.faceFields.map((faceField) => {
        const kind = face?.[faceField.key]?.kind ?? 'none';
        const label = labelIn(faceField.label, language);
        return (
          <Card size="small" key={faceField.key} data-testid={`admin-matter-output-face-${faceField.key}`}>
            <Flex gap="small" wrap align="start">
              <Form.Item
                name={['output', 'face', faceField.key, 'kind']}
                label={`${label} (face.${faceField.key})`}
                required={faceField.required}
                initialValue="none"
                rules={
                  faceField.required ? [{ validator: requiredSource, message: t('admin.matters.outputRequired') }] : []
                }
              >
                <Select
                  style={{ width: 180 }}
                  aria-label={`${label} · ${t('admin.matters.outputSource')}`}
                  data-testid={`admin-matter-output-face-${faceField.key}-kind`}
                  options={(['field', 'value', 'none'] as const).map((k) => ({
                    value: k,
                    label: t(`admin.matters.outputKinds.${k}`),
                  }))}
                />
              </Form.Item>
              {kind === 'field' && (
                <Form.Item
                  name={['output', 'face', faceField.key, 'field']}
                  label={t('admin.matters.outputField')}
                  rules={[{ required: true, message: t('admin.required') }]}
                >
                  <Select
                    style={{ width: 260 }}
                    options={fieldOptions}
                    data-testid={`admin-matter-output-face-${faceField.key}-field`}
                  />
                </Form.Item>
              )}
              {kind === 'value' && (
                <Form.Item
                  name={['output', 'face', faceField.key, 'value']}
                  label={t('admin.matters.outputValue')}
                  rules={[{ required: true, message: t('admin.required') }]}
                >
                  <FixedValueInput
                    faceField={faceField}
                    language={language}
                    testId={`admin-matter-output-face-${faceField.key}-value`}
                  />
                </Form.Item>
              )}
            </Flex>
          </Card>
        );
      })}
    </Flex>
  );
}

/** A required face field of the issued licence must take its value from somewhere. */
async function requiredSource(_rule: unknown, kind: unknown): Promise<void> {
  if (kind === undefined || kind === 'none') throw new Error('no source');
}

/** A fixed face value in the face field's own type: a number, yes/no, one of its enum values, or text. */
function FixedValueInput({
  faceField,
  language,
  testId,
  value,
  onChange,
  id,
}: {
  readonly faceField: FaceField;
  readonly language: Language;
  readonly testId: string;
  readonly value?: string | number | boolean | null;
  readonly onChange?: (value: string | number | boolean | null) => void;
  readonly id?: string;
}) {
  const { t } = useTranslation();
  // Form.Item gives its control an id (the label's `for`).
  const idProp = id === undefined ? {} : { id };
  if (faceField.type === 'integer' || faceField.type === 'decimal') {
    return (
      <InputNumber
        {...idProp}
        style={{ width: 160 }}
        {...(faceField.type === 'integer' ? { precision: 0 } : {})}
        value={typeof value === 'number' ? value : null}
        onChange={(next) => onChange?.(next)}
        data-testid={testId}
      />
    );
  }
  if (faceField.type === 'boolean') {
    // A select holds text: 'true' / 'false' stand for the boolean sent.
    return (
      <Select
        {...idProp}
        style={{ width: 200 }}
        value={typeof value === 'boolean' ? String(value) : null}
        onChange={(next: string) => onChange?.(next === 'true')}
        options={[
          { value: 'true', label: t('common.yes') },
          { value: 'false', label: t('common.no') },
        ]}
        data-testid={testId}
      />
    );
  }
  if (faceField.type === 'enum') {
    return (
      <Select
        {...idProp}
        style={{ width: 200 }}
        value={typeof value === 'string' ? value : null}
        onChange={(next: string) => onChange?.(next)}
        options={(faceField.enum ?? []).map((option) => ({
          value: option.value,
          label: labelIn(option.label, language),
        }))}
        data-testid={testId}
      />
    );
  }
  return (
    <Input
      {...idProp}
      style={{ width: 260 }}
      value={value === null || value === undefined ? '' : String(value)}
      onChange={(event) => onChange?.(event.target.value)}
      data-testid={testId}
    />
  );
}
