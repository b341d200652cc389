import { filesApi, projectsApi, schedulesApi } from '../api.js';
import { h, table } from '../dom.js';
import { formatRelative, formatSize } from '../format.js';
import { linkTo } from '../router.js';
import { toast } from '../toasts.js';

/**
 * One project: what it is, its jobs (live, in the jobs view filtered to it), its files and its schedules.
 * stillShown() tells whether the page is still the one on screen when the answers come back.
 */
export async function showProject(container, id, stillShown) {
  const shown = stillShown();
  container.replaceChildren(h('p', { className: 'muted' }, 'Reading the project…'));
  try {
    const [project, files, schedules] = await Promise.all([projectsApi.get(id), filesApi.list({ project: id }), schedulesApi.list(id)]);
    if (stillShown() !== shown) return;
    container.replaceChildren(
      h('p', {}, h('a', { href: linkTo('/projects') }, '← All projects')),
      h('h2', { className: 'page-title' }, project.name, project.archived ? h('span', { className: 'muted' }, ' (archived)') : ''),
      project.description ? h('p', {}, project.description) : '',
      h('section', { className: 'card', 'aria-labelledby': 'project-jobs-heading' },
        h('h3', { id: 'project-jobs-heading' }, 'Jobs'),
        h('p', {}, `${jobsInWords(project.counts?.jobs)} jobs. `,
          h('a', { href: linkTo('/jobs', { project: id }), className: 'project-jobs' }, 'Follow them live in the jobs view'))),
      h('section', { className: 'card', 'aria-labelledby': 'project-files-heading' },
        h('h3', { id: 'project-files-heading' }, `Files (${files.total})`),
        files.items.length === 0
          ? h('p', { className: 'muted' }, 'No files in this project.')
          : table('Files of the project', ['File', 'Size', 'Uploaded'], files.items.map((file) =>
            h('tr', { dataset: { fileId: file.id } },
              h('th', { scope: 'row' }, file.name),
              h('td', {}, formatSize(file.size)),
              h('td', {}, h('time', { dateTime: file.createdAt }, formatRelative(file.createdAt))))))),
      h('section', { className: 'card', 'aria-labelledby': 'project-schedules-heading' },
        h('h3', { id: 'project-schedules-heading' }, `Schedules (${schedules.length})`),
        schedules.length === 0
          ? h('p', { className: 'muted' }, 'No schedules in this project.')
          : table('Schedules of the project', ['Schedule', 'Cron', 'Job', 'State'], schedules.map((schedule) =>
            h('tr', { dataset: { scheduleId: schedule.id } },
              h('th', { scope: 'row' }, schedule.name),
              h('td', {}, h('code', {}, schedule.cron), h('span', { className: 'muted' }, ` ${schedule.timeZone}`)),
              h('td', {}, schedule.job.type),
              h('td', {}, schedule.paused ? 'paused' : 'active'))))));
  } catch (error) {
    if (stillShown() !== shown) return;
    container.replaceChildren(h('section', { className: 'card' }, h('h2', {}, 'Not found'),
      h('p', {}, error.message, ' ', h('a', { href: linkTo('/projects') }, 'Back to your projects'))));
    if (error.status !== 404) toast('Could not read the project', error.message, 'error');
  }
}

/** A project's jobs in a few words: how many, and how many of them are unfinished. */
export function jobsInWords(jobs) {
  if (!jobs?.total) return '0';
  const unfinished = jobs.queued + jobs.running;
  return unfinished > 0 ? `${jobs.total} (${unfinished} unfinished)` : String(jobs.total);
}
