import type { Language } from '@hutong/core';
import { Card, Col, Empty, Flex, Row, Table, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchMatterFigures, type MatterShare } from '../api/matter-figures-api.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { type ChartOption, EChart } from './echart.js';

/** The 20 % and 40 % milestones the dashboard draws (新政办发〔2022〕59号; 100 % by 2025 is listed, not drawn). */
const DRAWN_TARGETS = [0.2, 0.4];

interface ShareRow extends MatterShare {
  readonly key: string;
  readonly name: string;
}

const percent = (share: number, language: Language) =>
  new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/**
 * The share of matters that are no-submit (every material obtainable electronically) and
 * no-fill (every required field filled from a licence or the holder's identity), overall and
 * for personal and legal-person matters, against the programme's 20 % and 40 % targets.
 */
export function MatterFiguresCard({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const [figures, retry] = useLoad((signal) => fetchMatterFigures(language, signal), [language]);

  const content = () => {
    if (figures.kind === 'loading') return <Loading text={t('dashboard.matters.loading')} />;
    if (figures.kind === 'error')
      return <LoadError title={t('dashboard.matters.failed')} error={figures.error} onRetry={retry} />;
    const value = figures.value;
    if (value.overall.matters === 0) return <Empty description={t('dashboard.matters.empty')} />;
    const rows: ShareRow[] = [
      { key: 'overall', name: t('dashboard.matters.overall'), ...value.overall },
      ...value.byHolderCategory.map((c) => ({
        ...c,
        key: c.holderCategory,
        name: t(`holderCategories.${c.holderCategory}`, { defaultValue: c.holderCategory }),
      })),
    ];
    const text = { color: token.colorText, fontSize: token.fontSize * 0.85 };
    const targetLines = {
      symbol: 'none',
      label: {
        formatter: (p: { value: number }) => t('dashboard.matters.target', { share: p.value }),
        color: text.color,
      },
      lineStyle: { type: 'dashed', color: '#a8071a' },
      data: DRAWN_TARGETS.map((share) => ({ yAxis: share * 100 })),
    };
    const option: ChartOption = {
      textStyle: { color: token.colorText, fontFamily: token.fontFamily },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => `${v} %` },
      legend: { top: 0, textStyle: text },
      grid: { left: 8, right: 72, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: text },
      yAxis: { type: 'value', max: 100, axisLabel: { ...text, formatter: '{value} %' } },
      series: [
        {
          type: 'bar',
          name: t('dashboard.matters.noSubmit'),
          data: rows.map((r) => Math.round(r.noSubmitShare * 1000) / 10),
          itemStyle: { color: token.colorPrimary },
          markLine: targetLines,
        },
        {
          type: 'bar',
          name: t('dashboard.matters.noSubmitWithCommitments'),
          data: rows.map((r) => Math.round(r.noSubmitWithCommitmentsShare * 1000) / 10),
          itemStyle: { color: '#597ef7' },
        },
        {
          type: 'bar',
          name: t('dashboard.matters.noFill'),
          data: rows.map((r) => Math.round(r.noFillShare * 1000) / 10),
          itemStyle: { color: '#13a8a8' },
        },
      ],
    };
    return (
      <Flex vertical gap="middle">
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} lg={13}>
            <EChart label={t('dashboard.matters.title')} option={option} />
          </Col>
          <Col xs={24} lg={11}>
            <Table<ShareRow>
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={rows}
              data-testid="dashboard-matters-numbers"
              columns={[
                { key: 'name', title: t('dashboard.matters.group'), dataIndex: 'name' },
                {
                  key: 'matters',
                  title: t('dashboard.matters.matters'),
                  align: 'right',
                  render: (_, r) => r.matters.toLocaleString(language),
                },
                {
                  key: 'noSubmit',
                  title: t('dashboard.matters.noSubmit'),
                  align: 'right',
                  render: (_, r) => `${r.noSubmit.toLocaleString(language)}（${percent(r.noSubmitShare, language)}）`,
                },
                {
                  key: 'noSubmitWithCommitments',
                  title: t('dashboard.matters.noSubmitWithCommitments'),
                  align: 'right',
                  render: (_, r) =>
                    `${r.noSubmitWithCommitments.toLocaleString(language)}（${percent(r.noSubmitWithCommitmentsShare, language)}）`,
                },
                {
                  key: 'noFill',
                  title: t('dashboard.matters.noFill'),
                  align: 'right',
                  render: (_, r) => `${r.noFill.toLocaleString(language)}（${percent(r.noFillShare, language)}）`,
                },
              ]}
            />
          </Col>
        </Row>
        <Flex gap="small" wrap align="center" data-testid="dashboard-matters-targets">
          <Typography.Text strong>{t('dashboard.matters.targets')}</Typography.Text>
          {value.targets
            .filter((target) => DRAWN_TARGETS.includes(target.share))
            .map((target) => (
              <Flex key={target.by} gap={4} wrap>
                <Tag color={target.noSubmitMet ? 'green' : 'red'}>
                  {t(target.noSubmitMet ? 'dashboard.matters.met' : 'dashboard.matters.missed', {
                    what: t('dashboard.matters.noSubmit'),
                    share: percent(target.share, language),
                  })}
                </Tag>
                <Tag color={target.noSubmitWithCommitmentsMet ? 'green' : 'red'}>
                  {t(target.noSubmitWithCommitmentsMet ? 'dashboard.matters.met' : 'dashboard.matters.missed', {
                    what: t('dashboard.matters.noSubmitWithCommitments'),
                    share: percent(target.share, language),
                  })}
                </Tag>
                <Tag color={target.noFillMet ? 'green' : 'red'}>
                  {t(target.noFillMet ? 'dashboard.matters.met' : 'dashboard.matters.missed', {
                    what: t('dashboard.matters.noFill'),
                    share: percent(target.share, language),
                  })}
                </Tag>
              </Flex>
            ))}
        </Flex>
        <Typography.Text type="secondary">{t('dashboard.matters.definition')}</Typography.Text>
      </Flex>
    );
  };

  return (
    <Card type="inner" title={t('dashboard.matters.title')} data-testid="dashboard-matters">
      {content()}
    </Card>
  );
}
