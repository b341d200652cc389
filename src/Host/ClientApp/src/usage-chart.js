import { formatCount } from './format.js';
import { niceCeiling, svg } from './svg.js';

const height = 240;
const margin = { left: 56, right: 12, top: 12, bottom: 28 };
// Room each day's label takes on the axis, so labels never run into each other.
const dayLabelWidth = 64;
/** How many colours the bars take turns with (series-0 … series-5 in usage.css). */
export const seriesColours = 6;

const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
// The scale's middle may fall between whole credits (5 → 2.5).
const scaleFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 7 Dec, for a day as the usage report names it (yyyy-MM-dd, in UTC). */
export function dayLabel(day) {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** An svg for the chart, labelled for screen readers; drawCreditsByDay fills it. */
export function creditsChart() {
  return svg('svg', { class: 'usage-chart', role: 'img', 'aria-label': 'Credits charged per day by job type', viewBox: `0 0 960 ${height}` });
}

/**
 * Draws the credits charged each day as a bar stacked by job type, in the order of series: days are yyyy-MM-dd (UTC),
 * each series is { type, credits: Map(day → credits) }. The drawing is as wide as the chart is shown, so its words keep
 * their size on a phone; draw again when that width changes.
 */
export function drawCreditsByDay(target, days, series) {
  const width = Math.max(280, Math.round(target.getBoundingClientRect().width) || 960);
  target.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const totals = days.map((day) => series.reduce((sum, each) => sum + (each.credits.get(day) ?? 0), 0));
  const all = totals.reduce((sum, total) => sum + total, 0);
  if (all === 0) {
    target.setAttribute('aria-label', `No credits were charged in the last ${days.length} days`);
    target.replaceChildren(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty' }, 'No credits were charged in this period.'));
    return;
  }
  const top = niceCeiling(Math.max(...totals));
  const bottom = height - margin.bottom;
  const slot = (width - margin.left - margin.right) / days.length;
  const barWidth = Math.max(2, slot * 0.7);
  const y = (value) => margin.top + (1 - value / top) * (bottom - margin.top);
  const busiest = days[totals.indexOf(Math.max(...totals))];
  target.setAttribute('aria-label', `Credits charged per day by job type over the last ${days.length} days: ${formatCount(all)} in all, `
    + `most on ${dayLabel(busiest)} (${formatCount(Math.max(...totals))}); by type ${series.map((each) => `${each.type} ${formatCount(sum(each))}`).join(', ')}`);
  const every = Math.ceil(days.length / Math.max(1, Math.floor((width - margin.left - margin.right) / dayLabelWidth)));
  target.replaceChildren(
    svg('line', { x1: margin.left, y1: y(top / 2), x2: width - margin.right, y2: y(top / 2), class: 'grid' }),
    svg('line', { x1: margin.left, y1: margin.top, x2: margin.left, y2: bottom, class: 'axis' }),
    svg('line', { x1: margin.left, y1: bottom, x2: width - margin.right, y2: bottom, class: 'axis' }),
    ...[top, top / 2, 0].map((value) => svg('text', { x: margin.left - 6, y: y(value) + (value === top ? 8 : 4), 'text-anchor': 'end' }, scaleFormat.format(value))),
    ...days.flatMap((day, i) => bars(day, margin.left + i * slot + (slot - barWidth) / 2, barWidth, series, y)),
    ...days.map((day, i) => (days.length - 1 - i) % every === 0
      && svg('text', { x: margin.left + (i + 0.5) * slot, y: height - 8, 'text-anchor': 'middle' }, dayLabel(day))).filter(Boolean),
  );
}

// One day's bar: a rectangle per type that was charged that day, each on top of the one before.
function bars(day, x, barWidth, series, y) {
  let below = 0;
  return series.flatMap((each, index) => {
    const credits = each.credits.get(day) ?? 0;
    if (credits === 0) return [];
    const rect = svg('rect', { x: x.toFixed(1), y: y(below + credits).toFixed(1), width: barWidth.toFixed(1), height: (y(below) - y(below + credits)).toFixed(1),
      class: `bar series-${index % seriesColours}`, 'data-day': day, 'data-type': each.type });
    rect.append(svg('title', {}, `${dayLabel(day)}: ${formatCount(credits)} credits for ${each.type}`));
    below += credits;
    return [rect];
  });
}

function sum(each) {
  let total = 0;
  for (const credits of each.credits.values()) total += credits;
  return total;
}
