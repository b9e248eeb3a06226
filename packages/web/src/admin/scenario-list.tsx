import { PlusOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Button, Empty, Flex, Form, Input, Modal, Popconfirm, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addScenario, fetchScenarios, removeScenario, type Scenario } from '../api/catalogue-admin-api.js';
import { fetchAllLicenceTypes, type LicenceType } from '../api/catalogue-api.js';
import { formatInstant, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { useAction, useStaff } from './use-staff.js';

/** The scenario list (用证场景): the matters and venues where each type is accepted instead of paper. */
export function ScenarioList({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { staff, has } = useStaff();
  const admin = has('catalogue-admin') && staff !== null;
  const [data, retry] = useLoad(
    async (signal) => {
      const [scenarios, types] = await Promise.all([
        fetchScenarios(language, signal),
        fetchAllLicenceTypes(language, signal),
      ]);
      return { scenarios, types };
    },
    [language],
  );
  const [adding, setAdding] = useState(false);
  const { busy, run } = useAction();

  const typeName = (types: readonly LicenceType[], code: string) => {
    const type = types.find((candidate) => candidate.certificateTypeCode === code);
    return type === undefined ? code : labelIn(type.name, language);
  };

  const remove = async (scenario: Scenario) => {
    if (staff === null) return;
    await run(() => removeScenario(language, staff.csrfToken, scenario.id), t('admin.scenarios.removed'));
    retry();
  };

  return (
    <Flex vertical gap="middle" data-testid="admin-scenarios">
      <Typography.Paragraph type="secondary">{t('admin.scenarios.intro')}</Typography.Paragraph>
      {admin && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ alignSelf: 'start' }}
          onClick={() => setAdding(true)}
          data-testid="admin-scenario-add"
        >
          {t('admin.scenarios.add')}
        </Button>
      )}
      {data.kind === 'loading' && <Loading text={t('admin.scenarios.loading')} />}
      {data.kind === 'error' && <LoadError title={t('admin.scenarios.failed')} error={data.error} onRetry={retry} />}
      {data.kind === 'ok' && data.value.scenarios.length === 0 && (
        <Empty description={t('admin.scenarios.empty')} data-testid="admin-scenarios-empty" />
      )}
      {data.kind === 'ok' && data.value.scenarios.length > 0 && (
        <Table<Scenario>
          rowKey="id"
          dataSource={data.value.scenarios}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="admin-scenarios-table"
          columns={[
            {
              key: 'type',
              title: t('catalogue.name'),
              render: (_, s) => typeName(data.value.types, s.certificateTypeCode),
            },
            { key: 'description', title: t('admin.scenarios.description'), dataIndex: 'description' },
            {
              key: 'matter',
              title: t('admin.scenarios.matterCode'),
              render: (_, s) => s.matterCode ?? t('common.none'),
            },
            { key: 'venue', title: t('admin.scenarios.venue'), render: (_, s) => s.venue ?? t('common.none') },
            { key: 'created', title: t('admin.createdAt'), render: (_, s) => formatInstant(s.createdAt, language) },
            ...(admin
              ? [
                  {
                    key: 'remove',
                    title: t('admin.actions'),
                    render: (_: unknown, scenario: Scenario) => (
                      <Popconfirm
                        title={t('admin.scenarios.removeConfirm')}
                        okText={t('admin.confirm')}
                        cancelText={t('admin.cancel')}
                        onConfirm={() => void remove(scenario)}
                      >
                        <Button danger size="small" disabled={busy}>
                          {t('admin.remove')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {adding && staff !== null && data.kind === 'ok' && (
        <ScenarioForm
          language={language}
          csrfToken={staff.csrfToken}
          types={data.value.types}
          onClose={(changed) => {
            setAdding(false);
            if (changed) retry();
          }}
        />
      )}
    </Flex>
  );
}

interface ScenarioValues {
  certificateTypeCode: string;
  description: string;
  matterCode?: string;
  venue?: string;
}

function ScenarioForm({
  language,
  csrfToken,
  types,
  onClose,
}: {
  readonly language: Language;
  readonly csrfToken: string;
  readonly types: readonly LicenceType[];
  readonly onClose: (changed: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ScenarioValues>();
  const { busy, run } = useAction();

  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values === undefined) return;
    const matterCode = values.matterCode?.trim() ?? '';
    const venue = values.venue?.trim() ?? '';
    const added = await run(
      () =>
        addScenario(language, csrfToken, {
          certificateTypeCode: values.certificateTypeCode,
          description: values.description.trim(),
          ...(matterCode === '' ? {} : { matterCode }),
          ...(venue === '' ? {} : { venue }),
        }),
      t('admin.scenarios.added'),
    );
    if (added !== undefined) onClose(true);
  };

  return (
    <Modal
      open
      title={t('admin.scenarios.add')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
    >
      <Form<ScenarioValues> form={form} layout="vertical" data-testid="admin-scenario-form">
        <Form.Item
          name="certificateTypeCode"
          label={t('catalogue.name')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="admin-scenario-type"
            options={types.map((type) => ({
              value: type.certificateTypeCode,
              label: `${labelIn(type.name, language)} ${type.certificateTypeCode}`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('admin.scenarios.description')}
          rules={[{ required: true, message: t('admin.required') }]}
        >
          <Input.TextArea rows={2} data-testid="admin-scenario-description" />
        </Form.Item>
        <Form.Item name="matterCode" label={t('admin.scenarios.matterCode')}>
          <Input data-testid="admin-scenario-matter" />
        </Form.Item>
        <Form.Item name="venue" label={t('admin.scenarios.venue')}>
          <Input data-testid="admin-scenario-venue" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
