import { failedJobsPage } from './pages/admin-failed.js';
import { hostsPage } from './pages/admin-hosts.js';
import { overviewPage } from './pages/admin-overview.js';
import { allSchedulesPage } from './pages/admin-schedules.js';
import { usersPage } from './pages/admin-users.js';
import { filesPage } from './pages/files.js';
import { acceptInvitationPage } from './pages/invitation-accept.js';
import { keysPage } from './pages/keys.js';
import { organizationsPage } from './pages/organizations.js';
import { projectsPage } from './pages/projects.js';
import { roomsPage } from './pages/rooms.js';
import { schedulesPage } from './pages/schedules.js';
import { usagePage } from './pages/usage.js';

// Every page but the jobs view: { path, title, admin, nested?, show(container, { path, params, live }), update?(params, path), leave?() };
// a nested page also answers the addresses under its path (#/rooms/{id}).
const pages = [roomsPage, projectsPage, schedulesPage, filesPage, usagePage, keysPage, organizationsPage, acceptInvitationPage, overviewPage, hostsPage, failedJobsPage, allSchedulesPage, usersPage];

export function pageFor(path) {
  return pages.find((page) => page.path === path || (page.nested && path.startsWith(`${page.path}/`)));
}
