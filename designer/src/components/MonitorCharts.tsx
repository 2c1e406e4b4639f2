import { Card, Col, Empty, Row } from 'antd';
import { useMemo } from 'react';
import type { MonitorSummary } from '../api';
import { useI18n } from '../i18n';
import { useDepartments } from '../useApi';
import { EChart, type EChartOption } from './EChart';

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
export default function MonitorCharts({ summary }: { summary: MonitorSummary | undefined }) {
  const { t, pick } = useI18n();
  const { departments } = useDepartments();

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

  const chart = (empty: boolean, option: EChartOption, testId: string) =>
    empty ? (
      <Empty description={t('monitor.noData')} style={{ height: 300 - 32 }} data-testid={`${testId}-empty`} />
    ) : (
      <EChart option={option} testId={testId} />
    );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('monitor.byBundle')} size="small">
          {chart(byBundle.empty, byBundle.option, 'monitor-chart-bundles')}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('monitor.byDepartment')} size="small">
          {chart(byDepartment.empty, byDepartment.option, 'monitor-chart-departments')}
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('monitor.byItem')} size="small">
          {chart(byItem.empty, byItem.option, 'monitor-chart-items')}
        </Card>
      </Col>
    </Row>
  );
}
