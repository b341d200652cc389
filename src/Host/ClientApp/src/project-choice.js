import { projectsApi } from './api.js';
import { h } from './dom.js';

/**
 * A select of the user's projects, read again each time it is opened so a project made meanwhile is offered.
 * Only projects that take new work are offered unless withArchived; the first option is none (empty value).
 */
export function projectSelect({ name = 'project', none = 'none', withArchived = false, selected = '' } = {}) {
  const select = h('select', { name }, h('option', { value: '' }, none));
  const fill = async () => {
    try {
      const projects = (await projectsApi.list()).filter((project) => withArchived || !project.archived);
      const chosen = select.value || select.dataset.wanted || selected;
      select.replaceChildren(h('option', { value: '' }, none), ...projects.map((project) =>
        h('option', { value: project.id }, project.archived ? `${project.name} (archived)` : project.name)));
      if (projects.some((project) => project.id === chosen)) select.value = chosen;
    } catch {
      // The choice stays as it was; the form still works without projects.
    }
  };
  select.addEventListener('focus', fill);
  fill();
  return select;
}

/** Chooses a project in the select, reading the projects again when it is not offered yet (made since they were read). */
export function chooseProject(select, id) {
  select.dataset.wanted = id ?? '';
  select.value = id ?? '';
  if (id && select.value !== id) select.dispatchEvent(new Event('focus'));
}

/** The chosen project's id, or undefined for none, as a request's project field. */
export function chosenProject(select) {
  return select?.value || undefined;
}
