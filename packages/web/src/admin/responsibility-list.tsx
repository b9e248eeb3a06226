import type { Language } from '@hutong/core';
import { Form, Input, InputNumber, Modal, Progress, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchResponsibilities,
  type Responsibility,
  removeResponsibility,
  setResponsibility,
} from '../api/catalogue-admin-api.js';
import { fetchAllLicenceTypes } from '../api/catalogue-api.js';
import { fetchDepartments } from '../api/organisations-api.js';
import { formatCompactDate, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { AdminList, licenceTypeOptions } from './admin-list.js';
import { useAction, useStaff } from './use-staff.js';

/**
 * The responsibility list (责任清单): which department must issue which type by when, and how
 * far it has come — licences in the library (issued, aggregated, converted) against its paper stock.
 */
export function ResponsibilityList({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { staff, has } = useStaff();
  const admin = has('catalogue-admin') && staff !== null;
  const [list, retry] = useLoad((signal) => fetchResponsibilities(language, signal), [language]);
  const [adding, setAdding] = useState(false);
  const { busy, run } = useAction();

  const remove = async (entry: Responsibility) => {
    if (staff === null) return;
    await run(
      () => removeResponsibility(language, staff.csrfToken, entry.certificateTypeCode, entry.departmentCode),
      t('admin.responsibilities.removed'),
    );
    retry();
  };

  return (
    <>
      <AdminList<Responsibility>
        name="responsibilities"
        testId="responsibilities"
        addTestId="admin-responsibility-add"
        rows={list}
        onRetry={retry}
        canChange={admin}
        onAdd={() => setAdding(true)}
        onRemove={(entry) => void remove(entry)}
        busy={busy}
        rowKey={(entry) => `${entry.certificateTypeCode} ${entry.departmentCode}`}
        columns={[
          {
            key: 'department',
            title: t('admin.responsibilities.department'),
            render: (_, entry) => labelIn(entry.departmentName, language),
          },
          { key: 'type', title: t('catalogue.name'), render: (_, entry) => labelIn(entry.typeName, language) },
          {
            key: 'deadline',
            title: t('admin.responsibilities.deadline'),
            render: (_, entry) => formatCompactDate(entry.deadline, language),
          },
          {
            key: 'electronic',
            title: t('admin.responsibilities.electronic'),
            align: 'right',
            render: (_, entry) => (
              <span title={t('admin.responsibilities.breakdown', entry.progress)}>
                {entry.progress.electronic.toLocaleString(language)}
              </span>
            ),
          },
          {
            key: 'paper',
            title: t('admin.responsibilities.paper'),
            align: 'right',
            render: (_, entry) =>
              entry.paperCount === undefined ? t('admin.unknown') : entry.paperCount.toLocaleString(language),
          },
          {
            key: 'progress',
            title: t('admin.responsibilities.progress'),
            render: (_, entry) =>
              entry.progress.ratio === undefined ? (
                t('admin.unknown')
              ) : (
                <Progress
                  percent={Math.round(Math.min(entry.progress.ratio, 1) * 1000) / 10}
                  size="small"
                  style={{ minWidth: 140 }}
                  aria-label={t('admin.responsibilities.progressOf', {
                    department: labelIn(entry.departmentName, language),
                    type: labelIn(entry.typeName, language),
                  })}
                />
              ),
          },
        ]}
      />
      {adding && staff !== null && (
        <ResponsibilityForm
          language={language}
          csrfToken={staff.csrfToken}
          onClose={(changed) => {
            setAdding(false);
            if (changed) retry();
          }}
        />
      )}
    </>
  );
}

interface ResponsibilityValues {
  departmentCode: string;
  certificateTypeCode: string;
  deadline: string;
  paperCount?: number | null;
}

function ResponsibilityForm({
  language,
  csrfToken,
  onClose,
}: {
  readonly language: Language;
  readonly csrfToken: string;
  readonly onClose: (changed: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ResponsibilityValues>();
  const { busy, run } = useAction();
  const [choices] = useLoad(
    async (signal) => {
      const [departments, types] = await Promise.all([
        fetchDepartments(language, signal),
        fetchAllLicenceTypes(language, signal),
      ]);
      return { departments, types };
    },
    [language],
  );

  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values === undefined) return;
    const saved = await run(
      () =>
        setResponsibility(language, csrfToken, {
          departmentCode: values.departmentCode,
          certificateTypeCode: values.certificateTypeCode,
          deadline: values.deadline.trim(),
          ...(typeof values.paperCount === 'number' ? { paperCount: values.paperCount } : {}),
        }),
      t('admin.responsibilities.saved'),
    );
    if (saved !== undefined) onClose(true);
  };

  return (
    <Modal
      open
      title={t('admin.responsibilities.add')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
    >
      {choices.kind === 'loading' && <Loading text={t('admin.loadingChoices')} />}
      {choices.kind === 'error' && <LoadError title={t('admin.choicesFailed')} error={choices.error} />}
      {choices.kind === 'ok' && (
        <Form<ResponsibilityValues> form={form} layout="vertical" data-testid="admin-responsibility-form">
          <Form.Item
            name="departmentCode"
            label={t('admin.responsibilities.department')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="admin-responsibility-department"
              options={choices.value.departments.map((d) => ({ value: d.code, label: labelIn(d.name, language) }))}
            />
          </Form.Item>
          <Form.Item
            name="certificateTypeCode"
            label={t('catalogue.name')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="admin-responsibility-type"
              options={licenceTypeOptions(choices.value.types, language)}
            />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('admin.responsibilities.deadline')}
            extra={t('admin.responsibilities.deadlineHint')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Input placeholder="2026-12-31" data-testid="admin-responsibility-deadline" />
          </Form.Item>
          <Form.Item name="paperCount" label={t('admin.responsibilities.paper')}>
            <InputNumber min={0} style={{ width: '100%' }} data-testid="admin-responsibility-paper" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
