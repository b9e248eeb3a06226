import { PlusOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Button, Empty, Flex, Popconfirm, Table, type TableColumnsType, Typography } from 'antd';
import type { Key } from 'react';
import { useTranslation } from 'react-i18next';
import type { LicenceType } from '../api/catalogue-api.js';
import { labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import type { Load } from '../layout/use-load.js';

/**
 * One catalogue list of the admin scene (responsibility list, scenario list…): its intro, the
 * "add" button for those who may change it, loading / failed / empty states, and the table with a
 * confirmed "remove" per row. Every string comes from `admin.<name>.*` (intro, add, loading,
 * failed, empty, removeConfirm), so each list keeps its own words and its own test ids
 * (`admin-<testId>`, `-add`, `-empty`, `-table`).
 */
export function AdminList<T extends object>({
  name,
  testId,
  addTestId,
  rows,
  onRetry,
  canChange,
  onAdd,
  onRemove,
  busy,
  rowKey,
  columns,
}: {
  /** The i18n key under `admin.`, e.g. `scenarios`. */
  readonly name: string;
  /** `admin-<testId>` on the list, `-empty` and `-table` on its parts. */
  readonly testId: string;
  readonly addTestId: string;
  readonly rows: Load<readonly T[]>;
  readonly onRetry: () => void;
  /** Whether the signed-in staff member may add and remove (the server checks it again). */
  readonly canChange: boolean;
  readonly onAdd: () => void;
  readonly onRemove: (row: T) => void;
  readonly busy: boolean;
  readonly rowKey: (row: T) => Key;
  readonly columns: TableColumnsType<T>;
}) {
  const { t } = useTranslation();
  const removeColumn: TableColumnsType<T> = canChange
    ? [
        {
          key: 'remove',
          title: t('admin.actions'),
          render: (_: unknown, row: T) => (
            <Popconfirm
              title={t(`admin.${name}.removeConfirm`)}
              okText={t('admin.confirm')}
              cancelText={t('admin.cancel')}
              onConfirm={() => onRemove(row)}
            >
              <Button danger size="small" disabled={busy}>
                {t('admin.remove')}
              </Button>
            </Popconfirm>
          ),
        },
      ]
    : [];
  return (
    <Flex vertical gap="middle" data-testid={`admin-${testId}`}>
      <Typography.Paragraph type="secondary">{t(`admin.${name}.intro`)}</Typography.Paragraph>
      {canChange && (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          style={{ alignSelf: 'start' }}
          onClick={onAdd}
          data-testid={addTestId}
        >
          {t(`admin.${name}.add`)}
        </Button>
      )}
      {rows.kind === 'loading' && <Loading text={t(`admin.${name}.loading`)} />}
      {rows.kind === 'error' && <LoadError title={t(`admin.${name}.failed`)} error={rows.error} onRetry={onRetry} />}
      {rows.kind === 'ok' && rows.value.length === 0 && (
        <Empty description={t(`admin.${name}.empty`)} data-testid={`admin-${testId}-empty`} />
      )}
      {rows.kind === 'ok' && rows.value.length > 0 && (
        <Table<T>
          rowKey={rowKey}
          dataSource={[...rows.value]}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid={`admin-${testId}-table`}
          columns={[...columns, ...removeColumn]}
        />
      )}
    </Flex>
  );
}

/** Options of a licence-type picker: the type's name in the UI language, then its code (searchable by both). */
export function licenceTypeOptions(
  types: readonly LicenceType[],
  language: Language,
): Array<{ value: string; label: string }> {
  return types.map((type) => ({
    value: type.certificateTypeCode,
    label: `${labelIn(type.name, language)} ${type.certificateTypeCode}`,
  }));
}
