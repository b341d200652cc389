import { projectsApi } from '../api.js';
import { actionButton, h, table } from '../dom.js';
import { formatRelative } from '../format.js';
import { mayWrite, viewerWords } from '../owner.js';
import { linkTo } from '../router.js';
import { showProblems } from '../submit-form.js';
import { toast } from '../toasts.js';
import { jobsInWords, showProject } from './project.js';

let view = null;

/** The user's projects: a new one, then archive, unarchive, duplicate, delete; #/projects/{id} shows one with what it holds. */
export const projectsPage = {
  path: '/projects',
  title: 'Projects',
  admin: false,
  nested: true,
  show(container, { path }) {
    view = { container };
    open(path);
  },
  update(params, path) {
    open(path);
  },
  leave() {
    view = null;
  },
};

function open(path) {
  const id = /^\/projects\/([0-9a-f-]{36})$/.exec(path)?.[1];
  if (id) {
    showProject(view.container, id, () => view);
    return;
  }
  view.list = h('div', {}, h('p', { className: 'muted' }, 'Reading your projects…'));
  view.container.replaceChildren(
    h('h2', { className: 'page-title' }, 'Projects'),
    h('p', { className: 'muted' }, 'Named groups of your jobs, files and schedules. An archived project takes nothing new until it is unarchived.'),
    h('div', { className: 'columns' },
      h('section', { className: 'card', 'aria-labelledby': 'my-projects-heading' }, h('h3', { id: 'my-projects-heading' }, 'My projects'), view.list),
      mayWrite() ? createForm() : h('section', { className: 'card' }, h('p', {}, viewerWords()))));
  load();
}

function createForm() {
  const name = h('input', { name: 'name', required: true, maxLength: 100 });
  const description = h('textarea', { name: 'description', rows: 3, maxLength: 2000 });
  const errors = h('ul', { className: 'errors' });
  const save = h('button', { type: 'submit' }, 'Create project');
  const form = h('form', { className: 'card', 'aria-labelledby': 'new-project-heading' },
    h('h3', { id: 'new-project-heading' }, 'New project'),
    h('label', {}, 'Name ', name),
    h('label', {}, 'Description ', description),
    errors,
    h('div', { className: 'actions' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    showProblems(form, errors);
    save.disabled = true;
    try {
      const created = await projectsApi.create({ name: name.value.trim(), description: description.value.trim() || undefined });
      toast('Project created', created.name, 'success');
      name.value = '';
      description.value = '';
      await load();
    } catch (error) {
      showProblems(form, errors, error);
    } finally {
      save.disabled = false;
    }
  });
  return form;
}

async function load() {
  const shown = view;
  try {
    const projects = await projectsApi.list();
    if (view === shown && view.list) draw(projects);
  } catch (error) {
    toast('Could not read your projects', error.message, 'error');
  }
}

function draw(projects) {
  view.list.replaceChildren(projects.length === 0
    ? h('p', { className: 'muted' }, mayWrite() ? 'No projects yet: create one.' : 'No projects yet.')
    : table('My projects', ['Project', 'Jobs', 'Files', 'Schedules', 'Created', 'State', mayWrite() && 'Actions'].filter(Boolean), projects.map((project) =>
      h('tr', { dataset: { projectId: project.id, archived: String(project.archived) } },
        h('th', { scope: 'row' }, h('a', { href: linkTo(`/projects/${project.id}`) }, project.name)),
        h('td', {}, jobsInWords(project.counts?.jobs)),
        h('td', {}, String(project.counts?.files ?? 0)),
        h('td', {}, String(project.counts?.schedules ?? 0)),
        h('td', {}, h('time', { dateTime: project.createdAt }, formatRelative(project.createdAt))),
        h('td', {}, h('span', { className: 'state' }, project.archived ? 'archived' : 'active')),
        mayWrite() && h('td', { className: 'row-actions' },
          project.archived
            ? actionButton('Unarchive', async () => (await projectsApi.unarchive(project.id), load()), { ariaLabel: `Unarchive ${project.name}`, className: 'secondary' })
            : actionButton('Archive', async () => (await projectsApi.archive(project.id), load()), { ariaLabel: `Archive ${project.name}`, className: 'secondary' }),
          actionButton('Duplicate', async () => {
            const name = prompt(`Name of the copy of "${project.name}" (its schedules are copied paused):`, `${project.name} (copy)`);
            if (!name?.trim()) return;
            await projectsApi.duplicate(project.id, name.trim());
            await load();
          }, { ariaLabel: `Duplicate ${project.name}`, className: 'secondary' }),
          actionButton('Delete', async () => {
            if (!confirm(`Delete the project "${project.name}"? Its finished jobs, files and paused schedules stay, in no project.`)) return;
            await projectsApi.remove(project.id);
            await load();
          }, { ariaLabel: `Delete ${project.name}`, className: 'danger' }))))));
}
