// A person's files in Debian's chromium:
//   node files.mjs <base url> <screenshot folder>
// Uploads a CSV through the job form's file field (its progress shown), trains on it and sees the output; a PNG, a PNG
// named .csv and a file over the host's limit are refused at the field, as is a file deleted before the submit. On the
// Files page: download, a delete refused while a job uses the file, a delete that goes through. Checked with axe-core in
// both themes and at 360 px. The host's Files:MaxFileBytes must be under 20 KiB.
import { accessTokenOf, assertAccessibleEverywhere, launch, narrow, register, rowReaches, submitJob, until, watchedPage, wide } from './steps.mjs';

const [baseUrl, screenshots = 'screenshots'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node files.mjs <base url> [screenshot folder]');
  process.exit(2);
}

// y = 2·x1 − 3·x2 + 1 on a grid, with a header line.
const points = Buffer.from(['x1,x2,y', ...Array.from({ length: 40 }, (_, i) => {
  const [x1, x2] = [(i % 8) / 4, Math.floor(i / 8) / 5];
  return `${x1},${x2},${2 * x1 - 3 * x2 + 1}`;
})].join('\n'));
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const tooLarge = Buffer.from('1,2\n'.repeat(5_000));

const browser = await launch();
const faults = [];
let step = 'starting';

try {
  const page = await watchedPage(await browser.newContext({ baseURL: baseUrl, viewport: wide }), faults);
  page.on('dialog', (dialog) => dialog.accept());

  step = 'register';
  await register(page, `files-${Date.now()}@test.example`, 'File Keeper');
  const token = await accessTokenOf(page);

  step = 'the training form asks for a dataset file: an upload that shows its progress';
  const form = page.locator('#submit-form');
  await form.getByLabel('Type').selectOption('training');
  const datasetFile = form.getByRole('group', { name: 'Dataset file' });
  const upload = datasetFile.getByLabel('Upload', { exact: true });
  if ((await upload.getAttribute('accept')) !== 'text/csv,text/plain') throw new Error('the file input does not accept what the schema does');
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/api/v1/files?*', async (route) => {
    if (route.request().method() === 'POST') await held;
    await route.continue();
  });
  await upload.setInputFiles({ name: 'points.csv', mimeType: 'text/csv', buffer: points });
  await datasetFile.locator('.upload-status', { hasText: 'Uploading points.csv' }).waitFor();
  await datasetFile.getByRole('progressbar', { name: 'Uploading points.csv' }).waitFor();
  release();
  await datasetFile.locator('.upload-status', { hasText: `Uploaded points.csv (${points.length} B).` }).waitFor();
  await page.unroute('**/api/v1/files?*');
  const pointsId = await datasetFile.getByLabel('Or one of your files').inputValue();
  if (!/^[0-9a-f-]{36}$/.test(pointsId)) throw new Error(`the uploaded file is not the one chosen (${pointsId})`);

  step = 'submit: the job trains on the uploaded file and succeeds with its output';
  await form.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
  const trained = new URL(page.url()).hash.split('/').pop();
  await rowReaches(page, trained, 'succeeded');
  const detail = page.locator(`#job-detail[data-job-id="${trained}"]`);
  await detail.locator('.logs li', { hasText: 'training on 40 samples with 2 features' }).waitFor();
  await detail.getByRole('button', { name: /^Download model\.json/ }).waitFor();
  if (!(await detail.locator('pre.input').textContent()).includes(pointsId)) throw new Error('the job\'s input does not name the file');

  step = 'a PNG is refused at the field before it is sent';
  await upload.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
  await problemAt(page, upload, 'photo.png is image/png; this takes text/csv or text/plain.');

  step = 'a PNG named .csv is refused by the server, said at the field';
  await upload.setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: png });
  await problemAt(page, upload, 'photo.csv is text/csv, but the file\'s bytes are image/png.');

  step = 'a file over the host\'s limit is refused, said at the field';
  await upload.setInputFiles({ name: 'large.csv', mimeType: 'text/csv', buffer: tooLarge });
  await problemAt(page, upload, 'large.csv (20 KiB) is larger than one upload may be.');

  step = 'on a phone a toast leaves the field\'s problem in sight';
  await page.setViewportSize(narrow);
  const told = await submitJob(page, token, { type: 'generation', input: { prompt: 'a toast', width: 32, height: 32, steps: 2 } });
  const toast = page.locator('#toasts .toast', { hasText: `job ${told.slice(-8)} succeeded` });
  await toast.waitFor();
  const problem = page.locator('.field-problem', { hasText: 'large.csv (20 KiB)' });
  await problem.scrollIntoViewIfNeeded();
  const [over, under] = [await toast.boundingBox(), await problem.boundingBox()];
  if (over.x < under.x + under.width && under.x < over.x + over.width && over.y < under.y + under.height && under.y < over.y + over.height)
    throw new Error(`the toast (${JSON.stringify(over)}) covers the field's problem (${JSON.stringify(under)})`);
  await page.setViewportSize(wide);
  await assertAccessibleEverywhere(page, screenshots, 'files-form');

  step = 'a file deleted after it was picked: the submit\'s problem is shown at the field';
  const gone = await uploadThroughApi(page, token, 'gone.csv', points);
  await form.getByLabel('Type').selectOption('generation');
  await form.getByLabel('Type').selectOption('training');
  const choice = datasetFile.getByLabel('Or one of your files');
  await choice.locator(`option[value="${gone}"]`).waitFor({ state: 'attached' });
  await choice.selectOption(gone);
  const deleted = await page.request.delete(`/api/v1/files/${gone}`, { headers: { Authorization: `Bearer ${token}` } });
  if (deleted.status() !== 204) throw new Error(`deleting gone.csv answered ${deleted.status()}`);
  await form.getByRole('button', { name: 'Submit' }).click();
  await problemAt(page, choice, `Dataset file names no file of yours: there is no file ${gone}.`);
  if (!page.url().endsWith(`#/jobs/${trained}`)) throw new Error('a job was submitted with a deleted file');

  step = 'the Files page lists the file with its type, size and time; another is uploaded there';
  await page.getByRole('link', { name: 'Files', exact: true }).click();
  await page.waitForURL(/#\/files$/);
  const pointsRow = page.locator(`tr[data-file-id="${pointsId}"]`);
  await pointsRow.locator('th', { hasText: 'points.csv' }).waitFor();
  await pointsRow.locator('td', { hasText: /^text\/csv$/ }).waitFor();
  await pointsRow.locator('td', { hasText: `${points.length} B` }).waitFor();
  await pointsRow.locator('time').waitFor();
  await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'spare.csv', mimeType: 'text/csv', buffer: points });
  const spareRow = page.locator('tr[data-file-id]', { hasText: 'spare.csv' });
  await spareRow.waitFor();
  const rows = await page.locator('tr[data-file-id] th').allTextContents();
  if (rows.join() !== 'spare.csv,points.csv') throw new Error(`the page lists ${rows.join(', ')}: a refused upload was kept, or the order is not newest first`);

  step = 'download a file: the same bytes under its name';
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download points.csv' }).click()]);
  if (download.suggestedFilename() !== 'points.csv') throw new Error(`the download is named ${download.suggestedFilename()}`);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  if (!Buffer.concat(chunks).equals(points)) throw new Error('the downloaded bytes are not the uploaded ones');

  step = 'a file no job uses is deleted';
  await page.getByRole('button', { name: 'Delete spare.csv' }).click();
  await spareRow.waitFor({ state: 'detached' });
  await pointsRow.waitFor();

  step = 'a file a queued job uses is not deleted, and the page says why';
  const waiting = await submitJob(page, token, {
    type: 'training', input: { datasetFile: { file: pointsId } }, runAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  await page.getByRole('button', { name: 'Delete points.csv' }).click();
  const inUse = page.getByRole('alert').filter({ hasText: 'points.csv is in use, so it stays: job ' });
  await inUse.getByRole('link', { name: `job ${waiting.slice(-8)}` }).waitFor();
  if ((await inUse.getByRole('link').getAttribute('href')) !== `#/jobs/${waiting}`) throw new Error('the message does not link the job that uses the file');
  await pointsRow.waitFor();
  await assertAccessibleEverywhere(page, screenshots, 'files');

  if (faults.length) throw new Error(`the page reported:\n${faults.join('\n')}`);
  console.log(`files scenario passed; screenshots in ${screenshots}`);
} catch (error) {
  console.error(`files scenario failed at "${step}": ${error.message}`);
  if (faults.length) console.error(faults.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}

/** Waits until the control is marked invalid and described by the problem, in these words. */
async function problemAt(page, control, words) {
  const element = await control.elementHandle();
  try {
    await until(page, `the field says "${words}"`, ([field, wanted]) => field.getAttribute('aria-invalid') === 'true'
      && (field.getAttribute('aria-describedby') ?? '').split(' ').some((id) => document.getElementById(id)?.textContent === wanted), [element, words]);
  } catch (error) {
    const said = await element.evaluate((field) => (field.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent));
    throw new Error(`${error.message}; it says: ${said.join(' | ')}`);
  }
}

async function uploadThroughApi(page, token, name, bytes) {
  const response = await page.request.post(`/api/v1/files?name=${name}`, { headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv' }, data: bytes });
  if (response.status() !== 201) throw new Error(`uploading ${name} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()).id;
}
