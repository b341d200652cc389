import { h, table } from '../dom.js';
import { formatRate, formatRelative } from '../format.js';
import { drawThroughput, throughputChart } from '../throughput-chart.js';
import { watchOverview } from './overview-feed.js';

let stop = null;

export const overviewPage = {
  path: '/admin',
  title: 'Overview',
  admin: true,
  show(container, { live }) {
    const chart = throughputChart();
    const figures = h('dl', { className: 'figures' });
    const queue = h('div', { className: 'queue' });
    const hosts = h('div', { className: 'running-by-host' });
    const updated = h('p', { className: 'muted updated' }, 'Waiting for the first figures…');
    container.replaceChildren(
      h('h2', { className: 'page-title' }, 'Overview'),
      updated,
      h('section', { className: 'card', ariaLabel: 'Now' }, figures),
      h('section', { className: 'card', 'aria-labelledby': 'throughput-heading' },
        h('h3', { id: 'throughput-heading' }, 'Jobs ended per second'),
        h('p', { className: 'legend' }, h('span', { className: 'key succeeded' }, 'succeeded'), ' ', h('span', { className: 'key failed' }, 'failed')),
        chart),
      h('div', { className: 'columns' },
        h('section', { className: 'card', 'aria-labelledby': 'queue-heading' }, h('h3', { id: 'queue-heading' }, 'Queue by type'), queue),
        h('section', { className: 'card', 'aria-labelledby': 'by-host-heading' }, h('h3', { id: 'by-host-heading' }, 'Running jobs by host'), hosts)));

    stop = watchOverview(live, (overview) => {
      const latest = overview.throughput.at(-1) ?? { succeededPerSecond: 0, failedPerSecond: 0 };
      const sum = (field) => overview.queue.reduce((total, depth) => total + depth[field], 0);
      const up = overview.hosts.filter((host) => host.state === 'up').length;
      updated.textContent = `Live: updated ${formatRelative(overview.at)}.`;
      figures.replaceChildren(...[
        ['Succeeded', formatRate(latest.succeededPerSecond)],
        ['Failed', formatRate(latest.failedPerSecond)],
        ['Ready', sum('ready')],
        ['Scheduled', sum('scheduled')],
        ['Running', sum('running')],
        ['Hosts up', `${up} of ${overview.hosts.length}`],
      ].map(([name, value]) => h('div', { className: 'figure' }, h('dt', {}, name), h('dd', {}, String(value)))));
      drawThroughput(chart, overview.throughput);
      queue.replaceChildren(overview.queue.length === 0
        ? h('p', { className: 'muted' }, 'The queue is empty.')
        : table('Queue by type', ['Type', 'Ready', 'Scheduled', 'Running'], overview.queue.map((depth) =>
          h('tr', { dataset: { type: depth.type } }, h('th', { scope: 'row' }, depth.type || '(unknown)'),
            h('td', { className: 'number' }, String(depth.ready)), h('td', { className: 'number' }, String(depth.scheduled)),
            h('td', { className: 'number' }, String(depth.running))))));
      hosts.replaceChildren(table('Running jobs by host', ['Host', 'State', 'Running', 'Workers'], overview.hosts.map((host) =>
        h('tr', { dataset: { state: host.state } }, h('th', { scope: 'row' }, host.name), h('td', {}, h('span', { className: 'state' }, host.state)),
          h('td', { className: 'number' }, String(host.jobsRunning)), h('td', { className: 'number' }, String(host.workers))))));
    });
  },
  leave() {
    stop?.();
    stop = null;
  },
};
