import type { Language } from '@hutong/core';
import { Descriptions, Flex, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FaceField, LicenceType } from '../api/catalogue-api.js';
import { labelIn } from '../layout/format.js';
import { SensitivityTag } from './sensitivity-tag.js';

/** One catalogue entry in full: the GB/T 36902 facts and the face fields a licence of it prints. */
export function LicenceTypeDetails({ type, language }: { readonly type: LicenceType; readonly language: Language }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap="middle" data-testid={`type-details-${type.certificateTypeCode}`}>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'authority',
            label: t('catalogue.definingAuthority'),
            children: (
              <>
                {type.definingAuthority.name}{' '}
                <Typography.Text type="secondary" code>
                  {type.definingAuthority.code}
                </Typography.Text>{' '}
                <Tag>{t(`levels.${type.definingAuthority.level}`, { defaultValue: type.definingAuthority.level })}</Tag>
              </>
            ),
          },
          {
            key: 'matter',
            label: t('catalogue.relatedMatter'),
            children:
              type.relatedMatter === undefined
                ? t('common.none')
                : `${type.relatedMatter.name}（${type.relatedMatter.code}）`,
          },
          {
            key: 'issuingLevels',
            label: t('catalogue.issuingLevels'),
            children: type.issuingAuthorityLevel.map((level) => (
              <Tag key={level}>{t(`levels.${level}`, { defaultValue: level })}</Tag>
            )),
          },
          { key: 'version', label: t('catalogue.version'), children: type.version },
        ]}
      />
      <Typography.Title level={4} className="hutong-subtitle">
        {t('catalogue.faceFields')}
      </Typography.Title>
      <Table<FaceField>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={[...type.faceFields]}
        locale={{ emptyText: t('catalogue.noFaceFields') }}
        columns={[
          { key: 'label', title: t('catalogue.fieldLabel'), render: (_, field) => labelIn(field.label, language) },
          {
            key: 'key',
            title: t('catalogue.fieldKey'),
            render: (_, field) => <Typography.Text code>{field.key}</Typography.Text>,
          },
          {
            key: 'type',
            title: t('catalogue.fieldType'),
            render: (_, field) => (
              <>
                {t(`fieldTypes.${field.type}`, { defaultValue: field.type })}
                {field.format === undefined ? null : (
                  <Typography.Text type="secondary">
                    {' '}
                    · {t(`fieldFormats.${field.format}`, { defaultValue: field.format })}
                  </Typography.Text>
                )}
              </>
            ),
          },
          {
            key: 'required',
            title: t('catalogue.fieldRequired'),
            render: (_, field) => (field.required ? t('common.yes') : t('common.no')),
          },
          {
            key: 'sensitivity',
            title: t('catalogue.fieldSensitivity'),
            render: (_, field) => <SensitivityTag grade={field.sensitivity} />,
          },
        ]}
      />
    </Flex>
  );
}
