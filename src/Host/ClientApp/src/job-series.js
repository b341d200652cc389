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

/**
 * The charts to draw, by metric name: [x, value] points, x being the job's epoch when it reports one (the metric
 * of that name is then the axis, not a chart of its own), else the step (0 for the first value).
 */
export function charts(state) {
  const series = new Map(Object.entries(state.stored).map(([name, points]) => [name, [...points]]));
  for (const tick of state.live)
    for (const [name, value] of Object.entries(tick.metrics)) {
      const points = series.get(name) ?? [];
      points.push({ step: (points.at(-1)?.step ?? -1) + 1, value });
      series.set(name, points);
    }
  const epochs = series.get('epoch');
  const epochOf = new Map((epochs ?? []).map(({ step, value }) => [step, value]));
  const axis = epochs ? 'epoch' : 'step';
  return [...series].filter(([name]) => name !== 'epoch').map(([name, points]) => ({
    name,
    axis,
    points: points.map(({ step, value }) => [epochs ? epochOf.get(step) ?? step + 1 : step, value]).sort((a, b) => a[0] - b[0]),
  }));
}
