import { formatDuration } from './format.js';
import { niceCeiling, svg } from './svg.js';

const width = 960;
const height = 220;
const margin = { left: 44, right: 12, top: 12, bottom: 24 };

/** An svg for the chart, labelled for screen readers; drawThroughput fills it. */
export function throughputChart() {
  const chart = svg('svg', { class: 'throughput-chart', role: 'img', 'aria-label': 'Jobs succeeded and failed per second', viewBox: `0 0 ${width} ${height}` });
  return chart;
}

/** Draws jobs succeeded and failed per second over time: points are { at, succeededPerSecond, failedPerSecond }. */
export function drawThroughput(target, points) {
  if (points.length < 2) {
    target.replaceChildren(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, 'gathering the first figures…'));
    return;
  }
  const times = points.map((point) => Date.parse(point.at));
  const [first, last] = [times[0], times.at(-1)];
  const top = niceCeiling(Math.max(1, ...points.map((point) => Math.max(point.succeededPerSecond, point.failedPerSecond))));
  const x = (time) => margin.left + ((time - first) / (last - first || 1)) * (width - margin.left - margin.right);
  const y = (value) => margin.top + (1 - value / top) * (height - margin.top - margin.bottom);
  const line = (pick) => points.map((point, i) => `${x(times[i]).toFixed(1)},${y(pick(point)).toFixed(1)}`).join(' ');
  const bottom = height - margin.bottom;
  const span = formatDuration(last - first);
  target.setAttribute('aria-label', `Jobs per second over the last ${span}: now ${points.at(-1).succeededPerSecond.toFixed(1)} succeeded and ${points.at(-1).failedPerSecond.toFixed(1)} failed`);
  target.replaceChildren(
    svg('line', { x1: margin.left, y1: margin.top, x2: margin.left, y2: bottom, class: 'axis' }),
    svg('line', { x1: margin.left, y1: bottom, x2: width - margin.right, y2: bottom, class: 'axis' }),
    svg('line', { x1: margin.left, y1: y(top / 2), x2: width - margin.right, y2: y(top / 2), class: 'grid' }),
    svg('text', { x: margin.left - 6, y: margin.top + 8, 'text-anchor': 'end' }, `${top}/s`),
    svg('text', { x: margin.left - 6, y: y(top / 2) + 4, 'text-anchor': 'end' }, `${top / 2}/s`),
    svg('text', { x: margin.left - 6, y: bottom, 'text-anchor': 'end' }, '0'),
    svg('text', { x: margin.left, y: height - 6 }, `${span} ago`),
    svg('text', { x: width - margin.right, y: height - 6, 'text-anchor': 'end' }, 'now'),
    svg('polyline', { class: 'succeeded', points: line((point) => point.succeededPerSecond) }),
    svg('polyline', { class: 'failed', points: line((point) => point.failedPerSecond) }),
  );
}
