// What the browser scenarios share: Debian's chromium, waits on what the page shows, screenshots, and axe-core.
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const timeout = 60_000;
export const password = 'correct horse battery staple';
export const wide = { width: 1440, height: 1000 };
export const narrow = { width: 360, height: 800 };

const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
}

/** A page that reports uncaught errors and Content-Security-Policy violations into faults. */
export async function watchedPage(context, faults) {
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  page.on('pageerror', (error) => faults.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.text().startsWith('CSP violation')) faults.push(message.text());
  });
  return page;
}

export function field(page, label) {
  return page.getByLabel(label, { exact: true });
}

/** Registers a new account from the sign-in form and waits until the page greets it by name. */
export async function register(page, email, displayName) {
  await page.goto('/');
  await field(page, 'E-mail').fill(email);
  await field(page, 'Password').fill(password);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.locator('#display-name', { hasText: displayName }).waitFor();
}

export async function until(page, what, predicate, argument) {
  try {
    await page.waitForFunction(predicate, argument, { timeout });
  } catch (error) {
    throw new Error(`waited in vain until ${what} (${error.message.split('\n')[0]})`);
  }
}

export function accessTokenOf(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('platform.tokens')).accessToken);
}

export async function shoot(page, folder, name) {
  await mkdir(folder, { recursive: true });
  const file = path.resolve(folder, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Runs axe-core on the page as it is and throws on serious or critical violations. The script goes in through the
 * browser's debugging protocol, so the page's Content-Security-Policy stays as strict as users get it. Throws too when
 * the page shows a missing value as a word ("null", "undefined", "NaN") outside code and logs.
 */
export async function assertAccessible(page, where) {
  const stray = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!/\b(null|undefined|NaN)\b/.test(node.data) || parent.closest('pre, code, textarea, .logs') || !parent.checkVisibility()) continue;
      found.push(`"${node.data.trim()}" in <${parent.localName} class="${parent.className}">`);
    }
    return found;
  });
  if (stray.length) throw new Error(`${where} shows a missing value: ${stray.join('; ')}`);
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
  });
  if (violations.length) throw new Error(`axe found on ${where}:\n  ${violations.join('\n  ')}`);
}

/**
 * Checks the page with axe in the light and the dark theme and at 360 px (where it must not be wider than the phone),
 * and photographs it so: {name}-1440.png, {name}-360.png and {name}-dark-1440.png.
 */
export async function assertAccessibleEverywhere(page, folder, name) {
  await assertAccessible(page, `${name} (light)`);
  await shoot(page, folder, `${name}-1440.png`);
  await page.setViewportSize(narrow);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`${name} is ${overflow} px wider than a 360 px phone`);
  await assertAccessible(page, `${name} at 360 px`);
  await shoot(page, folder, `${name}-360.png`);
  await page.setViewportSize(wide);
  await page.emulateMedia({ colorScheme: 'dark' });
  await assertAccessible(page, `${name} (dark)`);
  await shoot(page, folder, `${name}-dark-1440.png`);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Submits a job through the API as the page's user and returns its id. */
export async function submitJob(page, token, body) {
  const response = await page.request.post('/api/v1/jobs', { headers: { Authorization: `Bearer ${token}` }, data: body });
  if (response.status() !== 202) throw new Error(`submit answered ${response.status()}: ${await response.text()}`);
  return (await response.json()).id;
}

/** Waits until the job list shows the job with the status. */
export function rowReaches(page, id, status) {
  return until(page, `job ${id} shows ${status}`, ([jobId, wanted]) =>
    document.querySelector(`li.job[data-job-id="${jobId}"]`)?.dataset.status === wanted, [id, status]);
}

/** What a person reads in a toast: its lines joined by one space, without the dismiss button. */
export function toastText(toast) {
  return toast.evaluate((item) => item.innerText.replace('×', '').replace(/\s+/g, ' ').trim());
}

/**
 * How much of a progress bar's track is drawn filled, 0 to 1, read from its pixels: the fill is the colour at the start
 * of the track, counted along its middle row. The picture is read in a blank page of its own, outside the dashboard's
 * Content-Security-Policy.
 */
export async function filledShare(bar) {
  const picture = (await bar.screenshot()).toString('base64');
  const reader = await bar.page().context().newPage();
  try {
    return await reader.evaluate(async (source) => {
      const image = new Image();
      image.src = `data:image/png;base64,${source}`;
      await image.decode();
      const canvas = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const middle = Math.floor(image.height / 2);
      const row = context.getImageData(0, middle, image.width, 1).data;
      const at = (x) => [row[4 * x], row[4 * x + 1], row[4 * x + 2]];
      // Past the rounded end, where the colour is the fill's own.
      const fill = at(Math.min(image.height, image.width - 1));
      const like = (x) => at(x).every((channel, i) => Math.abs(channel - fill[i]) < 40);
      let filled = 0;
      for (let x = 0; x < image.width; x++) if (like(x)) filled++;
      return filled / image.width;
    }, picture);
  } finally {
    await reader.close();
  }
}
