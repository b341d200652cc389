import { svg } from './svg.js';

const width = 480;
const height = 200;
const margin = { left: 60, right: 12, top: 12, bottom: 28 };
const maxPoints = 400;

/**
 * Draws a metric's points ([x, value], x ascending) into an svg element, x named by xName (epoch, step). A loss
 * falls by orders of magnitude, so the axis is logarithmic whenever every value is positive.
 */
export function drawMetricChart(target, points, xName) {
  target.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (points.length === 0) {
    target.replaceChildren(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, `waiting for the first ${xName}`));
    return;
  }
  const shown = thin(points);
  const logScale = shown.every(([, value]) => value > 0);
  const scaled = (value) => (logScale ? Math.log10(value) : value);
  const xs = [shown[0][0], shown.at(-1)[0]];
  const values = shown.map(([, value]) => scaled(value));
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const x = (at) => margin.left + ((at - xs[0]) / (xs[1] - xs[0] || 1)) * (width - margin.left - margin.right);
  const y = (value) => margin.top + (1 - (value - low) / (high - low || 1)) * (height - margin.top - margin.bottom);
  const label = (scaledValue) => {
    const value = logScale ? 10 ** scaledValue : scaledValue;
    return Math.abs(value) >= 0.01 && Math.abs(value) < 10_000 ? value.toPrecision(3) : value.toExponential(2);
  };

  const bottom = height - margin.bottom;
  target.replaceChildren(
    svg('line', { x1: margin.left, y1: margin.top, x2: margin.left, y2: bottom, class: 'axis' }),
    svg('line', { x1: margin.left, y1: bottom, x2: width - margin.right, y2: bottom, class: 'axis' }),
    svg('text', { x: margin.left - 6, y: margin.top + 10, 'text-anchor': 'end' }, label(high)),
    svg('text', { x: margin.left - 6, y: bottom, 'text-anchor': 'end' }, label(low)),
    svg('text', { x: margin.left, y: height - 8 }, `${xName} ${xs[0]}`),
    svg('text', { x: width - margin.right, y: height - 8, 'text-anchor': 'end' }, `${xName} ${xs[1]}`),
    svg('polyline', { class: 'line', points: shown.map(([at], i) => `${x(at).toFixed(1)},${y(values[i]).toFixed(1)}`).join(' ') }),
  );
}

// Every n-th point, always keeping the last: a long run has far more points than the chart has pixels.
function thin(points) {
  if (points.length <= maxPoints) return points;
  const step = Math.ceil(points.length / maxPoints);
  const kept = points.filter((_, i) => i % step === 0);
  if (kept.at(-1) !== points.at(-1)) kept.push(points.at(-1));
  return kept;
}
