import { svg } from './svg.js';

const width = 480;
const height = 200;
const margin = { left: 60, right: 12, top: 12, bottom: 28 };
const maxPoints = 400;

/**
 * Draws loss by epoch into an svg element. The loss of gradient descent falls by orders of magnitude, so the
 * axis is logarithmic whenever every value is positive.
 */
export function drawLossChart(target, points) {
  target.setAttribute('viewBox', `0 0 ${width} ${height}`);
  if (points.length === 0) {
    target.replaceChildren(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, 'waiting for the first epoch'));
    return;
  }
  const shown = thin(points);
  const logScale = shown.every(([, loss]) => loss > 0);
  const scaled = (loss) => (logScale ? Math.log10(loss) : loss);
  const epochs = [shown[0][0], shown.at(-1)[0]];
  const values = shown.map(([, loss]) => scaled(loss));
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const x = (epoch) => margin.left + ((epoch - epochs[0]) / (epochs[1] - epochs[0] || 1)) * (width - margin.left - margin.right);
  const y = (value) => margin.top + (1 - (value - low) / (high - low || 1)) * (height - margin.top - margin.bottom);
  const label = (value) => {
    const loss = logScale ? 10 ** value : value;
    return Math.abs(loss) >= 0.01 && Math.abs(loss) < 10_000 ? loss.toPrecision(3) : loss.toExponential(2);
  };

  const bottom = height - margin.bottom;
  target.replaceChildren(
    svg('line', { x1: margin.left, y1: margin.top, x2: margin.left, y2: bottom, class: 'axis' }),
    svg('line', { x1: margin.left, y1: bottom, x2: width - margin.right, y2: bottom, class: 'axis' }),
    svg('text', { x: margin.left - 6, y: margin.top + 10, 'text-anchor': 'end' }, label(high)),
    svg('text', { x: margin.left - 6, y: bottom, 'text-anchor': 'end' }, label(low)),
    svg('text', { x: margin.left, y: height - 8 }, `epoch ${epochs[0]}`),
    svg('text', { x: width - margin.right, y: height - 8, 'text-anchor': 'end' }, `epoch ${epochs[1]}`),
    svg('polyline', { class: 'loss', points: shown.map(([epoch], i) => `${x(epoch).toFixed(1)},${y(values[i]).toFixed(1)}`).join(' ') }),
  );
}

// Every n-th point, always keeping the last: a long run has far more epochs than the chart has pixels.
function thin(points) {
  if (points.length <= maxPoints) return points;
  const step = Math.ceil(points.length / maxPoints);
  const kept = points.filter((_, i) => i % step === 0);
  if (kept.at(-1) !== points.at(-1)) kept.push(points.at(-1));
  return kept;
}
