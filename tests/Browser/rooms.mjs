// Two people in a stored room, in Debian's chromium:
//   node rooms.mjs <base url> <screenshot folder>
// Alice creates a room and finds a long history there, scrolling up through it; Bob finds the public room, joins and
// writes; each sees the other live. Checked with axe-core; photographed at 1,440 and 360 px.
import { accessTokenOf, assertAccessible, field, launch, register, shoot, until, watchedPage } from './steps.mjs';

const [baseUrl, screenshots = 'screenshots'] = process.argv.slice(2);
if (!baseUrl) {
  console.error('usage: node rooms.mjs <base url> [screenshot folder]');
  process.exit(2);
}
const history = 120;
const landmark = 37;

const browser = await launch();
const faults = [];
let step = 'starting';

try {
  const alice = await watchedPage(await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 1000 } }), faults);
  const bob = await watchedPage(await browser.newContext({ baseURL: baseUrl, viewport: { width: 1440, height: 1000 } }), faults);
  const stamp = Date.now();

  step = 'two people sign up';
  await register(alice, `alice-${stamp}@test.example`, 'Alice');
  await register(bob, `bob-${stamp}@test.example`, 'Bob');

  step = 'Alice creates a public room';
  const roomName = `lobby ${stamp}`;
  await alice.getByRole('link', { name: 'Rooms' }).click();
  await field(alice, 'Room name').fill(roomName);
  await field(alice, 'Topic').fill('say hello');
  await alice.getByLabel('Visibility').selectOption('public');
  await alice.getByRole('button', { name: 'Create room' }).click();
  await alice.waitForURL(/#\/rooms\/[0-9a-f-]{36}$/);
  const roomId = new URL(alice.url()).hash.split('/').pop();

  step = 'a long history: the newest page first, older pages as she scrolls up';
  const token = await accessTokenOf(alice);
  for (let i = 1; i <= history; i++) {
    const text = i === landmark ? 'the lighthouse renders are done' : `note ${i}`;
    const response = await alice.request.post(`/api/v1/rooms/${roomId}/messages`, { headers: { Authorization: `Bearer ${token}` }, data: { text } });
    if (response.status() !== 201) throw new Error(`posting note ${i} answered ${response.status()}`);
  }
  await alice.reload();
  await alice.locator(`li.message[data-seq="${history}"]`).waitFor();
  const firstPage = await alice.locator('li.message').count();
  if (firstPage >= history) throw new Error(`the whole history (${firstPage}) was read at once`);
  while (!(await alice.locator('li.message[data-seq="1"]').count())) {
    const shown = await alice.locator('li.message').count();
    await alice.locator('ol.messages').evaluate((log) => (log.scrollTop = 0));
    await until(alice, 'an older page', (count) => document.querySelectorAll('li.message').length > count, shown);
  }
  const seqs = await alice.locator('li.message').evaluateAll((items) => items.map((item) => Number(item.dataset.seq)));
  if (seqs.length !== history || seqs.some((seq, i) => seq !== i + 1)) throw new Error(`the history is not 1…${history} in order: ${seqs.slice(0, 5)}…`);
  await alice.locator('ol.messages').evaluate((log) => (log.scrollTop = log.scrollHeight));

  step = 'Bob finds the public room, joins it and writes; Alice sees it live';
  await bob.getByRole('link', { name: 'Rooms' }).click();
  await field(bob, 'Find a public room').fill(roomName);
  await bob.getByRole('button', { name: 'Find', exact: true }).click();
  await bob.locator('.discover a', { hasText: roomName }).click();
  await bob.getByRole('button', { name: 'Join room' }).click();
  await bob.locator('.room-head', { hasText: '2 members · you are a member' }).waitFor();
  await bob.locator('.discover li', { hasText: `${roomName} · 2 members` }).waitFor();
  await field(bob, 'Message').fill('hello from Bob');
  await field(bob, 'Message').press('Enter');
  await alice.locator('li.message', { hasText: 'hello from Bob' }).waitFor();

  step = 'Alice reacts to Bob\'s message; Bob sees it counted live, and gone when she takes it back';
  const bobsMessage = (page) => page.locator('li.message', { hasText: 'hello from Bob' });
  await bobsMessage(alice).getByRole('button', { name: 'Add a reaction' }).click();
  await bobsMessage(alice).getByRole('button', { name: 'React with 👍' }).click();
  await bobsMessage(bob).locator('button.reaction.count', { hasText: '👍 1' }).waitFor();
  await bobsMessage(alice).locator('button.reaction.count[aria-pressed="true"]', { hasText: '👍 1' }).click();
  await bobsMessage(bob).locator('button.reaction.count').waitFor({ state: 'detached' });
  await bobsMessage(bob).getByRole('button', { name: 'Add a reaction' }).click();
  await bobsMessage(bob).getByRole('button', { name: 'React with 🎉' }).click();
  await bobsMessage(alice).locator('button.reaction.count[aria-pressed="false"]', { hasText: '🎉 1' }).waitFor();

  step = 'Bob searches every room he can read and opens the room at the message found';
  await field(bob, 'Search every room you can read').fill('lighthouse rendered');
  await bob.getByRole('button', { name: 'Search', exact: true }).click();
  const hit = bob.locator('.hits li', { hasText: roomName });
  await hit.locator('mark', { hasText: 'lighthouse' }).waitFor();
  await hit.locator('mark', { hasText: 'renders' }).waitFor();
  const results = await bob.locator('.search-results').innerText();
  if (/\b(null|undefined)\b/.test(results)) throw new Error(`the search results read: ${results}`);
  await hit.getByRole('link', { name: roomName }).click();
  await bob.locator(`li.message.found[data-seq="${landmark}"]`, { hasText: 'the lighthouse renders are done' }).waitFor();
  await assertAccessible(bob, 'a room opened at a search hit');
  await shoot(bob, screenshots, 'rooms-search-1440.png');

  step = 'Alice answers; Bob sees her typing, then her answer';
  await field(alice, 'Message').pressSequentially('hi Bob', { delay: 30 });
  await bob.locator('.typing', { hasText: 'Alice is typing' }).waitFor();
  await field(alice, 'Message').press('Enter');
  await bob.locator('li.message', { hasText: 'hi Bob' }).waitFor();
  await assertAccessible(alice, 'a room');
  await shoot(alice, screenshots, 'rooms-1440.png');
  await alice.setViewportSize({ width: 360, height: 800 });
  const overflow = await alice.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) throw new Error(`the room is ${overflow} px wider than a 360 px phone`);
  await assertAccessible(alice, 'a room at 360 px');
  await shoot(alice, screenshots, 'rooms-360.png');

  if (faults.length) throw new Error(`the pages reported:\n${faults.join('\n')}`);
  console.log(`rooms scenario passed; screenshots in ${screenshots}`);
} catch (error) {
  console.error(`rooms scenario failed at "${step}": ${error.message}`);
  if (faults.length) console.error(faults.join('\n'));
  process.exitCode = 1;
} finally {
  await browser.close();
}
