// Walks an admin and a user through every page of the dashboard in Debian's chromium:
//   node operators.mjs <base url> <screenshot folder> <pid of a second host to kill>
// Each page is checked with axe-core (serious or critical violations fail) and photographed at 1,440 and 360 px.
// Exits non-zero with the step that failed. Every wait is on what the page shows, never on time alone.
import { accessTokenOf, assertAccessibleEverywhere, field, launch, register, shoot, submitJob, toastText, until, watchedPage, wide } from './steps.mjs';

const [baseUrl, screenshots = 'screenshots', hostToKill] = process.argv.slice(2);
if (!baseUrl || !hostToKill) {
  console.error('usage: node operators.mjs <base url> <screenshot folder> <pid of a second host to kill>');
  process.exit(2);
}

const browser = await launch();
const faults = [];
let step = 'starting';
// Seconds each step took, printed at the end: where the walk's time goes.
const took = [];
let stepStarted = Date.now();
function begin(next) {
  took.push(`${((Date.now() - stepStarted) / 1000).toFixed(1)} s ${step}`);
  [step, stepStarted] = [next, Date.now()];
}

try {
  const adminContext = await browser.newContext({ baseURL: baseUrl, viewport: wide });
  await adminContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const admin = await watchedPage(adminContext, faults);
  const userContext = await browser.newContext({ baseURL: baseUrl, viewport: wide });
  await userContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const user = await watchedPage(userContext, faults);
  for (const page of [admin, user]) page.on('dialog', (dialog) => dialog.accept());
  const stamp = Date.now();

  begin('the first account is the admin; a second is a user');
  await register(admin, `admin-${stamp}@test.example`, 'Operator');
  await admin.locator('#admin-nav').waitFor();
  const userEmail = `user-${stamp}@test.example`;
  await register(user, userEmail, 'Everyday User');
  if (await user.locator('#admin-nav').isVisible()) throw new Error('a user is offered the admin pages');

  begin('a user who opens an admin page by its address finds nothing there');
  await user.goto('/#/admin/users');
  await user.getByRole('heading', { name: 'Not found' }).waitFor();

  begin('overview: both hosts up, live');
  await admin.goto('/#/admin');
  await admin.locator('.figure', { hasText: 'Hosts up' }).locator('dd', { hasText: /^2 of / }).waitFor();
  await page('overview', admin);

  begin('hosts: a killed host is shown gone while the page is open');
  await admin.getByRole('link', { name: 'Hosts', exact: true }).click();
  await until(admin, 'two hosts up', () => document.querySelectorAll('tr[data-state="up"]').length === 2);
  process.kill(Number(hostToKill), 'SIGKILL');
  await until(admin, 'one host gone and one up', () =>
    document.querySelectorAll('tr[data-state="gone"]').length === 1 && document.querySelectorAll('tr[data-state="up"]').length === 1);
  await page('hosts', admin);

  begin('the user\'s jobs: three fail, one succeeds');
  const userToken = await accessTokenOf(user);
  const failing = await Promise.all([1, 2, 3].map(() => submitJob(user, userToken, { type: 'flaky', input: { failAttempts: 1 }, maxAttempts: 1 })));
  const passing = await submitJob(user, userToken, { type: 'noop', input: {} });
  for (const id of [...failing, passing]) await jobEnds(user, userToken, id);

  begin('a notification toast names the job by type and short id, and opens it');
  const notified = user.locator('#toasts .toast', { hasText: `noop job ${passing.slice(-8)} succeeded` });
  const notice = await toastText(notified);
  if (notice !== `noop job ${passing.slice(-8)} succeeded Open the job`) throw new Error(`the toast reads "${notice}"`);
  await notified.getByRole('link', { name: 'Open the job' }).click();
  await user.waitForURL(new RegExp(`#/jobs/${passing}$`));
  await user.locator(`#job-detail[data-job-id="${passing}"] .status`, { hasText: 'succeeded' }).waitFor();

  begin('filter the job list by status and type; the address keeps the filters');
  await user.goto('/#/jobs');
  await until(user, 'four jobs listed', () => document.querySelectorAll('li.job').length === 4);
  await user.locator('#job-filters').getByLabel('Status').selectOption('failed');
  await user.waitForURL(/#\/jobs\?status=failed$/);
  await until(user, 'only the three failed jobs', () =>
    document.querySelectorAll('li.job').length === 3 && [...document.querySelectorAll('li.job')].every((li) => li.dataset.status === 'failed'));
  await user.locator('#job-filters').getByLabel('Type').selectOption('noop');
  await user.waitForURL(/status=failed&type=noop$/);
  await user.locator('#no-jobs', { hasText: 'No jobs match' }).waitFor();
  await user.locator('#job-filters').getByLabel('Status').selectOption('');
  await until(user, 'the noop job alone', (id) => document.querySelectorAll('li.job').length === 1 && document.querySelector(`li.job[data-job-id="${id}"]`), passing);

  begin('find a job by the short id the list shows, and open it');
  await user.locator('#job-filters').getByLabel('Status').selectOption('failed');
  await user.locator('#job-filters').getByLabel('Type').selectOption('');
  await field(user, 'Find by id').fill(failing[0].slice(-8));
  await field(user, 'Find by id').press('Enter');
  await user.waitForURL(new RegExp(`#/jobs/${failing[0]}\\?status=failed$`));
  await user.locator(`#job-detail[data-job-id="${failing[0]}"] .status`, { hasText: 'failed' }).waitFor();

  begin('a job\'s own address survives a reload, filters included');
  await user.reload();
  await user.locator(`#job-detail[data-job-id="${failing[0]}"] .status`, { hasText: 'failed' }).waitFor();
  if ((await user.locator('#job-filters').getByLabel('Status').inputValue()) !== 'failed') throw new Error('the status filter was lost on reload');
  await until(user, 'the filtered list again', () => document.querySelectorAll('li.job').length === 3);
  await page('jobs', user);

  begin('keyboard alone: from the address bar to the schedules page');
  await user.goto('/#/jobs');
  await keyboardTo(user, 'Schedules');
  await user.keyboard.press('Enter');
  await user.waitForURL(/#\/schedules$/);

  begin('a schedule: the cron read back in words and its next five firings before saving');
  const scheduleName = `nightly-${stamp}`;
  await field(user, 'Name').fill(scheduleName);
  await field(user, 'Cron').fill('0 30 2 * * ?');
  await user.locator('#cron-preview .cron-words', { hasText: '02:30' }).waitFor();
  await until(user, 'five firings shown', () => document.querySelectorAll('#cron-preview .firings li').length === 5);
  await user.getByLabel('Job type').selectOption('noop');
  await user.getByRole('button', { name: 'Create schedule' }).click();
  await user.locator('tr[data-schedule-id]', { hasText: scheduleName }).waitFor();
  const created = user.locator('#toasts .toast', { hasText: 'Schedule created' });
  await created.waitFor();

  begin('the schedule\'s toast stays behind on its page');
  await user.getByRole('link', { name: 'API keys' }).click();
  await user.getByRole('button', { name: 'Create key' }).waitFor();
  if (await user.locator('#toasts .toast').count()) throw new Error(`the keys page shows the toast "${await user.locator('#toasts .toast').first().innerText()}"`);
  await user.getByRole('link', { name: 'Schedules' }).click();
  await user.locator('tr[data-schedule-id]', { hasText: scheduleName }).waitFor();
  await page('schedules', user);

  begin('an API key: its secret shown once, copied, then the key revoked');
  await user.getByRole('link', { name: 'API keys' }).click();
  await field(user, 'Name').fill('ci bot');
  await user.getByRole('button', { name: 'Create key' }).click();
  const secret = await user.locator('input.secret').inputValue();
  await user.getByRole('button', { name: 'Copy' }).click();
  await user.getByRole('button', { name: 'Copied' }).waitFor();
  if ((await user.evaluate(() => navigator.clipboard.readText())) !== secret) throw new Error('the copied text is not the secret');
  const keyWorks = await user.request.get('/api/v1/jobs', { headers: { 'X-API-Key': secret } });
  if (keyWorks.status() !== 200) throw new Error(`the new key was refused (${keyWorks.status()})`);
  await page('keys', user);
  await user.getByRole('button', { name: 'I have saved it' }).click();
  if (await user.locator('input.secret').count()) throw new Error('the secret is still shown');
  await user.getByRole('button', { name: 'Revoke ci bot' }).click();
  await user.locator('tr[data-key-id]').first().waitFor({ state: 'detached' });
  const revoked = await user.request.get('/api/v1/jobs', { headers: { 'X-API-Key': secret } });
  if (revoked.status() !== 401) throw new Error(`the revoked key still works (${revoked.status()})`);

  begin('failed jobs: the admin retries the user\'s three in one request');
  await admin.getByRole('link', { name: 'Failed jobs' }).click();
  for (const id of failing) await admin.locator(`tr[data-job-id="${id}"]`).waitFor();
  await page('failed-jobs', admin);
  for (const id of failing) await admin.locator(`tr[data-job-id="${id}"] input[type=checkbox]`).check();
  await admin.getByRole('button', { name: 'Retry selected (3)' }).click();
  await admin.locator('#toasts .toast', { hasText: '3 jobs retried' }).waitFor();
  for (const id of failing) await jobEnds(user, userToken, id, 'succeeded');

  begin('all schedules: the admin triggers the user\'s schedule now, then pauses it');
  await admin.getByRole('link', { name: 'All schedules' }).click();
  const row = admin.locator('tr[data-schedule-id]', { hasText: scheduleName });
  await row.waitFor();
  await row.getByRole('button', { name: `Trigger now: ${scheduleName}` }).click();
  await admin.locator('#toasts .toast', { hasText: `${scheduleName} triggered` }).waitFor();
  await admin.locator('tr[data-schedule-id]', { hasText: scheduleName }).locator('td.number', { hasText: /^1$/ }).waitFor();
  await row.getByRole('button', { name: `Pause ${scheduleName}` }).click();
  await admin.locator(`tr[data-schedule-id][data-paused="true"]`, { hasText: scheduleName }).waitFor();
  await page('all-schedules', admin);

  begin('the user sees the triggered run and the pause on their own page');
  await user.getByRole('link', { name: 'Schedules' }).click();
  await user.locator(`tr[data-schedule-id][data-paused="true"]`, { hasText: scheduleName }).waitFor();

  begin('users: a broadcast reaches the user live');
  await admin.getByRole('link', { name: 'Users' }).click();
  await field(admin, 'Title').fill('Maintenance at noon');
  await field(admin, 'Message').fill('The platform restarts at 12:00 UTC.');
  await admin.getByRole('button', { name: 'Send to everyone' }).click();
  await admin.locator('#toasts .toast', { hasText: 'Broadcast sent' }).waitFor();
  await user.locator('#toasts .toast', { hasText: 'Maintenance at noon' }).waitFor();

  begin('users: find, disable and enable the user; the audit log has it all');
  await field(admin, 'Find a user').fill(userEmail);
  await field(admin, 'Find a user').press('Enter');
  await admin.getByRole('button', { name: `Disable ${userEmail}` }).click();
  await admin.locator('tr[data-disabled="true"]', { hasText: userEmail }).waitFor();
  const disabledToast = await toastText(admin.locator('#toasts .toast', { hasText: 'Account disabled' }));
  if (disabledToast !== `Account disabled ${userEmail}`) throw new Error(`the toast reads "${disabledToast}"`);
  await admin.getByRole('button', { name: `Enable ${userEmail}` }).click();
  await admin.locator('tr[data-disabled="false"]', { hasText: userEmail }).waitFor();
  for (const action of ['user.disabled', 'user.enabled', 'admin.job_retried']) await admin.locator(`tr[data-action="${action}"]`).first().waitFor();
  await field(admin, 'Action').fill('admin.job_retried');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await until(admin, 'the audit log filtered to the retries', () =>
    [...document.querySelectorAll('tr[data-action]')].every((tr) => tr.dataset.action === 'admin.job_retried') && document.querySelectorAll('tr[data-action]').length === 3);
  await page('users', admin);

  begin('back on the overview, the jobs of the walk are on the chart');
  await admin.getByRole('link', { name: 'Overview' }).click();
  await until(admin, 'the chart drawn from the history', () => document.querySelectorAll('.throughput-chart polyline').length === 2);
  // The README's picture, without the walk's toasts over it.
  await admin.evaluate(() => document.querySelectorAll('#toasts .toast').forEach((toast) => toast.remove()));
  await shoot(admin, screenshots, 'overview-after-the-walk-1440.png');

  if (faults.length) throw new Error(`the pages reported:\n${faults.join('\n')}`);
  begin('done');
  console.log(`operators scenario passed; screenshots in ${screenshots}\n${took.join('\n')}`);
} catch (error) {
  console.error(`operators scenario failed at "${step}": ${error.message}`);
  if (faults.length) console.error(faults.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}

function page(name, page) {
  return assertAccessibleEverywhere(page, screenshots, name);
}

/** Presses Tab from the top of the page until the link or button named so has the focus. */
async function keyboardTo(page, name) {
  await page.locator('body').focus();
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

/** Polls the API, as the page's user, until the job has ended (as wanted, when given). */
async function jobEnds(page, token, id, wanted) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const job = await (await page.request.get(`/api/v1/jobs/${id}?waitForChange=5s`, { headers: { Authorization: `Bearer ${token}` } })).json();
    if (['succeeded', 'failed', 'cancelled'].includes(job.status)) {
      if (wanted && job.status !== wanted) {
        if (job.status === 'failed' && wanted === 'succeeded') continue;
        throw new Error(`job ${id} ended ${job.status}, not ${wanted}`);
      }
      return;
    }
  }
  throw new Error(`job ${id} did not end within a minute`);
}
