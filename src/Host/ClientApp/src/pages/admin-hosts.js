import { h, table } from '../dom.js';
import { formatDateTime, formatElapsed, formatRelative } from '../format.js';
import { watchOverview } from './overview-feed.js';

let stop = null;

export const hostsPage = {
  path: '/admin/hosts',
  title: 'Hosts',
  admin: true,
  show(container, { live }) {
    const body = h('div', {}, h('p', { className: 'muted' }, 'Waiting for the hosts…'));
    container.replaceChildren(
      h('h2', { className: 'page-title' }, 'Hosts'),
      h('p', { className: 'muted' }, 'Every host beats every few seconds; one that falls silent is shown gone, and forgotten later. Live.'),
      h('section', { className: 'card' }, body));
    stop = watchOverview(live, (overview) => {
      body.replaceChildren(table('Hosts', ['Host', 'State', 'Version', 'Up for', 'Last beat', 'Workers', 'Running', 'Connections', 'Succeeded', 'Failed'],
        overview.hosts.map((host) => h('tr', { dataset: { host: host.name, state: host.state } },
          h('th', { scope: 'row' }, host.name),
          h('td', {}, h('span', { className: 'state' }, host.state)),
          h('td', {}, host.version),
          h('td', { title: `started ${formatDateTime(host.startedAt, { seconds: true })}` }, host.state === 'up' ? formatElapsed(host.startedAt) : '—'),
          h('td', {}, h('time', { dateTime: host.lastBeatAt, title: formatDateTime(host.lastBeatAt, { seconds: true }) }, formatRelative(host.lastBeatAt))),
          h('td', { className: 'number' }, String(host.workers)),
          h('td', { className: 'number' }, String(host.jobsRunning)),
          h('td', { className: 'number' }, String(host.hubConnections)),
          h('td', { className: 'number' }, String(host.jobsSucceeded)),
          h('td', { className: 'number' }, String(host.jobsFailed))))));
    });
  },
  leave() {
    stop?.();
    stop = null;
  },
};
