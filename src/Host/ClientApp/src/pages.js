import { failedJobsPage } from './pages/admin-failed.js';
import { hostsPage } from './pages/admin-hosts.js';
import { overviewPage } from './pages/admin-overview.js';
import { allSchedulesPage } from './pages/admin-schedules.js';
import { usersPage } from './pages/admin-users.js';
import { keysPage } from './pages/keys.js';
import { schedulesPage } from './pages/schedules.js';

// Every page but the jobs view: { path, title, admin, show(container, { params, live }), update?(params), leave?() }.
const pages = [schedulesPage, keysPage, overviewPage, hostsPage, failedJobsPage, allSchedulesPage, usersPage];

export function pageFor(path) {
  return pages.find((page) => page.path === path);
}
