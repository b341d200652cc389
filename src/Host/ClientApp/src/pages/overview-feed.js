// The cluster's overview as the hub pushes it to admins: the whole picture on watching (and after a reconnect), then
// the hosts and queue every few seconds with the newest throughput point, added to the history held here.
const mostPoints = 1_000;

/** Watches the overview on the live connection; render(state) gets { at, hosts, queue, throughput } on every change. */
export function watchOverview(live, render) {
  let state = null;
  live?.watchOverview((overview, { latestOnly }) => {
    if (!latestOnly || state === null) state = { ...overview, throughput: [...overview.throughput] };
    else {
      const known = state.throughput.at(-1)?.at;
      state = { ...overview, throughput: state.throughput };
      for (const point of overview.throughput) if (!known || point.at > known) state.throughput.push(point);
      if (state.throughput.length > mostPoints) state.throughput.splice(0, state.throughput.length - mostPoints);
    }
    render(state);
  });
  return () => live?.unwatchOverview();
}
