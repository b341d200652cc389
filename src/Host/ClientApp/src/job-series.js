import { jobsApi } from './api.js';

// A job's metric series as the detail draws them: the stored ones (GET /api/v1/jobs/{id}/metrics), then the live
// ticks that came after their last point. Stored series hold every value reported, thinned evenly past a bound;
// live ticks are thinned to the live rate, so they only carry the curve on until the next read.

const mostLiveTicks = 5000;

export function emptySeries() {
  return { stored: {}, live: [], received: 0 };
}

/** Reads the stored series; the live ticks that came before the read are in them, and are let go. */
export async function loadSeries(state, id) {
  const readFrom = state.received;
  const { series } = await jobsApi.metrics(id);
  state.stored = series ?? {};
  state.live = state.live.filter((tick) => tick.number >= readFrom);
}

/** Keeps a live tick's metrics, to be drawn after the stored points. */
export function addTick(state, event) {
  if (!event.transient || !event.metrics || Object.keys(event.metrics).length === 0) return;
  state.live.push({ number: state.received++, metrics: event.metrics });
  if (state.live.length > mostLiveTicks) state.live.splice(0, state.live.length - mostLiveTicks);
}

// Metrics a job counts its progress in: the first it reports is the charts' axis rather than a chart of its own.
const axes = ['epoch', 'step'];

/**
 * The charts to draw, by metric name: [x, value] points, x being the job's epoch (or step) metric reported with the
 * value when there is one, else the value's step (0 for the first).
 */
export function charts(state) {
  const series = new Map(Object.entries(state.stored).map(([name, points]) => [name, [...points]]));
  for (const tick of state.live)
    for (const [name, value] of Object.entries(tick.metrics)) {
      const points = series.get(name) ?? [];
      points.push({ step: (points.at(-1)?.step ?? -1) + 1, value });
      series.set(name, points);
    }
  const axis = axes.find((name) => series.has(name));
  const xOf = new Map((series.get(axis) ?? []).map(({ step, value }) => [step, value]));
  return [...series].filter(([name]) => name !== axis).map(([name, points]) => ({
    name,
    axis: axis ?? 'step',
    points: points.map(({ step, value }) => [xOf.get(step) ?? step, value]).sort((a, b) => a[0] - b[0]),
  }));
}
