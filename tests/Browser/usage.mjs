// Credits, from the grant to the Usage page, in Debian's chromium:
//   node usage.mjs <base url> <screenshot folder>
// The host prices generation jobs at 100 credits a run with one attempt each. An admin grants a user 250 credits on
// the Users page; the user submits generation jobs from the dashboard's form, told "at most 100 credits" before each,
// until one is refused 402 with its detail shown; then reads the Usage page: the balance, the chart of credits per day
// by job type with its bars, the ledger filtered by kind, and a low-balance threshold saved; a member of an
// organization of hers reads its usage, offered no change of its credit settings. Checked with axe-core; photographed
// at 1,440 and 360 px and in the dark theme.
import { assertAccessible, assertAccessibleEverywhere, field, launch, register, rowReaches, shoot, until, watchedPage, wide } from './steps.mjs';

const [baseUrl, screenshots = 'screenshots'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node usage.mjs <base url> [screenshot folder]');
  process.exit(2);
}

const granted = 250;
const perRun = 100;

const browser = await launch();
const faults = [];
const pages = [];
let step = 'starting';

try {
  const admin = await watchedPage(await browser.newContext({ baseURL: baseUrl, viewport: wide }), faults);
  const user = await watchedPage(await browser.newContext({ baseURL: baseUrl, viewport: wide }), faults);
  pages.push(admin, user);
  const stamp = Date.now();
  const userEmail = `uma-${stamp}@test.example`;
  const adminEmail = `admin-${stamp}@test.example`;

  step = 'the first account is the admin; a second is a user';
  await register(admin, adminEmail, 'Operator');
  await admin.locator('#admin-nav').waitFor();
  await register(user, userEmail, 'Uma');

  step = 'the admin grants the user credits on the Users page, shown their balance before and after';
  await admin.getByRole('link', { name: 'Users' }).click();
  await admin.getByRole('button', { name: `Grant credits to ${userEmail}` }).click();
  await admin.locator('.grant-panel .grant-balance', { hasText: 'Balance 0: 0 held, 0 available.' }).waitFor();
  await field(admin, 'Credits to grant').fill(String(granted));
  await field(admin, 'Reason').fill('trial credits');
  await admin.getByRole('button', { name: 'Grant', exact: true }).click();
  await admin.locator('#toasts .toast', { hasText: `${granted} credits to ${userEmail}` }).waitFor();
  await admin.locator('.grant-panel .grant-balance', { hasText: `Balance ${granted}: 0 held, ${granted} available.` }).waitFor();
  await admin.locator('tr[data-action="credits.granted"]').first().waitFor();
  await assertAccessibleEverywhere(admin, screenshots, 'users-grant');

  step = 'the user\'s job form tells the most a job costs before it is submitted';
  const form = user.locator('#submit-form');
  await form.getByLabel('Type').selectOption('generation');
  await form.getByLabel('Prompt', { exact: true }).fill('a lighthouse in the fog');
  const cost = user.locator('#submit-cost');
  await cost.filter({ hasText: `At most ${perRun} credits (${granted} available).` }).waitFor();

  step = 'the user submits until a job is refused for credits';
  const accepted = [];
  for (let tries = 0; ; tries++) {
    if (tries === 5) throw new Error(`${tries} submits were accepted: none was refused`);
    const before = user.url();
    await form.getByRole('button', { name: 'Submit' }).click();
    await until(user, 'the submit is answered', (url) => location.href !== url || document.querySelector('#submit-errors li'), before);
    if (await user.locator('#submit-errors li').count()) break;
    accepted.push(new URL(user.url()).hash.split('/').pop());
  }
  if (accepted.length !== 2) throw new Error(`${accepted.length} jobs were accepted before the refusal, not 2`);
  const available = granted - perRun * accepted.length;
  const refusal = (await user.locator('#submit-errors li').innerText()).trim();
  const expected = `This may cost up to ${perRun} credits; ${available} are available. Nothing was stored.`;
  if (!refusal.startsWith(expected)) throw new Error(`the refusal reads "${refusal}", not "${expected}"`);
  await cost.filter({ hasText: `At most ${perRun} credits: more than the ${available} available.` }).waitFor();
  await assertAccessible(user, 'the job form refused for credits');
  await shoot(user, screenshots, 'job-form-refused-for-credits-1440.png');

  step = 'the accepted jobs run to their end';
  for (const id of accepted) await rowReaches(user, id, 'succeeded');

  step = 'the Usage page shows the balance, the chart with its bars and the ledger';
  await user.getByRole('link', { name: 'Usage' }).click();
  await user.getByRole('heading', { name: 'My usage' }).waitFor();
  for (const [figure, value] of [['balance', available], ['held', 0], ['available', available]])
    await user.locator(`.figure[data-figure="${figure}"] dd`, { hasText: new RegExp(`^${value}$`) }).waitFor();
  await until(user, 'the chart has a bar of generation jobs', () =>
    document.querySelector('.usage-chart rect.bar[data-type="generation"]')?.getAttribute('height') > 0);
  const label = await user.locator('.usage-chart').getAttribute('aria-label');
  if (!label.includes(`${perRun * accepted.length} in all`)) throw new Error(`the chart is labelled "${label}"`);
  await user.locator('.usage-legend .key', { hasText: 'generation' }).waitFor();
  await user.locator('tr[data-type="generation"] td', { hasText: String(perRun * accepted.length) }).first().waitFor();
  await user.locator('.ledger tr[data-kind="grant"]', { hasText: 'trial credits' }).waitFor();
  await until(user, 'the ledger has a hold and a charge for each job', (count) =>
    ['hold', 'charge'].every((kind) => document.querySelectorAll(`.ledger tr[data-kind="${kind}"]`).length === count), accepted.length);
  await assertAccessibleEverywhere(user, screenshots, 'usage');

  step = 'the ledger filtered to charges, and the last 30 days';
  await user.locator('.ledger').getByLabel('Kind').selectOption('charge');
  await until(user, 'only charges are listed', (count) => {
    const rows = [...document.querySelectorAll('.ledger tr[data-kind]')];
    return rows.length === count && rows.every((row) => row.dataset.kind === 'charge');
  }, accepted.length);
  await user.waitForURL(/kind=charge/);
  await user.getByLabel('Period').selectOption('30');
  await until(user, 'thirty days are drawn', () => document.querySelector('.usage-chart').getAttribute('aria-label').includes('last 30 days'));

  step = 'a low-balance threshold above what is available is saved and said so';
  await field(user, 'Low-balance threshold').fill(String(available + 1));
  await user.getByRole('button', { name: 'Save settings' }).click();
  await user.locator('.low-balance', { hasText: `below the low-balance threshold of ${available + 1}` }).waitFor();
  await assertAccessible(user, 'the usage page below its threshold');
  await shoot(user, screenshots, 'usage-low-balance-1440.png');

  step = 'a member of the user\'s organization reads its usage, and its credit settings, which only its admins change';
  const organization = `Fog Works ${stamp}`;
  await user.getByRole('link', { name: 'Organizations' }).click();
  await field(user, 'Organization name').fill(organization);
  await user.getByRole('button', { name: 'Create organization' }).click();
  await user.waitForURL(/#\/organizations\/[0-9a-f-]{36}$/);
  await field(user, 'E-mail to invite').fill(adminEmail);
  await user.locator('form.invite-form').getByLabel('Role').selectOption('member');
  await user.getByRole('button', { name: 'Invite', exact: true }).click();
  await admin.goto(await field(user, `Invitation link for ${adminEmail}`).inputValue());
  await Promise.all([admin.waitForEvent('load'), admin.getByRole('button', { name: 'Accept the invitation' }).click()]);
  await admin.locator('#jobs-owner', { hasText: `${organization}'s` }).waitFor();
  await admin.getByRole('link', { name: 'Usage' }).click();
  await admin.getByRole('heading', { name: `${organization}'s usage` }).waitFor();
  await admin.locator('.figure[data-figure="balance"] dd', { hasText: /^0$/ }).waitFor();
  await admin.locator('.credit-settings .locked-note', { hasText: `You are a member in ${organization}: its admins and owners change these settings.` }).waitFor();
  if (!(await admin.getByRole('button', { name: 'Save settings' }).isDisabled())) throw new Error('a member is offered to save the organization\'s credit settings');
  if (!(await field(admin, 'Low-balance threshold').isDisabled())) throw new Error('a member may edit the organization\'s credit settings');
  await assertAccessible(admin, 'the usage page of an organization\'s member');
  await shoot(admin, screenshots, 'usage-organization-member-1440.png');

  if (faults.length) throw new Error(`the pages reported:\n${faults.join('\n')}`);
  console.log(`usage scenario passed; screenshots in ${screenshots}`);
} catch (error) {
  console.error(`usage scenario failed at "${step}": ${error.message}`);
  if (faults.length) console.error(faults.join('\n'));
  for (const [i, page] of pages.entries()) await shoot(page, screenshots, `usage-failed-${i + 1}.png`).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
