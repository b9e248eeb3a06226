import { SearchOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Button, Form, Input, Segmented, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LicenceType } from '../api/catalogue-api.js';
import type { LicenceSearch } from '../api/library-api.js';
import type { Organisation } from '../api/organisations-api.js';
import { labelIn } from '../layout/format.js';
import { HOLDER_CODE_TYPES } from './holder-code-types.js';

export const SEARCH_MODES = ['holder', 'type', 'issuer'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

interface FormValues {
  readonly useCause: string;
  readonly holderCode?: string;
  readonly holderCodeType?: string;
  readonly typeCode?: string;
  readonly issuerCode?: string;
}

export interface SearchRequest {
  readonly search: LicenceSearch;
  /** 用证事由: every read states it; the server records it with the read. */
  readonly useCause: string;
}

/** GB/T 36906: a use cause is at most 200 characters. */
const USE_CAUSE_MAX = 200;

/**
 * The library's search: by holder (GB/T 36906 — code + holder code type, optionally one type),
 * by type or by issuer; always with the use cause.
 */
export function LicenceSearchForm({
  language,
  types,
  departments,
  busy,
  onSearch,
}: {
  readonly language: Language;
  readonly types: readonly LicenceType[];
  readonly departments: readonly Organisation[];
  readonly busy: boolean;
  readonly onSearch: (request: SearchRequest) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<SearchMode>('holder');
  const [form] = Form.useForm<FormValues>();

  const typeOptions = types.map((type) => ({
    value: type.certificateTypeCode,
    label: `${labelIn(type.name, language)}（${type.certificateTypeCode}）`,
  }));
  const departmentOptions = departments.map((department) => ({
    value: department.code,
    label: `${labelIn(department.name, language)}（${department.code}）`,
  }));

  const submit = (values: FormValues) => {
    const search: LicenceSearch =
      mode === 'holder'
        ? { holderCode: values.holderCode?.trim(), holderCodeType: values.holderCodeType, typeCode: values.typeCode }
        : mode === 'type'
          ? { typeCode: values.typeCode }
          : { issuerCode: values.issuerCode };
    onSearch({ search, useCause: values.useCause.trim() });
  };

  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ holderCodeType: '111' }}
      disabled={busy}
      data-testid="library-search"
    >
      <Form.Item
        name="useCause"
        label={t('library.useCause')}
        extra={t('library.useCauseHint')}
        rules={[
          { required: true, whitespace: true, message: t('library.useCauseRequired') },
          { max: USE_CAUSE_MAX, message: t('library.useCauseTooLong', { max: USE_CAUSE_MAX }) },
        ]}
      >
        <Input maxLength={USE_CAUSE_MAX} showCount data-testid="library-use-cause" />
      </Form.Item>
      <Form.Item label={t('library.searchBy')}>
        <Segmented<SearchMode>
          value={mode}
          onChange={setMode}
          data-testid="library-mode"
          options={SEARCH_MODES.map((value) => ({ value, label: t(`library.modes.${value}`) }))}
        />
      </Form.Item>
      {mode === 'holder' && (
        <>
          <Form.Item
            name="holderCodeType"
            label={t('library.holderCodeType')}
            rules={[{ required: true, message: t('library.holderCodeTypeRequired') }]}
          >
            <Select
              data-testid="library-holder-code-type"
              options={HOLDER_CODE_TYPES.map((code) => ({
                value: code,
                label: `${code} ${t(`holderCodeTypes.${code}`)}`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="holderCode"
            label={t('library.holderCode')}
            rules={[{ required: true, whitespace: true, message: t('library.holderCodeRequired') }]}
          >
            <Input autoComplete="off" data-testid="library-holder-code" />
          </Form.Item>
          <Form.Item name="typeCode" label={t('library.typeOptional')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={typeOptions}
              data-testid="library-holder-type"
            />
          </Form.Item>
        </>
      )}
      {mode === 'type' && (
        <Form.Item
          name="typeCode"
          label={t('library.type')}
          rules={[{ required: true, message: t('library.typeRequired') }]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={typeOptions} data-testid="library-type" />
        </Form.Item>
      )}
      {mode === 'issuer' && (
        <Form.Item
          name="issuerCode"
          label={t('library.issuer')}
          rules={[{ required: true, message: t('library.issuerRequired') }]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={departmentOptions} data-testid="library-issuer" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={busy} data-testid="library-submit">
        {t('library.search')}
      </Button>
    </Form>
  );
}
