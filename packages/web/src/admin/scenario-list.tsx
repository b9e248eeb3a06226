import type { Language } from '@hutong/core';
import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addScenario, fetchScenarios, removeScenario, type Scenario } from '../api/catalogue-admin-api.js';
import { fetchAllLicenceTypes, type LicenceType } from '../api/catalogue-api.js';
import { formatInstant, labelIn } from '../layout/format.js';
import { type Load, useLoad } from '../layout/use-load.js';
import { AdminList, licenceTypeOptions } from './admin-list.js';
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

  const scenarios: Load<readonly Scenario[]> = data.kind === 'ok' ? { kind: 'ok', value: data.value.scenarios } : data;
  return (
    <>
      <AdminList<Scenario>
        name="scenarios"
        testId="scenarios"
        addTestId="admin-scenario-add"
        rows={scenarios}
        onRetry={retry}
        canChange={admin}
        onAdd={() => setAdding(true)}
        onRemove={(scenario) => void remove(scenario)}
        busy={busy}
        rowKey={(scenario) => scenario.id}
        columns={[
          {
            key: 'type',
            title: t('catalogue.name'),
            render: (_, s) =>
              data.kind === 'ok' ? typeName(data.value.types, s.certificateTypeCode) : s.certificateTypeCode,
          },
          { key: 'description', title: t('admin.scenarios.description'), dataIndex: 'description' },
          {
            key: 'matter',
            title: t('admin.scenarios.matterCode'),
            render: (_, s) => s.matterCode ?? t('common.none'),
          },
          { key: 'venue', title: t('admin.scenarios.venue'), render: (_, s) => s.venue ?? t('common.none') },
          { key: 'created', title: t('admin.createdAt'), render: (_, s) => formatInstant(s.createdAt, language) },
        ]}
      />
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
    </>
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
            options={licenceTypeOptions(types, language)}
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
