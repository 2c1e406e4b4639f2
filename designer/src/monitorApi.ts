import type { Schemas } from '@yijian/api-client';
import { client, data, request } from './api';

export type MonitorCase = Schemas['MonitorCase'];
export type MonitorCasePage = Schemas['MonitorCasePage'];
export type MonitorLight = Schemas['MonitorLight'];
export type MonitorStep = MonitorCase['steps'][number];
export type BundleHeatmap = Schemas['BundleHeatmap'];
export type MonitorPerformance = Schemas['MonitorPerformance'];

/** What the drill-down list is narrowed to; the page keeps it in the URL, so every chart can link to it. */
export interface MonitorFilter {
  status: 'open' | 'concluded';
  bundleKey?: string;
  departmentId?: string;
  itemCode?: string;
  light?: MonitorLight;
}

const LIGHTS: readonly MonitorLight[] = ['green', 'yellow', 'red', 'paused', 'atWindow', 'incident'];

/** The filter a URL's query names (unknown values are dropped, never sent). */
export function filterFromSearch(search: URLSearchParams): MonitorFilter {
  const text = (name: string) => search.get(name) || undefined;
  const light = search.get('light');
  return {
    status: search.get('status') === 'concluded' ? 'concluded' : 'open',
    bundleKey: text('bundleKey'),
    departmentId: text('departmentId'),
    itemCode: text('itemCode'),
    light: LIGHTS.includes(light as MonitorLight) ? (light as MonitorLight) : undefined,
  };
}

/** The drill-down list's URL for a filter: what every count and chart on the monitor links to. */
export function monitorCasesPath(filter: Partial<MonitorFilter>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
  if (q.get('status') === 'open') q.delete('status');
  const s = q.toString();
  return `/monitor/cases${s ? `?${s}` : ''}`;
}

export const monitorApi = {
  cases: (filter: MonitorFilter, cursor: string | null, signal?: AbortSignal) =>
    data(
      client.GET('/api/monitor/cases', {
        params: { query: { ...filter, cursor: cursor ?? undefined, limit: 50 } },
        signal,
      }),
    ),
  heatmap: (bundleKey: string, signal?: AbortSignal) =>
    data(client.GET('/api/monitor/bundles/{key}/heatmap', { params: { path: { key: bundleKey } }, signal })),
  performance: (by: 'item' | 'department', months: number, signal?: AbortSignal) =>
    data(client.GET('/api/monitor/performance', { params: { query: { by, months } }, signal })),
  /** Downloads the list as a file (the session cookie goes with it), named as the server says. */
  async download(filter: MonitorFilter, format: 'xlsx' | 'csv'): Promise<void> {
    const q = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    const res = await request(`/api/monitor/cases/export?${q}`);
    const disposition = res.headers.get('content-disposition') ?? '';
    const name = decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1] ?? `cases.${format}`);
    const url = URL.createObjectURL(await res.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },
};
