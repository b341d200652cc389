// Drives the dashboard the way a person would, in Debian's chromium:
//   node dashboard.mjs <base url> <screenshot folder>
// Exits non-zero with the step that failed. Every wait is on what the page shows, never on time alone.
import { accessTokenOf, assertAccessibleEverywhere, field, filledShare, launch, password, rowReaches, shoot as shootInto, timeout, toastText, until, watchedPage } from './steps.mjs';

const [baseUrl, screenshots = 'screenshots'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node dashboard.mjs <base url> [screenshot folder]');
  process.exit(2);
}
const displayName = 'Dashboard Tester';

const browser = await launch();
const faults = [];
let step = 'starting';

try {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 1000 } });
  const page = await watchedPage(context, faults);
  const hub = await interceptHub(page);
  await answerCatchUpsLate(page);

  step = 'register';
  await page.goto('/');
  await field(page, 'E-mail').fill(`dashboard-${Date.now()}@test.example`);
  await field(page, 'Password').fill(password);
  await page.getByLabel('Display name').fill(displayName);
  const email = await field(page, 'E-mail').inputValue();
  await page.getByRole('button', { name: 'Register' }).click();
  await page.locator('#display-name', { hasText: displayName }).waitFor();

  step = 'sign out and ask for a password reset link';
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('#sign-in-form').waitFor();
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await field(page, 'Account e-mail').fill(email);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.locator('#forgot-status', { hasText: 'a link to choose a new password is on its way' }).waitFor();
  await assertAccessibleEverywhere(page, screenshots, 'forgot-password');

  step = 'a reset link whose token is unknown says so';
  await page.goto('/#/reset-password?token=unknown');
  await field(page, 'New password').fill(`${password} renewed`);
  await page.getByRole('button', { name: 'Set the password' }).click();
  await page.locator('#reset-errors li', { hasText: 'ask for a new one' }).waitFor();
  await page.getByRole('link', { name: 'Ask for a new link' }).waitFor();
  await assertAccessibleEverywhere(page, screenshots, 'reset-password');

  step = 'sign in again';
  await page.goto('/');
  await page.locator('#sign-in-form').waitFor();
  await field(page, 'E-mail').fill(email);
  await field(page, 'Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('#display-name', { hasText: displayName }).waitFor();

  const firstToken = await accessTokenOf(page);

  step = 'see myself online';
  await page.locator('#online li', { hasText: displayName }).waitFor();

  step = 'see the form built from the job types\' schemas';
  const form = page.locator('#submit-form');
  await form.getByLabel('Type').selectOption('generation');
  const steps = form.getByLabel('Steps', { exact: true });
  if ((await steps.getAttribute('max')) !== '200' || (await steps.inputValue()) !== '20')
    throw new Error('the Steps field does not carry the limit and default of the generation schema');
  await form.getByLabel('Seed', { exact: true }).waitFor();
  await form.getByLabel('Type').selectOption('training');
  await form.getByLabel('Learning rate', { exact: true }).waitFor();

  step = 'submit a generation job from the form';
  const generation = await submit(page, 'generation', { Prompt: 'a lighthouse at dusk', Width: '96', Height: '96', Steps: '12' });

  step = 'watch the generation job reach 100%';
  await rowReaches(page, generation, 'succeeded');
  await until(page, 'the bar is full', (id) => document.querySelector(`li.job[data-job-id="${id}"] progress`).value === 100, generation);

  step = 'the toast says the job succeeded, its words apart from its link';
  const told = page.locator('#toasts .toast', { hasText: `generation job ${generation.slice(-8)} succeeded` });
  await told.waitFor();
  const toastSays = await toastText(told);
  if (toastSays !== `generation job ${generation.slice(-8)} succeeded Open the job`) throw new Error(`the toast reads "${toastSays}"`);

  step = 'the finished job\'s bars are drawn full, as their 100% says';
  await barsDrawnFull(page, generation);

  step = 'see the generated image inline';
  await until(page, 'the 96x96 image is shown', () => {
    const image = document.querySelector('#job-detail img.artifact-image');
    return image?.src.startsWith('blob:') && image.complete && image.naturalWidth === 96 && image.naturalHeight === 96;
  });
  await page.locator('#job-detail .timeline li[data-kind="succeeded"]').waitFor();
  await page.locator('#job-detail .logs li', { hasText: 'rendered image.png' }).waitFor();
  await shoot(page, 'dashboard-generation.png');

  step = 'lose the hub connection and see the banner';
  await hub.drop();
  await page.locator('#reconnecting').waitFor({ state: 'visible' });

  step = 'submit while disconnected; the job ends unseen';
  const unseen = await submit(page, 'generation', { Prompt: 'a quiet harbour', Width: '32', Height: '32', Steps: '3' });
  await jobEndsOnServer(page, unseen);
  const shownMeanwhile = await page.locator(`li.job[data-job-id="${unseen}"]`).getAttribute('data-status');
  if (shownMeanwhile === 'succeeded') throw new Error('the job was shown as succeeded while the hub was down; the outage was not real');

  step = 'reconnect and catch up';
  hub.restore();
  await page.locator('#reconnecting').waitFor({ state: 'hidden' });
  await rowReaches(page, unseen, 'succeeded');
  await page.locator('#job-detail .timeline li[data-kind="succeeded"]').waitFor();

  step = 'train a model and see its loss curve';
  const quick = await submit(page, 'training', { Epochs: '300', Samples: '500', Features: '4' });
  await rowReaches(page, quick, 'succeeded');
  await barsDrawnFull(page, quick);
  await until(page, 'the loss curve spans the epochs', () => {
    const points = document.querySelector('#job-detail .loss-chart polyline')?.getAttribute('points') ?? '';
    // Drawn from the stored series, which hold every epoch's loss, not only the few live ticks a quick run sends.
    return points.split(' ').length > 2 && document.querySelector('#job-detail .loss-chart')?.textContent.includes('epoch 300');
  });
  await shoot(page, 'dashboard-training.png');

  step = 'submit a slow training job';
  const training = await submit(page, 'training', { Epochs: '100000', Samples: '10000', Features: '8' });
  await rowReaches(page, training, 'running');
  await until(page, 'the loss curve is drawn', () =>
    (document.querySelector('#job-detail .loss-chart polyline')?.getAttribute('points') ?? '').split(' ').length >= 2);

  step = 'cancel it with the button and see the toast';
  await page.locator('#job-detail').getByRole('button', { name: 'Cancel' }).click();
  await page.locator('#toasts .toast', { hasText: 'Job cancelled' }).waitFor();
  await rowReaches(page, training, 'cancelled');
  await page.locator('#job-detail .timeline li[data-kind="cancelled"]').waitFor();
  await until(page, 'retry is offered', () => !document.querySelector('#job-detail button[name=retry]').disabled);
  const picture = await shoot(page, 'dashboard.png');

  step = 'stay signed in as the access token is refreshed';
  await until(page, 'the page holds a new access token', (first) => {
    const token = JSON.parse(localStorage.getItem('platform.tokens') ?? 'null')?.accessToken;
    return token && token !== first;
  }, firstToken);
  await page.reload();
  await page.locator('#display-name', { hasText: displayName }).waitFor();
  await rowReaches(page, training, 'cancelled');

  if (faults.length) throw new Error(`the page reported:\n${faults.join('\n')}`);
  console.log(`dashboard scenario passed; screenshot: ${picture}`);
} catch (error) {
  console.error(`dashboard scenario failed at "${step}": ${error.message}`);
  if (faults.length) console.error(faults.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}

/** Fills the new-job form, submits it, and returns the new job's id from the address the page moves to. */
async function submit(page, type, fields) {
  const form = page.locator('#submit-form');
  const before = page.url();
  await form.getByLabel('Type').selectOption(type);
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL((url) => url.href !== before && /#\/jobs\/[0-9a-f-]{36}$/.test(url.hash));
  const id = new URL(page.url()).hash.split('/').pop();
  await page.locator(`#job-detail[data-job-id="${id}"]`).waitFor();
  return id;
}

/** The job's bar in the list and in its detail: the fill spans the whole track once the job has ended. */
async function barsDrawnFull(page, id) {
  for (const bar of [page.locator(`li.job[data-job-id="${id}"] progress`), page.locator(`#job-detail[data-job-id="${id}"] progress`)]) {
    const percent = await bar.evaluate((element) => element.parentElement.querySelector('.percent').textContent);
    const share = await filledShare(bar);
    if (percent !== '100%' || share < 0.97) throw new Error(`a bar beside "${percent}" is drawn ${Math.round(share * 100)}% full`);
  }
}

/** Polls the API, as the page's user, until the job has ended. */
async function jobEndsOnServer(page, id) {
  const token = await accessTokenOf(page);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const response = await page.request.get(`/api/v1/jobs/${id}?waitForChange=5s`, { headers: { Authorization: `Bearer ${token}` } });
    const job = await response.json();
    if (job.status === 'succeeded') return;
    if (['failed', 'cancelled'].includes(job.status)) throw new Error(`job ${id} ended ${job.status}`);
  }
  throw new Error(`job ${id} did not end within ${timeout} ms`);
}

/**
 * A slow network: each read of a job's stored events is answered a second after the server read it, so live events
 * stored meanwhile reach the page while its read is still on the way.
 */
async function answerCatchUpsLate(page) {
  await page.route('**/api/v1/jobs/*/events?*', async (route) => {
    try {
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await route.fulfill({ response });
    } catch (error) {
      // A read the page gave up on (a reload, the scenario's end) has nobody left to answer.
      if (!/disposed|closed/i.test(error.message)) throw error;
    }
  });
}

/**
 * Puts the hub's traffic through a switch: drop() closes its open WebSockets and refuses new connections
 * (as a network outage or a host restart would) until restore().
 */
async function interceptHub(page) {
  let down = false;
  const open = new Set();
  await page.route('**/hubs/jobs/negotiate*', (route) => (down ? route.abort('connectionrefused') : route.continue()));
  await page.routeWebSocket(/\/hubs\/jobs/, (socket) => {
    if (down) {
      socket.close({ code: 1011, reason: 'outage' });
      return;
    }
    socket.connectToServer();
    open.add(socket);
  });
  return {
    async drop() {
      down = true;
      for (const socket of open) await socket.close({ code: 1011, reason: 'outage' });
      open.clear();
    },
    restore() {
      down = false;
    },
  };
}

function shoot(page, name) {
  return shootInto(page, screenshots, name);
}
