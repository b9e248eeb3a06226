import type { Language } from '@hutong/core';
import { Alert, Button, Card, Col, Empty, Flex, Row, Segmented, Statistic, Table, Typography, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAllLicenceTypes } from '../api/catalogue-api.js';
import { fetchDepartments } from '../api/organisations-api.js';
import {
  type ActivityAction,
  type ActivityStatistics,
  fetchActivityStatistics,
  fetchLicenceStatistics,
  type LicenceStatistics,
} from '../api/statistics-api.js';
import { labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { useSession } from '../session/session-context.js';
import { type ChartOption, EChart } from './echart.js';
import { MatterFiguresCard } from './matter-figures-card.js';

/** Roles that may read the figures (server: `STATISTICS_READERS`). */
const READERS = ['auditor', 'platform-admin', 'catalogue-admin'];
const PERIODS = [7, 30, 90] as const;
const USAGE_ACTIONS: readonly ActivityAction[] = ['licence.verify', 'licence.read', 'licence.query'];

interface NumberRow {
  readonly key: string;
  readonly name: string;
  readonly count: number;
}

/**
 * The dashboard (数据看板): licences by type, status and department, issuance over time, and
 * verification and usage volume — each chart with its numbers beside it.
 */
export default function DashboardPage({
  language,
  onSignIn,
}: {
  readonly language: Language;
  readonly onSignIn: () => void;
}) {
  const { t } = useTranslation();
  const { state } = useSession();
  const allowed = state.kind === 'signed-in' && state.session.roles.some((role) => READERS.includes(role));

  return (
    <Card title={t('dashboard.title')} data-testid="dashboard">
      {state.kind === 'checking' && <Loading text={t('dashboard.checking')} />}
      {state.kind === 'signed-out' && (
        <Alert
          type="info"
          showIcon
          title={t('dashboard.signInTitle')}
          description={t('dashboard.signInHint')}
          action={
            <Button onClick={onSignIn} data-testid="dashboard-sign-in">
              {t('nav.signIn')}
            </Button>
          }
          data-testid="dashboard-signed-out"
        />
      )}
      {state.kind === 'signed-in' && !allowed && (
        <Alert type="warning" showIcon title={t('dashboard.noRole')} data-testid="dashboard-no-role" />
      )}
      {allowed && <Figures language={language} />}
    </Card>
  );
}

function Figures({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(30);
  const [names, retryNames] = useLoad(
    async (signal) => {
      const [types, departments] = await Promise.all([
        fetchAllLicenceTypes(language, signal),
        fetchDepartments(language, signal),
      ]);
      return {
        type: new Map(types.map((type) => [type.certificateTypeCode, labelIn(type.name, language)])),
        department: new Map(departments.map((d) => [d.code, labelIn(d.name, language)])),
      };
    },
    [language],
  );
  const [licences, retryLicences] = useLoad((signal) => fetchLicenceStatistics(language, signal), [language]);
  const [activity, retryActivity] = useLoad(
    (signal) => fetchActivityStatistics(language, days, signal),
    [language, days],
    {
      keepWhileReloading: true,
    },
  );

  return (
    <Flex vertical gap="large">
      <Typography.Paragraph type="secondary">{t('dashboard.intro')}</Typography.Paragraph>
      {(licences.kind === 'loading' || names.kind === 'loading') && <Loading text={t('dashboard.loading')} />}
      {licences.kind === 'error' && (
        <LoadError
          title={t('dashboard.failed')}
          error={licences.error}
          onRetry={retryLicences}
          testId="dashboard-error"
        />
      )}
      {names.kind === 'error' && <LoadError title={t('dashboard.failed')} error={names.error} onRetry={retryNames} />}
      {licences.kind === 'ok' && names.kind === 'ok' && (
        <LibraryFigures language={language} figures={licences.value} names={names.value} />
      )}
      <MatterFiguresCard language={language} />
      <Flex justify="space-between" align="center" wrap gap="small">
        <Typography.Title level={3} className="hutong-subtitle">
          {t('dashboard.activity')}
        </Typography.Title>
        <Segmented<number>
          aria-label={t('dashboard.period')}
          value={days}
          onChange={setDays}
          data-testid="dashboard-period"
          options={PERIODS.map((n) => ({ value: n, label: t('dashboard.lastDays', { count: n }) }))}
        />
      </Flex>
      {activity.kind === 'loading' && <Loading text={t('dashboard.loadingActivity')} />}
      {activity.kind === 'error' && (
        <LoadError title={t('dashboard.activityFailed')} error={activity.error} onRetry={retryActivity} />
      )}
      {activity.kind === 'ok' && <ActivityFigures language={language} activity={activity.value} />}
    </Flex>
  );
}

/** A chart with its figures in a table beside it (below it on a phone). */
function ChartWithNumbers({
  title,
  chart,
  rows,
  language,
  testId,
  nameTitle,
}: {
  readonly title: string;
  readonly chart: React.ReactNode;
  readonly rows: readonly NumberRow[];
  readonly language: Language;
  readonly testId: string;
  readonly nameTitle: string;
}) {
  const { t } = useTranslation();
  return (
    <Card type="inner" title={title} data-testid={testId}>
      {rows.length === 0 ? (
        <Empty description={t('dashboard.empty')} />
      ) : (
        <Row gutter={[24, 16]} align="middle">
          <Col xs={24} lg={15}>
            {chart}
          </Col>
          <Col xs={24} lg={9}>
            <Table<NumberRow>
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={[...rows]}
              data-testid={`${testId}-numbers`}
              columns={[
                { key: 'name', title: nameTitle, dataIndex: 'name' },
                {
                  key: 'count',
                  title: t('dashboard.count'),
                  align: 'right',
                  render: (_, row) => row.count.toLocaleString(language),
                },
              ]}
            />
          </Col>
        </Row>
      )}
    </Card>
  );
}

function useChartText() {
  const { token } = theme.useToken();
  return { color: token.colorText, fontSize: token.fontSize, fontFamily: token.fontFamily };
}

function barOption(rows: readonly NumberRow[], colour: string, text: ReturnType<typeof useChartText>): ChartOption {
  // Largest at the top: the category axis runs bottom-up.
  const ordered = [...rows].reverse();
  return {
    textStyle: text,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { color: text.color, fontSize: text.fontSize * 0.85 } },
    yAxis: {
      type: 'category',
      data: ordered.map((row) => row.name),
      axisLabel: { color: text.color, fontSize: text.fontSize * 0.85, width: 220, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: ordered.map((row) => row.count),
        itemStyle: { color: colour },
        label: { show: true, position: 'right', color: text.color },
      },
    ],
  };
}

const STATUS_COLOURS: Record<string, string> = {
  valid: '#237804',
  suspended: '#ad6800',
  revoked: '#a8071a',
  cancelled: '#595959',
  abolished: '#262626',
  expired: '#8c8c8c',
  'transferred-out': '#1d39c4',
};

function LibraryFigures({
  language,
  figures,
  names,
}: {
  readonly language: Language;
  readonly figures: LicenceStatistics;
  readonly names: { readonly type: Map<string, string>; readonly department: Map<string, string> };
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const text = useChartText();
  const byType = figures.byType.map((c) => ({
    key: c.certificateTypeCode,
    name: names.type.get(c.certificateTypeCode) ?? c.certificateTypeCode,
    count: c.count,
  }));
  const byStatus = figures.byStatus.map((c) => ({
    key: c.status,
    name: t(`statuses.${c.status}`, { defaultValue: c.status }),
    count: c.count,
  }));
  const byIssuer = figures.byIssuer.map((c) => ({
    key: c.issuerCode,
    name: names.department.get(c.issuerCode) ?? c.issuerCode,
    count: c.count,
  }));
  const issued = figures.byOrigin.find((o) => o.origin === 'issued')?.count ?? 0;
  const aggregated = figures.byOrigin.find((o) => o.origin === 'aggregated')?.count ?? 0;
  const imported = figures.byOrigin.find((o) => o.origin === 'imported')?.count ?? 0;

  const statusOption: ChartOption = {
    textStyle: text,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, textStyle: { color: text.color, fontSize: text.fontSize * 0.85 } },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        top: 0,
        bottom: 40,
        data: figures.byStatus.map((c, i) => ({
          name: byStatus[i]?.name ?? c.status,
          value: c.count,
          itemStyle: { color: STATUS_COLOURS[c.status] ?? token.colorPrimary },
        })),
        label: { formatter: '{b}\n{c}', color: text.color },
      },
    ],
  };

  return (
    <Flex vertical gap="large">
      <Row gutter={[16, 16]} data-testid="dashboard-totals">
        {[
          ['total', figures.total],
          ['issued', issued],
          ['aggregated', aggregated],
          ['imported', imported],
        ].map(([key, value]) => (
          <Col xs={12} md={6} key={key}>
            <Statistic
              title={t(`dashboard.totals.${key}`)}
              value={value as number}
              formatter={(v) => Number(v).toLocaleString(language)}
              data-testid={`dashboard-total-${key}`}
            />
          </Col>
        ))}
      </Row>
      <ChartWithNumbers
        title={t('dashboard.byType')}
        testId="dashboard-by-type"
        nameTitle={t('catalogue.name')}
        language={language}
        rows={byType}
        chart={
          <EChart
            label={t('dashboard.byType')}
            option={barOption(byType, token.colorPrimary, text)}
            height={Math.max(240, byType.length * 36)}
          />
        }
      />
      <ChartWithNumbers
        title={t('dashboard.byStatus')}
        testId="dashboard-by-status"
        nameTitle={t('dashboard.status')}
        language={language}
        rows={byStatus}
        chart={<EChart label={t('dashboard.byStatus')} option={statusOption} />}
      />
      <ChartWithNumbers
        title={t('dashboard.byDepartment')}
        testId="dashboard-by-department"
        nameTitle={t('dashboard.department')}
        language={language}
        rows={byIssuer}
        chart={
          <EChart
            label={t('dashboard.byDepartment')}
            option={barOption(byIssuer, '#13a8a8', text)}
            height={Math.max(240, byIssuer.length * 36)}
          />
        }
      />
    </Flex>
  );
}

const ACTION_COLOURS: Record<ActivityAction, string> = {
  'licence.issued': '#1f4e9e',
  'licence.status': '#ad6800',
  'licence.verify': '#237804',
  'licence.read': '#13a8a8',
  'licence.query': '#722ed1',
};

function ActivityFigures({
  language,
  activity,
}: {
  readonly language: Language;
  readonly activity: ActivityStatistics;
}) {
  const { t } = useTranslation();
  const text = useChartText();
  const dayLabels = useMemo(
    () =>
      activity.days.map((d) =>
        new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(
          new Date(`${d.day}T00:00:00Z`),
        ),
      ),
    [activity, language],
  );
  const axis = (data: string[]) => ({
    type: 'category' as const,
    data,
    axisLabel: { color: text.color, fontSize: text.fontSize * 0.8 },
  });
  const valueAxis = {
    type: 'value' as const,
    minInterval: 1,
    axisLabel: { color: text.color, fontSize: text.fontSize * 0.8 },
  };
  const name = (action: ActivityAction) => t(`dashboard.actions.${action}`);

  const issuanceOption: ChartOption = {
    textStyle: text,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: text.color } },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: axis(dayLabels),
    yAxis: valueAxis,
    series: (['licence.issued', 'licence.status'] as const).map((action) => ({
      type: 'line',
      name: name(action),
      data: activity.days.map((d) => d.counts[action]),
      itemStyle: { color: ACTION_COLOURS[action] },
      smooth: false,
      symbolSize: 6,
    })),
  };
  const usageOption: ChartOption = {
    textStyle: text,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { color: text.color } },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: axis(dayLabels),
    yAxis: valueAxis,
    series: USAGE_ACTIONS.map((action) => ({
      type: 'bar',
      stack: 'usage',
      name: name(action),
      data: activity.days.map((d) => d.counts[action]),
      itemStyle: { color: ACTION_COLOURS[action] },
    })),
  };
  const totalsRows = (actions: readonly ActivityAction[]): NumberRow[] =>
    actions.map((action) => ({ key: action, name: name(action), count: activity.totals[action] }));

  return (
    <Flex vertical gap="large">
      <ChartWithNumbers
        title={t('dashboard.issuance')}
        testId="dashboard-issuance"
        nameTitle={t('dashboard.inPeriod', { count: activity.days.length })}
        language={language}
        rows={totalsRows(['licence.issued', 'licence.status'])}
        chart={<EChart label={t('dashboard.issuance')} option={issuanceOption} />}
      />
      <ChartWithNumbers
        title={t('dashboard.usage')}
        testId="dashboard-usage"
        nameTitle={t('dashboard.inPeriod', { count: activity.days.length })}
        language={language}
        rows={totalsRows(USAGE_ACTIONS)}
        chart={<EChart label={t('dashboard.usage')} option={usageOption} />}
      />
    </Flex>
  );
}
