import type { Language } from '@hutong/core';
import { Button, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchMyUsageRecords, type UsageRecord } from '../api/grants-api.js';
import { formatInstant } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';

/**
 * 用证记录: who used which of the holder's licences, when and why, newest first — every fetch
 * of a relying party with a grant or a show code (issue 5 §4).
 */
export function UsageTimeline({
  language,
  licenceName,
}: {
  readonly language: Language;
  /** The licence's name for the holder (from their licence list), if known. */
  readonly licenceName: (identifier: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [items, setItems] = useState<readonly UsageRecord[]>([]);
  const [load, retry] = useLoad(
    async (signal) => {
      const page = await fetchMyUsageRecords(language, cursor, signal);
      setItems((previous) => (cursor === undefined ? page.items : [...previous, ...page.items]));
      return page;
    },
    [language, cursor],
    { keepWhileReloading: true },
  );
  if (load.kind === 'loading' && items.length === 0)
    return <Loading text={t('holder.usage.loading')} testId="usage-loading" />;
  if (load.kind === 'error')
    return <LoadError title={t('holder.usage.failed')} error={load.error} onRetry={retry} testId="usage-error" />;
  if (items.length === 0) return <Empty description={t('holder.usage.empty')} data-testid="usage-empty" />;
  const next = load.kind === 'ok' ? load.value.nextCursor : undefined;
  return (
    <Flex vertical gap="middle">
      <Timeline
        data-testid="usage-timeline"
        items={items.map((record) => ({
          key: record.id,
          color: record.via === 'grant' ? 'blue' : 'green',
          content: (
            <div data-testid="usage-record">
              <Typography.Text strong>
                {record.relyingParty.name ?? record.relyingParty.organisationCode}
              </Typography.Text>{' '}
              <Tag>{t(`holder.usage.via.${record.via}`)}</Tag>
              <div>
                <Typography.Text type="secondary">{formatInstant(record.at, language)}</Typography.Text>
              </div>
              <div>
                {t('holder.usage.licence')}: {licenceName(record.identifier) ?? record.identifier}
              </div>
              <div data-testid="usage-cause">
                {t('holder.usage.cause')}: {record.useCause}
              </div>
            </div>
          ),
        }))}
      />
      {next !== undefined && (
        <Button onClick={() => setCursor(next)} data-testid="usage-more">
          {t('holder.usage.more')}
        </Button>
      )}
    </Flex>
  );
}
