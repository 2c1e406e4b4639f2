import { Card, Col, Empty, Row, Segmented, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { MonitorSummary } from '../api';
import { useI18n } from '../i18n';
import { type MonitorFilter, type MonitorLight, monitorApi } from '../monitorApi';
import { useApi, useDepartments } from '../useApi';
import { EChart, type EChartClick, type EChartOption } from './EChart';

const COLORS = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  paused: '#8c8c8c',
  atWindow: '#13c2c2',
};

const stackedBars = (
  categories: string[],
  series: { id: string; name: string; color: string; data: number[] }[],
  horizontal: boolean,
): EChartOption => {
  const category = {
    type: 'category',
    data: categories,
    axisLabel: { interval: 0, width: horizontal ? 110 : 90, overflow: 'break' },
  };
  const value = { type: 'value', minInterval: 1 };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? { ...category, inverse: true } : value,
    series: series.map((s) => ({
      id: s.id,
      name: s.name,
      type: 'bar',
      stack: 'total',
      barMaxWidth: 36,
      itemStyle: { color: s.color },
      emphasis: { focus: 'series' },
      data: s.data,
    })),
  };
};

/** How many items the item chart shows: the most urgent first. */
const TOP_ITEMS = 10;

/**
 * The monitor's charts, from the server's summary over all open work: open cases per bundle stacked
 * by light (paused clocks and cases at the window as their own stacks); per department its overdue
 * (red) and near-due (yellow) steps; per item the lights of its own clocks in running cases.
 */
export default function MonitorCharts({
  summary,
  onDrill,
}: {
  summary: MonitorSummary | undefined;
  /** Opens the case list behind a clicked bar. */
  onDrill: (filter: Partial<MonitorFilter>) => void;
}) {
  const { t, pick } = useI18n();
  const { departments } = useDepartments();
  const lightOf = (seriesId?: string) =>
    seriesId && ['green', 'yellow', 'red', 'paused', 'atWindow'].includes(seriesId)
      ? (seriesId as MonitorLight)
      : undefined;
  // A bundle's bar stacks case lights: open the bundle's cases in that light.
  const drillBundle = ({ seriesId, dataIndex }: EChartClick) => {
    const row = summary?.byBundle[dataIndex];
    if (row) onDrill({ bundleKey: row.bundleKey, light: lightOf(seriesId) });
  };
  // A department's bar counts its late and near-due steps: open its cases (late steps marked).
  const drillDepartment = ({ dataIndex }: EChartClick) => {
    const row = (summary?.byDepartment ?? []).filter((r) => r.overdue + r.nearDue > 0)[dataIndex];
    if (row) onDrill({ departmentId: row.departmentId });
  };
  const drillItem = ({ dataIndex }: EChartClick) => {
    const row = (summary?.byItem ?? []).slice(0, TOP_ITEMS)[dataIndex];
    if (row) onDrill({ itemCode: row.itemCode });
  };

  const byBundle = useMemo(() => {
    const rows = summary?.byBundle ?? [];
    return {
      empty: rows.length === 0,
      option: stackedBars(
        rows.map((r) => pick(r.name)),
        [
          { id: 'green', name: t('light.green'), color: COLORS.green, data: rows.map((r) => r.green) },
          { id: 'yellow', name: t('light.yellow'), color: COLORS.yellow, data: rows.map((r) => r.yellow) },
          { id: 'red', name: t('light.red'), color: COLORS.red, data: rows.map((r) => r.red) },
          {
            id: 'paused',
            name: t('monitor.pausedCount'),
            color: COLORS.paused,
            data: rows.map((r) => r.paused),
          },
          {
            id: 'atWindow',
            name: t('monitor.atWindow'),
            color: COLORS.atWindow,
            data: rows.map((r) => r.atWindow),
          },
        ],
        false,
      ),
    };
  }, [summary, pick, t]);

  const byDepartment = useMemo(() => {
    const rows = (summary?.byDepartment ?? []).filter((r) => r.overdue + r.nearDue > 0);
    return {
      empty: rows.length === 0,
      option: stackedBars(
        rows.map((r) => pick(departments.find((d) => d.id === r.departmentId)?.name) || r.departmentId),
        [
          { id: 'overdue', name: t('monitor.overdue'), color: COLORS.red, data: rows.map((r) => r.overdue) },
          {
            id: 'nearDue',
            name: t('monitor.nearDue'),
            color: COLORS.yellow,
            data: rows.map((r) => r.nearDue),
          },
        ],
        true,
      ),
    };
  }, [summary, departments, pick, t]);

  const byItem = useMemo(() => {
    const rows = (summary?.byItem ?? []).slice(0, TOP_ITEMS);
    return {
      empty: rows.length === 0,
      option: stackedBars(
        rows.map((r) => pick(r.name)),
        [
          { id: 'red', name: t('light.red'), color: COLORS.red, data: rows.map((r) => r.red) },
          { id: 'yellow', name: t('light.yellow'), color: COLORS.yellow, data: rows.map((r) => r.yellow) },
          { id: 'green', name: t('light.green'), color: COLORS.green, data: rows.map((r) => r.green) },
          {
            id: 'paused',
            name: t('monitor.pausedCount'),
            color: COLORS.paused,
            data: rows.map((r) => r.paused),
          },
        ],
        true,
      ),
    };
  }, [summary, pick, t]);

  const chart = (empty: boolean, option: EChartOption, testId: string, onClick: (c: EChartClick) => void) =>
    empty ? (
      <Empty description={t('monitor.noData')} style={{ height: 300 - 32 }} data-testid={`${testId}-empty`} />
    ) : (
      <EChart option={option} testId={testId} onClick={onClick} />
    );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('monitor.byBundle')} size="small">
          {chart(byBundle.empty, byBundle.option, 'monitor-chart-bundles', drillBundle)}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('monitor.byDepartment')} size="small">
          {chart(byDepartment.empty, byDepartment.option, 'monitor-chart-departments', drillDepartment)}
        </Card>
      </Col>
      <Col xs={24}>
        <PerformanceChart onDrill={onDrill} />
      </Col>
      <Col xs={24}>
        <Card title={t('monitor.byItem')} size="small">
          {chart(byItem.empty, byItem.option, 'monitor-chart-items', drillItem)}
        </Card>
      </Col>
    </Row>
  );
}

/** How many items or departments the performance chart draws: those that finished the most. */
const TOP_SERIES = 8;

/**
 * 按时办结率 over the last months per item or department (lines, left axis), with the average
 * working days used against the average limit for all of them (bars, right axis). A point opens
 * the cases its item or department finished.
 */
function PerformanceChart({ onDrill }: { onDrill: (filter: Partial<MonitorFilter>) => void }) {
  const { t, pick } = useI18n();
  const [by, setBy] = useState<'item' | 'department'>('item');
  const { data } = useApi((signal) => monitorApi.performance(by, 6, signal), [by]);
  const top = useMemo(
    () =>
      [...(data?.series ?? [])]
        .sort(
          (a, b) =>
            b.points.reduce((n, p) => n + p.finished, 0) - a.points.reduce((n, p) => n + p.finished, 0),
        )
        .slice(0, TOP_SERIES),
    [data],
  );
  const option = useMemo((): EChartOption => {
    const months = data?.months ?? [];
    const totals = months.map((_, i) => {
      const points = top.map((s) => s.points[i]!).filter((p) => p.avgWorkingDays !== null);
      const n = points.reduce((k, p) => k + p.finished, 0);
      const avg = (f: (p: (typeof points)[number]) => number) =>
        n === 0 ? null : Math.round((points.reduce((k, p) => k + f(p) * p.finished, 0) / n) * 10) / 10;
      return { days: avg((p) => p.avgWorkingDays ?? 0), limit: avg((p) => p.avgLimitWorkingDays ?? 0) };
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1 },
      ],
      series: [
        ...top.map((s) => ({
          id: s.key,
          name: pick(s.name),
          type: 'line',
          connectNulls: true,
          symbolSize: 8,
          data: s.points.map((p) => (p.onTimeRate === null ? null : Math.round(p.onTimeRate * 1000) / 10)),
        })),
        {
          id: '_days',
          name: t('performance.avgDays'),
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 18,
          itemStyle: { color: 'rgba(22,119,255,0.25)' },
          data: totals.map((x) => x.days),
        },
        {
          id: '_limit',
          name: t('performance.avgLimit'),
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 18,
          itemStyle: { color: 'rgba(250,173,20,0.35)' },
          data: totals.map((x) => x.limit),
        },
      ],
    };
  }, [data, top, pick, t]);
  const drill = ({ seriesId }: EChartClick) => {
    if (!seriesId || seriesId.startsWith('_')) return;
    onDrill(
      by === 'item'
        ? { status: 'concluded', itemCode: seriesId }
        : { status: 'concluded', departmentId: seriesId },
    );
  };
  return (
    <Card
      title={t('performance.title')}
      size="small"
      extra={
        <Segmented
          size="small"
          value={by}
          onChange={(v) => setBy(v as 'item' | 'department')}
          options={[
            { value: 'item', label: t('performance.byItem') },
            { value: 'department', label: t('performance.byDepartment') },
          ]}
        />
      }
    >
      {top.length === 0 ? (
        <Empty description={t('performance.empty')} style={{ height: 300 - 32 }} />
      ) : (
        <>
          <Typography.Text type="secondary">{t('performance.hint')}</Typography.Text>
          <EChart option={option} testId="monitor-chart-performance" onClick={drill} />
        </>
      )}
    </Card>
  );
}
