import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  /** Draw on the right-hand axis (a different unit). */
  right?: boolean;
  /** Mark every value with a point (a series with gaps, whose lone values a line would not show). */
  points?: boolean;
}

/**
 * A time series chart (uPlot: small, fast, canvas). `times` are epoch milliseconds. The chart follows its
 * container's width, so it fits a narrow window too.
 */
export function TimeChart(props: {
  title: string;
  times: number[];
  series: ChartSeries[];
  unit?: string;
  rightUnit?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = props.series.map((s) => `${s.label}:${s.right ? 1 : 0}`).join('|');

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const width = Math.max(element.clientWidth, 240);
    const options: uPlot.Options = {
      width,
      height: 220,
      series: [
        {},
        ...props.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          fill: `${s.color}22`,
          width: 2,
          scale: s.right ? 'right' : 'y',
          points: { show: s.points || props.times.length < 40, size: 6 },
        })),
      ],
      axes: [
        {},
        { label: props.unit, size: 56 },
        ...(props.series.some((s) => s.right)
          ? [{ label: props.rightUnit, scale: 'right', side: 1 as const, grid: { show: false }, size: 56 }]
          : []),
      ],
      scales: { x: { time: true }, y: { range: fromZero }, right: { range: fromZero } },
      cursor: { drag: { x: false, y: false } },
    };
    plot.current = new uPlot(options, data(props.times, props.series), element);
    const resize = new ResizeObserver(() => {
      plot.current?.setSize({ width: Math.max(element.clientWidth, 240), height: 220 });
    });
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is built again only when its series change; new points are set below.
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(data(props.times, props.series));
  }, [props.times, props.series]);

  return (
    <figure class="chart" aria-label={props.title}>
      <figcaption>{props.title}</figcaption>
      <div ref={container} class="chart-canvas" />
    </figure>
  );
}

/** Counts start at zero, and an empty chart still shows a scale. */
const fromZero = (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, Math.max(1, max * 1.1)];

function data(times: number[], series: ChartSeries[]): uPlot.AlignedData {
  return [times.map((t) => t / 1000), ...series.map((s) => s.values)];
}
