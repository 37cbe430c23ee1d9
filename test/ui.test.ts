// A manager's look at the real Temporal UI of the dev server, in headless Chromium: filter the
// course list by OverdueCount > 0, open a course, find its open-obligations table; an admin
// recording an event from a course's page with the UI's "Send an Update"; the course's timers and
// reminders named in its timeline and event history; and the `course timeline` HTML page opened
// from disk.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { tsToMs } from '@temporalio/common/lib/time';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../config';
import { linksOf } from '../activities/email/smtp';
import { serveFeed } from '../worker/feed-server';
import { startCourseWorkflow } from '../client/courses';
import { advance, nextWakeUp, startCourse, type StartInput } from '../domain';
import { courseWorker, localEnv } from './helpers/temporal';
import { startInput } from './helpers/fixtures';
import { overdueCountKey } from '../workflows/search-attributes';
import { courseStateQuery, eventsQuery } from '../workflows/contract';
import { reminderSummary, wakeUpSummary } from '../workflows/summaries';

const queue = 'ui-test';
const bin = resolve(__dirname, '..', 'bin', 'forlopsvakt');
const output = resolve(__dirname, '..', 'test-output');
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let browser: Browser;
let uiPort: number;
let feed: Awaited<ReturnType<typeof serveFeed>>;
/** The settings courses are started with: the feed server's, so their details link to their timeline. */
let config: Config;

beforeAll(async () => {
  const started = await localEnv({ ui: true });
  env = started;
  uiPort = started.uiPort;
  worker = await courseWorker(env, queue);
  running = worker.run();
  const secret = randomBytes(32).toString('hex');
  feed = await serveFeed(env.client, { port: 0, host: '127.0.0.1', secret, links: linksOf(loadConfig({})) });
  config = loadConfig({ TEMPORAL_TASK_QUEUE: queue, CALENDAR_PORT: String(feed.port), CALENDAR_SECRET: secret });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  await feed?.stop();
  worker?.shutdown();
  await running;
  await env?.teardown();
});

test('filter by OverdueCount > 0, open the course, see its open obligations', async () => {
  const late = startInput('admission-discharge', 'hnt', {
    firstEvent: {
      kind: 'admission',
      hasMunicipalServices: true,
      at: new Date(Date.now() - 30 * 3_600_000).toISOString(),
    },
  });
  const onTime = startInput('long-term-coordinated', 'unn');
  await startCourseWorkflow(env.client, config, late);
  await startCourseWorkflow(env.client, config, onTime);
  const overdue = `${overdueCountKey.name} > 0`;
  for (let i = 0; i < 40 && (await env.client.workflow.count(overdue)).count < 1; i++)
    await new Promise((r) => setTimeout(r, 250));

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const base = `http://127.0.0.1:${uiPort}/namespaces/default`;
  await page.goto(`${base}/workflows?query=${encodeURIComponent(overdue)}`);
  await page.getByText(late.courseRef).first().waitFor({ timeout: 30_000 });
  expect(await page.getByText(onTime.courseRef).count()).toBe(0);
  mkdirSync(output, { recursive: true });
  await page.screenshot({ path: resolve(output, 'ui-overdue-list.png'), fullPage: true });

  await page.getByRole('link', { name: late.courseRef }).first().click();
  await page.waitForURL(/\/workflows\/.+\/.+/);
  // The course's summary, and its current details rendering the open obligations as a table.
  await page.getByText('User Metadata').first().click();
  // The UI renders the Markdown in a sandboxed frame: look in every frame of the page.
  let text = '';
  let timeline: string | null = null;
  for (let i = 0; i < 60 && !text; i++) {
    for (const frame of page.frames()) {
      const table = frame.locator('table').filter({ hasText: 'Due (Oslo)' });
      if (!(await table.count())) continue;
      text = await table.first().innerText();
      timeline = await frame.getByRole('link', { name: 'Timeline of the course' }).getAttribute('href');
    }
    if (!text) await page.waitForTimeout(500);
  }
  await page.screenshot({ path: resolve(output, 'ui-course.png'), fullPage: true });
  expect(text).toContain('ADM-STATUS');
  expect(text).toContain('OVERDUE');
  // Below the table, the link to the course's timeline page on the worker's feed server.
  expect(timeline).toMatch(
    new RegExp(`^http://127\\.0\\.0\\.1:${feed.port}/timeline/${late.courseRef}\\.html\\?token=`),
  );
  await page.goto(timeline!);
  await page.getByRole('heading', { name: `Course ${late.courseRef}: timeline` }).waitFor();
  await page.locator('body > svg text').getByText('ADM-STATUS#1', { exact: true }).waitFor();
}, 120_000);

test('an admin records an event from the course page; a rejected one shows the validator message', async () => {
  const course = startInput('admission-discharge', 'ahus');
  await startCourseWorkflow(env.client, config, course);
  const handle = env.client.workflow.getHandle(course.courseRef);

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`http://127.0.0.1:${uiPort}/namespaces/default/workflows/${course.courseRef}`);
  // The page renders its header twice (one copy hidden): act on the visible one.
  const dialog = page.getByRole('dialog').filter({ visible: true, hasText: 'Send an Update' });
  const sendUpdate = async (json: string) => {
    await page.getByRole('button', { name: 'More Actions' }).filter({ visible: true }).click();
    await page.getByRole('menuitem', { name: 'Send an Update' }).filter({ visible: true }).click();
    // The update names come from the running worker's registered handlers.
    await dialog.getByTestId('update-select-button').click();
    await dialog.getByRole('option', { name: 'recordEvent' }).click();
    await dialog.getByRole('textbox', { name: 'Data' }).fill(json);
    // Leaving the editor reformats the JSON and grows the dialog; a click on Submit that does the
    // leaving lands where the button was, so leave it first.
    await dialog.getByText('Single JSON payload supported.').click();
    await dialog.getByRole('button', { name: 'Submit' }).click();
  };

  await sendUpdate('{"kind":"messageSent","message":"admissionNotice"}');
  // The toast, and its copy for screen readers.
  await page.getByText('Update successful').first().waitFor({ timeout: 30_000 });
  await dialog.waitFor({ state: 'hidden' });
  const accepted = await handle.query(eventsQuery);
  expect(accepted.map((e) => e.kind)).toEqual(['admission', 'messageSent']);
  expect(accepted[1]).toMatchObject({ kind: 'messageSent', message: 'admissionNotice', seq: 2 });

  await sendUpdate('{"kind":"messageSent","message":"postcard"}');
  // The validator's own message: the event names the bad field and the messages that exist.
  const failure = dialog.getByRole('alert').filter({ hasText: "Invalid 'messageSent' event: message:" });
  await failure.first().waitFor({ timeout: 30_000 });
  expect(await failure.first().innerText()).toContain('"admissionNotice"');
  mkdirSync(output, { recursive: true });
  await page.screenshot({ path: resolve(output, 'ui-update-rejected.png'), fullPage: true });

  // Rejected by the validator: not in the events, not in the history.
  expect(await handle.query(eventsQuery)).toEqual(accepted);
  const events = (await handle.fetchHistory()).events ?? [];
  expect(events.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(1);
}, 120_000);

/** An ahus admission 30 hours ago: ADM-NOTICE was due 6 hours ago, its escalation is 18 hours ahead. */
const admittedYesterday = (): StartInput =>
  startInput('admission-discharge', 'ahus', {
    firstEvent: {
      kind: 'admission',
      hasMunicipalServices: true,
      at: new Date(Date.now() - 30 * 3_600_000).toISOString(),
    },
  });

// What summaries.ts makes of a rule, a reminder kind, a role and an Oslo time: a timer's wake-up or
// a reminder's deadline, the year only when it is not this one. Never an ISO instant.
const summaryShape =
  /^[A-Z]+-[A-Z0-9-]+ (heads-up|due|escalation) → .+, (deadline )?(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2}( \d{4})? \d{2}:\d{2}/;
const isoInstant = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

test("a course's timer and reminder read by rule, reminder, role and Oslo time in its timeline and history", async () => {
  const course = admittedYesterday();
  await startCourseWorkflow(env.client, config, course);
  const handle = env.client.workflow.getHandle(course.courseRef);

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(`http://127.0.0.1:${uiPort}/namespaces/default/workflows/${course.courseRef}`);
  await page.getByTestId('history-tab').filter({ visible: true }).click();
  // The page refreshes itself: the row is there once the workflow has armed its wake-up timer.
  const timerRow = page.getByTestId('event-summary-row').filter({ hasText: 'Timer Started' });
  await timerRow.first().waitFor({ timeout: 30_000 });

  // The expected texts from the same pure engine and summaries the workflow runs, at the workflow
  // clock of the task that scheduled each (its WorkflowTaskStarted event).
  const events = (await handle.fetchHistory()).events ?? [];
  const clockBefore = (i: number) => {
    const task = events
      .slice(0, i)
      .filter((e) => e.workflowTaskStartedEventAttributes)
      .at(-1);
    return new Date(tsToMs(task?.eventTime)).toISOString();
  };
  const started = clockBefore(events.findIndex((e) => e.activityTaskScheduledEventAttributes));
  const first = startCourse(course, started);
  const passed = advance(first.state, started);
  const reminders = [...first.effects, ...passed.effects].map((r) => reminderSummary(r, started));
  const armed = clockBefore(events.findIndex((e) => e.timerStartedEventAttributes));
  const state = advance(passed.state, armed).state;
  const timer = wakeUpSummary(state, nextWakeUp(state)!, armed);
  expect(reminders).toEqual([expect.stringMatching(/^ADM-NOTICE due → ward, deadline /)]);
  expect(timer).toMatch(/^ADM-NOTICE escalation → ward manager, /);

  // The event history: the timer's row shows its Summary.
  expect(await timerRow.count()).toBe(1);
  await timerRow.getByText(timer, { exact: true }).waitFor();
  expect(await timerRow.innerText()).toContain('Summary');

  // The timeline: the timer by its summary, each reminder activity by its type and summary.
  await page.getByTestId('timeline-tab').filter({ visible: true }).click();
  const shown = [timer, ...reminders.map((r) => `sendReminder • ${r}`)];
  for (const text of shown) await page.getByText(text, { exact: true }).filter({ visible: true }).first().waitFor();
  mkdirSync(output, { recursive: true });
  await page.screenshot({ path: resolve(output, 'ui-course-timeline.png'), fullPage: true });
  for (const text of [timer, ...reminders]) {
    expect(text).toMatch(summaryShape);
    expect(text).not.toMatch(isoInstant);
  }
}, 120_000);

test('the course timeline page from the CLI opens from disk with every open duty and the now line, offline', async () => {
  const course = admittedYesterday();
  await startCourseWorkflow(env.client, config, course);
  // The view the CLI draws: the query waits for the course's first workflow task.
  const view = await env.client.workflow.getHandle(course.courseRef).query(courseStateQuery);
  expect(view.openObligations.length).toBeGreaterThan(0);

  const file = join(mkdtempSync(join(tmpdir(), 'forlopsvakt-ui-timeline-')), 'course.html');
  const cliEnv = { ...process.env, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: queue };
  await promisify(execFile)(bin, ['course', 'timeline', course.courseRef, '--html', file], { env: cliEnv });

  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.getByRole('heading', { name: `Course ${course.courseRef}: timeline` }).waitFor();
  const svg = page.locator('body > svg');
  // Each open duty labels its row by its key, the rule id and the occurrence.
  for (const o of view.openObligations) {
    expect(o.key).toBe(`${o.rule}#${o.occurrence}`);
    await svg.locator('text').getByText(o.key, { exact: true }).waitFor();
  }
  // The now line runs through both panels, labelled with the same Oslo time as its caption.
  const caption = svg.locator('text').getByText(/^now: /);
  await caption.waitFor();
  // SVG text has no innerText.
  const now = ((await caption.textContent()) ?? '').slice('now: '.length);
  expect(now).toMatch(/^[A-Z][a-z]+day \d{1,2} [A-Z][a-z]+ \d{4} \d{2}:\d{2} \((CET|CEST)\)$/);
  const nowLines = svg.locator('g.now_marks line');
  expect(await nowLines.count()).toBe(2);
  for (const line of await nowLines.all()) expect(await line.getAttribute('aria-label')).toBe(`now ${now}`);
  mkdirSync(output, { recursive: true });
  await page.screenshot({ path: resolve(output, 'ui-timeline-html.png'), fullPage: true });
  // A standalone page: no scripts, styles, fonts or images fetched, only the file itself.
  expect(requests).toEqual([url]);
}, 120_000);
