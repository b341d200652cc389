// Two people share an organization's work, in Debian's chromium:
//   node organizations.mjs <base url> <screenshot folder>
// Olivia creates an organization and invites Victor as a viewer; he accepts through the link. Acting for it, she
// submits a long job and both watch it live; Victor is offered no cancel, and the API refuses it him. Once she removes
// him, his page says so and shows his own things again. Checked with axe-core; photographed at 1,440 and 360 px.
import { assertAccessible, assertAccessibleEverywhere, field, launch, register, shoot, until, watchedPage, wide } from './steps.mjs';

const [baseUrl, screenshots = 'screenshots'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node organizations.mjs <base url> [screenshot folder]');
  process.exit(2);
}

const browser = await launch();
const faults = [];
const pages = [];
let step = 'starting';

try {
  const olivia = await watchedPage(await browser.newContext({ baseURL: baseUrl, viewport: wide }), faults);
  const victor = await watchedPage(await browser.newContext({ baseURL: baseUrl, viewport: wide }), faults);
  pages.push(olivia, victor);
  olivia.on('dialog', (dialog) => dialog.accept());
  const stamp = Date.now();
  const victorEmail = `victor-${stamp}@test.example`;
  const name = `Lighthouse Studio ${stamp}`;

  step = 'two people sign up';
  await register(olivia, `olivia-${stamp}@test.example`, 'Olivia');
  await register(victor, victorEmail, 'Victor');

  step = 'Olivia creates an organization on the Organizations page';
  await olivia.getByRole('link', { name: 'Organizations' }).click();
  await field(olivia, 'Organization name').fill(name);
  await olivia.getByRole('button', { name: 'Create organization' }).click();
  await olivia.waitForURL(/#\/organizations\/[0-9a-f-]{36}$/);
  const organizationId = new URL(olivia.url()).hash.split('/').pop();
  await olivia.locator('tr[data-role="owner"]', { hasText: 'Olivia' }).waitFor();

  step = 'she invites Victor as a viewer and is shown the link once';
  await field(olivia, 'E-mail to invite').fill(victorEmail);
  await olivia.locator('form.invite-form').getByLabel('Role').selectOption('viewer');
  await olivia.getByRole('button', { name: 'Invite', exact: true }).click();
  const link = await field(olivia, `Invitation link for ${victorEmail}`).inputValue();
  if (!link.startsWith(`${new URL(baseUrl).origin}/#/invitations/accept?token=`)) throw new Error(`the invitation link reads ${link}`);
  await olivia.locator('tr', { hasText: victorEmail }).getByRole('button', { name: `Withdraw the invitation of ${victorEmail}` }).waitFor();
  await assertAccessibleEverywhere(olivia, screenshots, 'organizations');

  step = 'Victor accepts through the link and is shown the organization\'s things as a viewer';
  await victor.goto(link);
  await victor.getByRole('button', { name: 'Accept the invitation' }).waitFor();
  await assertAccessible(victor, 'the invitation');
  await shoot(victor, screenshots, 'invitation-accept-1440.png');
  await victor.getByRole('button', { name: 'Accept the invitation' }).click();
  await victor.locator('#viewer-note', { hasText: `You are a viewer in ${name}` }).waitFor();
  if (!(await victor.locator('#submit-form').isHidden())) throw new Error('a viewer is offered the new-job form');
  await until(victor, 'the header shows the organization', (id) => document.querySelector('#owner-select').value === id, organizationId);

  step = 'Olivia switches to the organization and submits a long job';
  await Promise.all([olivia.waitForEvent('load'), olivia.getByLabel('Showing the things of').selectOption({ label: `${name} (owner)` })]);
  await olivia.getByRole('link', { name: 'Jobs', exact: true }).click();
  await olivia.locator('#jobs-owner', { hasText: `${name}'s` }).waitFor();
  const form = olivia.locator('#submit-form');
  await form.getByLabel('Type').selectOption('generation');
  await form.getByLabel('Prompt', { exact: true }).fill('a lighthouse at dusk');
  for (const side of ['Width', 'Height']) await form.getByLabel(side, { exact: true }).fill(await form.getByLabel(side, { exact: true }).getAttribute('max'));
  await form.getByLabel('Steps', { exact: true }).fill('200');
  await form.getByRole('button', { name: 'Submit' }).click();
  await olivia.waitForURL(/#\/jobs\/[0-9a-f-]{36}$/);
  const jobId = new URL(olivia.url()).hash.split('/').pop();

  step = 'both watch the job live';
  await victor.locator(`li.job[data-job-id="${jobId}"]`).waitFor();
  await victor.goto(`/#/jobs/${jobId}`);
  await Promise.all([olivia, victor].map((page) => progressMoves(page, jobId)));
  if (await victor.locator('#job-detail button[name=cancel]').count()) throw new Error('a viewer is offered Cancel');
  if (!(await olivia.locator('#job-detail button[name=cancel]').count())) throw new Error('the owner is not offered Cancel');

  step = 'the API refuses the viewer a cancel';
  const status = await victor.evaluate(async ([job, organization]) => {
    const { accessToken } = JSON.parse(localStorage.getItem('platform.tokens'));
    const response = await fetch(`/api/v1/jobs/${job}/cancel?actAs=${organization}`, { method: 'POST', headers: { Authorization: `Bearer ${accessToken}` } });
    return response.status;
  }, [jobId, organizationId]);
  if (status !== 403) throw new Error(`a viewer's cancel answered ${status}`);
  await assertAccessibleEverywhere(victor, screenshots, 'organization-viewer');

  step = 'Olivia removes Victor; his page says so and shows his own things again';
  await olivia.goto(`/#/organizations/${organizationId}`);
  await olivia.getByRole('button', { name: 'Remove Victor' }).click();
  await olivia.locator('tr', { hasText: 'Victor' }).waitFor({ state: 'detached' });
  await victor.locator('#owner-notice', { hasText: `You are no longer a member of ${name}` }).waitFor();
  await until(victor, 'the header shows "Me" again', () => document.querySelector('#owner-select').selectedOptions[0]?.textContent === 'Me');
  await victor.locator('#jobs-owner', { hasText: 'My' }).waitFor();
  await victor.locator('#no-jobs').waitFor();
  await victor.waitForURL(/#\/jobs$/);
  if (await victor.locator('#job-detail').isVisible()) throw new Error('a removed member is still shown the organization\'s job');
  if (await victor.locator(`li.job[data-job-id="${jobId}"]`).count()) throw new Error('the organization\'s job is still shown to a removed member');
  await assertAccessible(victor, 'the page of a removed member');
  await shoot(victor, screenshots, 'organization-removed-1440.png');

  if (faults.length) throw new Error(`the pages reported:\n${faults.join('\n')}`);
  console.log(`organizations scenario passed; screenshots in ${screenshots}`);
} catch (error) {
  console.error(`organizations scenario failed at "${step}": ${error.message}`);
  if (faults.length) console.error(faults.join('\n'));
  for (const [i, page] of pages.entries()) await shoot(page, screenshots, `organizations-failed-${i + 1}.png`).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}

// The job's bar in its detail shows more than it did a moment before.
async function progressMoves(page, jobId) {
  const bar = `#job-detail[data-job-id="${jobId}"] progress`;
  await until(page, 'the job shows progress', (selector) => Number(document.querySelector(selector)?.value) > 0, bar);
  const first = await page.locator(bar).evaluate((element) => element.value);
  await until(page, 'the job\'s progress moves on', ([selector, before]) => Number(document.querySelector(selector)?.value) > before, [bar, first]);
}
