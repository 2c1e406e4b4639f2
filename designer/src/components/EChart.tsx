import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useRef } from 'react';

// Only what the monitor draws, so the chunk stays small: bar and line charts as SVG (crisp at any zoom, and each bar an element a test can click).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type EChartOption = echarts.EChartsCoreOption;

/** What a click on a bar or point names: its series and category (index into the data). */
export interface EChartClick {
  seriesId?: string;
  dataIndex: number;
}

/**
 * One ECharts instance bound to a div: created on mount, given each new option, resized with its
 * container, disposed on unmount.
 */
export function EChart({
  option,
  style,
  testId,
  onClick,
}: {
  option: EChartOption;
  style?: CSSProperties;
  testId?: string;
  /** A click on a bar or point (drill-down); the pointer shows it is clickable. */
  onClick?: (click: EChartClick) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;

  useEffect(() => {
    if (!ref.current) return;
    const instance = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    // `data-rendered` tells tests (and screenshots) that the animation has ended.
    const el = ref.current;
    instance.on('finished', () => el.setAttribute('data-rendered', 'true'));
    instance.on('click', (params) => {
      const p = params as { seriesId?: string; dataIndex?: number };
      if (typeof p.dataIndex === 'number')
        clickRef.current?.({ seriesId: p.seriesId, dataIndex: p.dataIndex });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // Series keep their ids across updates (a language switch renames them), so bars move
    // rather than grow again from zero; series and categories that went away are removed.
    ref.current?.setAttribute('data-rendered', 'false');
    chart.current?.setOption(option, { replaceMerge: ['series', 'xAxis', 'yAxis'] });
  }, [option]);

  return (
    <div
      ref={ref}
      style={{ width: '100%', height: 300, cursor: onClick ? 'pointer' : undefined, ...style }}
      data-testid={testId}
    />
  );
}
