import type { Language } from '@hutong/core';
import { Card, Empty, Table, Tag, Typography } from 'antd';
import { type Key, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAllLicenceTypes, type LicenceType } from '../api/catalogue-api.js';
import { labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { describeValidity } from './describe-validity.js';
import { LicenceTypeDetails } from './licence-type-details.js';

/** The public catalogue (电子证照目录): every published licence type, each opening onto its face fields. */
export default function CataloguePage({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const [types, retry] = useLoad((signal) => fetchAllLicenceTypes(language, signal), [language]);
  // Kept here, not in the table: the list is read again in a new language, and what was open stays open.
  const [expanded, setExpanded] = useState<readonly Key[]>([]);

  return (
    <Card title={t('catalogue.title')} data-testid="catalogue">
      <Typography.Paragraph type="secondary">{t('catalogue.intro')}</Typography.Paragraph>
      {types.kind === 'loading' && <Loading text={t('catalogue.loading')} testId="catalogue-loading" />}
      {types.kind === 'error' && (
        <LoadError title={t('catalogue.failed')} error={types.error} onRetry={retry} testId="catalogue-error" />
      )}
      {types.kind === 'ok' && types.value.length === 0 && (
        <Empty description={t('catalogue.empty')} data-testid="catalogue-empty" />
      )}
      {types.kind === 'ok' && types.value.length > 0 && (
        <Table<LicenceType>
          rowKey="certificateTypeCode"
          dataSource={types.value}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="catalogue-table"
          expandable={{
            expandedRowKeys: [...expanded],
            onExpandedRowsChange: (keys) => setExpanded([...keys]),
            expandedRowRender: (type) => <LicenceTypeDetails type={type} language={language} />,
          }}
          columns={[
            {
              key: 'name',
              title: t('catalogue.name'),
              render: (_, type) => <Typography.Text strong>{labelIn(type.name, language)}</Typography.Text>,
            },
            {
              key: 'code',
              title: t('catalogue.typeCode'),
              render: (_, type) => <Typography.Text code>{type.certificateTypeCode}</Typography.Text>,
            },
            {
              key: 'authority',
              title: t('catalogue.definingAuthority'),
              render: (_, type) => type.definingAuthority.name,
            },
            {
              key: 'holder',
              title: t('catalogue.holderCategory'),
              render: (_, type) => (
                <Tag>{t(`holderCategories.${type.holderCategory}`, { defaultValue: type.holderCategory })}</Tag>
              ),
            },
            {
              key: 'validity',
              title: t('catalogue.validity'),
              render: (_, type) => describeValidity(type.validity, t, language),
            },
          ]}
        />
      )}
    </Card>
  );
}
