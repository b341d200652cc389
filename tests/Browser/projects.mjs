// A person's projects in Debian's chromium:
//   node projects.mjs <base url> <screenshot folder>
// Creates a project on the Projects page, uploads a file into it on the Files page, submits jobs into it and follows
// them live in the jobs view filtered to it, reads the project's page, then duplicates, archives and deletes from the
// list. Checked with axe-core in both themes and at 360 px.
import { accessTokenOf, assertAccessibleEverywhere, launch, register, rowReaches, submitJob, until, watchedPage, wide } from './steps.mjs';

const [baseUrl, screenshots = 'screenshots'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node projects.mjs <base url> [screenshot folder]');
  process.exit(2);
}

const browser = await launch();
const faults = [];
let step = 'starting';

try {
  const page = await watchedPage(await browser.newContext({ baseURL: baseUrl, viewport: wide }), faults);
  // A prompt is answered with what it offers (the copy's name), a confirm with yes.
  page.on('dialog', (dialog) => dialog.accept(dialog.type() === 'prompt' ? dialog.defaultValue() : undefined));

  step = 'register';
  await register(page, `projects-${Date.now()}@test.example`, 'Project Keeper');
  const token = await accessTokenOf(page);

  step = 'create a project on the Projects page';
  await page.getByRole('link', { name: 'Projects', exact: true }).click();
  await page.waitForURL(/#\/projects$/);
  await page.getByLabel('Name', { exact: true }).fill('Lighthouses');
  await page.getByLabel('Description', { exact: true }).fill('renders for the coastal series');
  await page.getByRole('button', { name: 'Create project' }).click();
  const row = page.locator('tr[data-project-id]', { hasText: 'Lighthouses' });
  await row.waitFor();
  const projectId = await row.getAttribute('data-project-id');

  step = 'upload a file into the project on the Files page';
  await page.getByRole('link', { name: 'Files', exact: true }).click();
  await page.waitForURL(/#\/files$/);
  const choice = page.locator('section', { hasText: 'Upload a file' }).getByLabel('Project');
  await choice.locator(`option[value="${projectId}"]`).waitFor({ state: 'attached' });
  await choice.selectOption(projectId);
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'beacons.csv', mimeType: 'text/csv', buffer: Buffer.from('1,2\n') });
  await page.locator('tr[data-file-id]', { hasText: 'beacons.csv' }).waitFor();

  step = 'the project\'s page shows the file and leads to its jobs, which are followed live';
  const first = await submitJob(page, token, { type: 'generation', input: { prompt: 'a lighthouse', width: 32, height: 32, steps: 2 }, project: projectId });
  await page.goto(`/#/projects/${projectId}`);
  await page.getByRole('heading', { name: 'Lighthouses' }).waitFor();
  await page.locator('tr[data-file-id] th', { hasText: 'beacons.csv' }).waitFor();
  await page.getByRole('link', { name: 'Follow them live in the jobs view' }).click();
  await page.waitForURL(new RegExp(`#/jobs\\?project=${projectId}$`));
  await rowReaches(page, first, 'succeeded');
  const second = await submitJob(page, token, { type: 'generation', input: { prompt: 'another lighthouse', width: 32, height: 32, steps: 2 }, project: projectId });
  await rowReaches(page, second, 'succeeded');
  if ((await page.locator('#job-filters').getByLabel('Project').inputValue()) !== projectId) throw new Error('the filter does not show the project');
  await assertAccessibleEverywhere(page, screenshots, 'project-jobs');

  step = 'duplicate, archive and delete from the list';
  await page.getByRole('link', { name: 'Projects', exact: true }).click();
  await row.waitFor();
  await page.getByRole('button', { name: 'Duplicate Lighthouses' }).click();
  const copy = page.locator('tr[data-project-id]', { hasText: 'Lighthouses (copy)' });
  await copy.waitFor();
  await page.getByRole('button', { name: 'Archive Lighthouses', exact: true }).click();
  await page.locator(`tr[data-project-id="${projectId}"][data-archived="true"]`).waitFor();
  await page.getByRole('button', { name: 'Delete Lighthouses (copy)' }).click();
  await copy.waitFor({ state: 'detached' });
  await until(page, 'the list shows the project archived', (id) =>
    document.querySelector(`tr[data-project-id="${id}"]`)?.textContent.includes('archived'), projectId);
  await assertAccessibleEverywhere(page, screenshots, 'projects');

  if (faults.length) throw new Error(`the page reported:\n${faults.join('\n')}`);
  console.log(`projects scenario passed; screenshots in ${screenshots}`);
} catch (error) {
  console.error(`projects scenario failed at "${step}": ${error.message}`);
  if (faults.length) console.error(faults.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
