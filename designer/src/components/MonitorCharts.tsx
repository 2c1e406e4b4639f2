import { Card, Col, Empty, Row } from 'antd';
import { useMemo } from 'react';
import { api, type CaseSummary, type Task } from '../api';
import { useI18n } from '../i18n';
import { useApi, useDepartments } from '../useApi';
import { EChart, type EChartOption } from './EChart';

const COLORS = {
  green: '#52c41a',
  yellow: '#faad14',
  red: '#f5222d',
  paused: '#8c8c8c',
  atWindow: '#13c2c2',
};

/** Where an open case stands for the monitor: at the window, paused, or its light. */
export function monitorBucket(c: CaseSummary): keyof typeof COLORS | null {
  if (c.status === 'preReview' || c.status === 'correction') return 'atWindow';
  if (c.clock.state === 'paused') return 'paused';
  return c.deadline?.light ?? c.clock.light ?? null;
}

// A department queue is sorted by deadline, so its first page holds its most urgent steps.
const QUEUE_PAGE = 100;

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

/**
 * The monitor's charts: open cases per bundle stacked by light (with paused and at-the-window
 * cases as their own stacks), and per department its overdue (red) and near-due (yellow) steps.
 */
export default function MonitorCharts({ cases }: { cases: CaseSummary[] }) {
  const { t, pick } = useI18n();
  const { departments } = useDepartments();
  const departmentIds = departments.map((d) => d.id).join(',');
  const { data: queues } = useApi(
    (signal) =>
      Promise.all(
        departments.map((d) =>
          api
            .queue({ departmentId: d.id, limit: QUEUE_PAGE }, signal)
            .then((page) => ({ departmentId: d.id, tasks: page.tasks }))
            .catch(() => ({ departmentId: d.id, tasks: [] as Task[] })),
        ),
      ),
    [departmentIds],
  );

  const byBundle = useMemo(() => {
    const names = new Map<string, string>();
    for (const c of cases) names.set(c.bundleKey, pick(c.bundleName));
    const keys = [...names.keys()];
    const count = (bucket: keyof typeof COLORS) =>
      keys.map((k) => cases.filter((c) => c.bundleKey === k && monitorBucket(c) === bucket).length);
    return stackedBars(
      keys.map((k) => names.get(k)!),
      [
        { id: 'green', name: t('light.green'), color: COLORS.green, data: count('green') },
        { id: 'yellow', name: t('light.yellow'), color: COLORS.yellow, data: count('yellow') },
        { id: 'red', name: t('light.red'), color: COLORS.red, data: count('red') },
        { id: 'paused', name: t('monitor.pausedCount'), color: COLORS.paused, data: count('paused') },
        { id: 'atWindow', name: t('monitor.atWindow'), color: COLORS.atWindow, data: count('atWindow') },
      ],
      false,
    );
  }, [cases, pick, t]);

  const byDepartment = useMemo(() => {
    const rows = (queues ?? [])
      .map((q) => ({
        id: q.departmentId,
        red: q.tasks.filter((task) => task.deadline?.light === 'red').length,
        yellow: q.tasks.filter((task) => task.deadline?.light === 'yellow').length,
      }))
      .filter((r) => r.red + r.yellow > 0)
      .sort((a, b) => b.red - a.red || b.yellow - a.yellow);
    return {
      empty: rows.length === 0,
      option: stackedBars(
        rows.map((r) => pick(departments.find((d) => d.id === r.id)?.name) || r.id),
        [
          { id: 'overdue', name: t('monitor.overdue'), color: COLORS.red, data: rows.map((r) => r.red) },
          {
            id: 'nearDue',
            name: t('monitor.nearDue'),
            color: COLORS.yellow,
            data: rows.map((r) => r.yellow),
          },
        ],
        true,
      ),
    };
  }, [queues, departments, pick, t]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('monitor.byBundle')} size="small">
          {cases.length === 0 ? (
            <Empty description={t('monitor.noData')} style={{ height: 300 - 32 }} />
          ) : (
            <EChart option={byBundle} testId="monitor-chart-bundles" />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('monitor.byDepartment')} size="small">
          {byDepartment.empty ? (
            <Empty
              description={t('monitor.noData')}
              style={{ height: 300 - 32 }}
              data-testid="monitor-chart-departments-empty"
            />
          ) : (
            <EChart option={byDepartment.option} testId="monitor-chart-departments" />
          )}
        </Card>
      </Col>
    </Row>
  );
}
