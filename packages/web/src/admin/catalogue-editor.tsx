import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { AUTHORITY_LEVELS, HOLDER_CATEGORIES, type Language, SUITE_NAMES } from '@hutong/core';
import {
  Alert,
  Button,
  Divider,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Segmented,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  createType,
  fetchTypesByStatus,
  fetchTypeVersions,
  publishType,
  retireType,
  saveTypeDraft,
  type TypeStatus,
} from '../api/catalogue-admin-api.js';
import type { LicenceType } from '../api/catalogue-api.js';
import { labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { FaceFieldDesigner } from './face-field-designer.js';
import { type TypeFormValues, toFormValues, toTypeInput } from './type-form-values.js';
import { useAction, useStaff } from './use-staff.js';

const STATUS_COLOURS: Record<string, string> = { draft: 'gold', published: 'green', retired: 'default' };

/** The catalogue as administrators manage it: types by status, each opening onto its editor. */
export function CatalogueEditor({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { has } = useStaff();
  const admin = has('catalogue-admin');
  const [status, setStatus] = useState<TypeStatus>('published');
  const [editing, setEditing] = useState<{ readonly code?: string } | null>(null);
  const [types, retry] = useLoad(
    (signal) => (status === 'draft' && !admin ? Promise.resolve([]) : fetchTypesByStatus(language, status, signal)),
    [language, status, admin],
  );

  if (editing !== null) {
    return (
      <TypeEditor
        language={language}
        code={editing.code}
        onBack={() => {
          setEditing(null);
          retry();
        }}
        onCreated={(code) => setEditing({ code })}
      />
    );
  }

  return (
    <Flex vertical gap="middle" data-testid="admin-types">
      <Flex justify="space-between" wrap gap="small">
        <Segmented<TypeStatus>
          aria-label={t('admin.types.statusFilter')}
          value={status}
          onChange={setStatus}
          data-testid="admin-types-status"
          options={(['published', 'draft', 'retired'] as const)
            .filter((s) => s !== 'draft' || admin)
            .map((s) => ({ value: s, label: t(`admin.typeStatus.${s}`) }))}
        />
        {admin && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})} data-testid="admin-type-new">
            {t('admin.types.new')}
          </Button>
        )}
      </Flex>
      {types.kind === 'loading' && <Loading text={t('admin.types.loading')} />}
      {types.kind === 'error' && <LoadError title={t('admin.types.failed')} error={types.error} onRetry={retry} />}
      {types.kind === 'ok' && types.value.length === 0 && (
        <Empty description={t('admin.types.empty')} data-testid="admin-types-empty" />
      )}
      {types.kind === 'ok' && types.value.length > 0 && (
        <Table<LicenceType>
          rowKey="certificateTypeCode"
          dataSource={types.value}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="admin-types-table"
          columns={[
            { key: 'name', title: t('catalogue.name'), render: (_, type) => labelIn(type.name, language) },
            {
              key: 'code',
              title: t('catalogue.typeCode'),
              render: (_, type) => <Typography.Text code>{type.certificateTypeCode}</Typography.Text>,
            },
            { key: 'version', title: t('catalogue.version'), render: (_, type) => type.version },
            {
              key: 'status',
              title: t('admin.types.status'),
              render: (_, type) => (
                <Tag color={STATUS_COLOURS[type.status] ?? 'default'}>{t(`admin.typeStatus.${type.status}`)}</Tag>
              ),
            },
            { key: 'fields', title: t('catalogue.faceFields'), render: (_, type) => type.faceFields.length },
            {
              key: 'open',
              title: t('admin.actions'),
              render: (_, type) => (
                <Button
                  onClick={() => setEditing({ code: type.certificateTypeCode })}
                  data-testid={`admin-type-open-${type.certificateTypeCode}`}
                >
                  {admin ? t('admin.types.edit') : t('admin.types.view')}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Flex>
  );
}

/** One type: its versions, and the editor of its draft (or of a new type). */
function TypeEditor({
  language,
  code,
  onBack,
  onCreated,
}: {
  readonly language: Language;
  readonly code: string | undefined;
  readonly onBack: () => void;
  readonly onCreated: (code: string) => void;
}) {
  const { t } = useTranslation();
  const { staff, has } = useStaff();
  const admin = has('catalogue-admin');
  const [versions, retry] = useLoad(
    (signal) => (code === undefined ? Promise.resolve([]) : fetchTypeVersions(language, code, signal)),
    [language, code],
  );

  return (
    <Flex vertical gap="middle" data-testid="admin-type-editor">
      <Flex align="center" gap="small" wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="admin-type-back">
          {t('admin.back')}
        </Button>
        <Typography.Title level={3} className="hutong-subtitle">
          {code === undefined ? t('admin.types.new') : code}
        </Typography.Title>
      </Flex>
      {versions.kind === 'loading' && <Loading text={t('admin.types.loadingVersions')} />}
      {versions.kind === 'error' && (
        <LoadError title={t('admin.types.failedVersions')} error={versions.error} onRetry={retry} />
      )}
      {versions.kind === 'ok' && (
        <TypeForm
          key={versions.value.map((v) => `${v.version}${v.status}`).join()}
          language={language}
          versions={versions.value}
          isNew={code === undefined}
          csrfToken={staff?.csrfToken}
          editable={admin}
          onSaved={(saved) => (code === undefined ? onCreated(saved.certificateTypeCode) : retry())}
        />
      )}
    </Flex>
  );
}

function TypeForm({
  language,
  versions,
  isNew,
  csrfToken,
  editable,
  onSaved,
}: {
  readonly language: Language;
  readonly versions: readonly LicenceType[];
  readonly isNew: boolean;
  readonly csrfToken: string | undefined;
  readonly editable: boolean;
  readonly onSaved: (saved: LicenceType) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TypeFormValues>();
  const { busy, run } = useAction();
  const latest = versions.at(-1);
  const inForce = [...versions].reverse().find((v) => v.status !== 'draft');
  const draft = latest?.status === 'draft' ? latest : undefined;
  const retired = inForce?.status === 'retired';
  const canEdit = editable && !retired && csrfToken !== undefined;

  const save = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values === undefined || csrfToken === undefined) return;
    const input = toTypeInput(form.getFieldsValue(true) as TypeFormValues);
    const saved = await run(
      () => (isNew ? createType(language, csrfToken, input) : saveTypeDraft(language, csrfToken, input)),
      t('admin.types.saved'),
    );
    if (saved !== undefined) onSaved(saved);
  };

  const publish = async () => {
    if (draft === undefined || csrfToken === undefined) return;
    const published = await run(
      () => publishType(language, csrfToken, draft.certificateTypeCode, draft.version),
      t('admin.types.published', { version: draft.version }),
    );
    if (published !== undefined) onSaved(published);
  };

  const retire = async () => {
    if (inForce === undefined || csrfToken === undefined) return;
    const done = await run(
      () => retireType(language, csrfToken, inForce.certificateTypeCode),
      t('admin.types.retired'),
    );
    if (done !== undefined) onSaved(done);
  };

  return (
    <Flex vertical gap="middle">
      {versions.length > 0 && (
        <Flex gap="small" wrap align="center" data-testid="admin-type-versions">
          <Typography.Text strong>{t('admin.types.versions')}</Typography.Text>
          {versions.map((v) => (
            <Tag key={v.version} color={STATUS_COLOURS[v.status] ?? 'default'}>
              {t('admin.types.versionTag', { version: v.version, status: t(`admin.typeStatus.${v.status}`) })}
            </Tag>
          ))}
        </Flex>
      )}
      {retired && <Alert type="info" showIcon title={t('admin.types.retiredNote')} />}
      {!editable && <Alert type="info" showIcon title={t('admin.types.readOnly')} data-testid="admin-type-read-only" />}
      {draft !== undefined && editable && (
        <Alert
          type="warning"
          showIcon
          title={t('admin.types.draftNote', { version: draft.version })}
          data-testid="admin-type-draft-note"
        />
      )}
      <Form<TypeFormValues>
        form={form}
        layout="vertical"
        initialValues={toFormValues(draft ?? inForce)}
        disabled={!canEdit}
        data-testid="admin-type-form"
      >
        <Flex wrap gap="middle">
          <Form.Item
            name="certificateTypeCode"
            label={t('catalogue.typeCode')}
            rules={[{ required: true, message: t('admin.required') }]}
            extra={t('admin.types.typeCodeHint')}
          >
            <Input disabled={!isNew || !canEdit} style={{ width: 260 }} data-testid="admin-type-code" />
          </Form.Item>
          <Form.Item
            name={['name', 'zh']}
            label={t('admin.types.nameZh')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Input style={{ width: 220 }} data-testid="admin-type-name-zh" />
          </Form.Item>
          <Form.Item
            name={['name', 'en']}
            label={t('admin.types.nameEn')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Input style={{ width: 220 }} data-testid="admin-type-name-en" />
          </Form.Item>
        </Flex>
        <Flex wrap gap="middle">
          <Form.Item
            name={['definingAuthority', 'name']}
            label={t('catalogue.definingAuthority')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Input style={{ width: 220 }} data-testid="admin-type-authority-name" />
          </Form.Item>
          <Form.Item
            name={['definingAuthority', 'code']}
            label={t('admin.types.authorityCode')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Input style={{ width: 220 }} data-testid="admin-type-authority-code" />
          </Form.Item>
          <Form.Item name={['definingAuthority', 'level']} label={t('admin.types.authorityLevel')}>
            <Select
              style={{ width: 140 }}
              options={AUTHORITY_LEVELS.map((level) => ({ value: level, label: t(`levels.${level}`) }))}
            />
          </Form.Item>
        </Flex>
        <Flex wrap gap="middle">
          <Form.Item name="holderCategory" label={t('catalogue.holderCategory')}>
            <Select
              style={{ width: 160 }}
              options={HOLDER_CATEGORIES.map((c) => ({ value: c, label: t(`holderCategories.${c}`) }))}
            />
          </Form.Item>
          <Form.Item name="issuingAuthorityLevel" label={t('catalogue.issuingLevels')}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              style={{ minWidth: 260 }}
              data-testid="admin-type-issuing-levels"
              options={AUTHORITY_LEVELS.map((level) => ({ value: level, label: t(`levels.${level}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="templateId"
            label={t('admin.types.templateId')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Input style={{ width: 200 }} data-testid="admin-type-template" />
          </Form.Item>
          <Form.Item name="suites" label={t('admin.types.suites')} extra={t('admin.types.suitesHint')}>
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              style={{ minWidth: 220 }}
              options={SUITE_NAMES.map((suite) => ({ value: suite, label: t(`admin.suites.${suite}`) }))}
            />
          </Form.Item>
        </Flex>
        <Flex wrap gap="middle">
          <Form.Item name={['relatedMatter', 'name']} label={t('admin.types.matterName')}>
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name={['relatedMatter', 'code']} label={t('admin.types.matterCode')}>
            <Input style={{ width: 260 }} />
          </Form.Item>
        </Flex>
        <ValidityEditor />
        <Divider titlePlacement="start">{t('catalogue.faceFields')}</Divider>
        <FaceFieldDesigner disabled={!canEdit} />
      </Form>
      {editable && (
        <Flex gap="small" wrap>
          <Button
            type="primary"
            loading={busy}
            disabled={!canEdit}
            onClick={() => void save()}
            data-testid="admin-type-save"
          >
            {t('admin.types.saveDraft')}
          </Button>
          <Popconfirm
            title={t('admin.types.publishConfirm', { version: draft?.version ?? '' })}
            okText={t('admin.confirm')}
            cancelText={t('admin.cancel')}
            onConfirm={() => void publish()}
            disabled={draft === undefined || busy}
          >
            <Button disabled={draft === undefined || busy} data-testid="admin-type-publish">
              {t('admin.types.publish')}
            </Button>
          </Popconfirm>
          <Popconfirm
            title={t('admin.types.retireConfirm')}
            okText={t('admin.confirm')}
            cancelText={t('admin.cancel')}
            onConfirm={() => void retire()}
            disabled={inForce?.status !== 'published' || busy}
          >
            <Button danger disabled={inForce?.status !== 'published' || busy} data-testid="admin-type-retire">
              {t('admin.types.retire')}
            </Button>
          </Popconfirm>
        </Flex>
      )}
    </Flex>
  );
}

/** Long-term, a fixed period, or a range the issuer chooses in. */
function ValidityEditor() {
  const { t } = useTranslation();
  const period = (path: string[], prefix: string) => (
    <Flex gap="small" wrap>
      {(['years', 'months', 'days'] as const).map((unit) => (
        <Form.Item key={unit} name={[...path, unit]} label={t(`admin.types.${prefix}${unit}`)}>
          <InputNumber min={0} max={200} data-testid={`admin-type-validity-${prefix}${unit}`} />
        </Form.Item>
      ))}
    </Flex>
  );
  return (
    <Flex vertical>
      <Form.Item name={['validity', 'kind']} label={t('catalogue.validity')}>
        <Segmented
          data-testid="admin-type-validity-kind"
          options={(['long-term', 'period', 'range'] as const).map((kind) => ({
            value: kind,
            label: t(`admin.validityKinds.${kind}`),
          }))}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={[['validity', 'kind']]}>
        {({ getFieldValue }) => {
          const kind = getFieldValue(['validity', 'kind']) as string | undefined;
          if (kind === 'period') return period(['validity'], '');
          if (kind === 'range') {
            return (
              <>
                {period(['validity', 'min'], 'min')}
                {period(['validity', 'max'], 'max')}
              </>
            );
          }
          return null;
        }}
      </Form.Item>
    </Flex>
  );
}
