// A manager's look at the real Temporal UI of the dev server, in headless Chromium: filter the
// course list by OverdueCount > 0, open a course, find its open-obligations table; and an admin
// recording an event from a course's page with the UI's "Send an Update".
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { loadConfig } from '../config';
import { startCourseWorkflow } from '../client/courses';
import { courseWorker, localEnv } from './helpers/temporal';
import { freePort } from './helpers/maildev';
import { startInput } from './helpers/fixtures';
import { overdueCountKey } from '../workflows/search-attributes';
import { eventsQuery } from '../workflows/contract';

const queue = 'ui-test';
const output = resolve(__dirname, '..', 'test-output');
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
let browser: Browser;
let uiPort: number;

beforeAll(async () => {
  uiPort = await freePort();
  env = await localEnv({ uiPort });
  worker = await courseWorker(env, queue);
  running = worker.run();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});
afterAll(async () => {
  await browser?.close();
  worker?.shutdown();
  await running;
  await env?.teardown();
});

test('filter by OverdueCount > 0, open the course, see its open obligations', async () => {
  const config = loadConfig({ TEMPORAL_TASK_QUEUE: queue });
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
  for (let i = 0; i < 60 && !text; i++) {
    for (const frame of page.frames()) {
      const table = frame.locator('table').filter({ hasText: 'Due (Oslo)' });
      if (await table.count()) text = await table.first().innerText();
    }
    if (!text) await page.waitForTimeout(500);
  }
  await page.screenshot({ path: resolve(output, 'ui-course.png'), fullPage: true });
  expect(text).toContain('ADM-STATUS');
  expect(text).toContain('OVERDUE');
}, 120_000);

test('an admin records an event from the course page; a rejected one shows the validator message', async () => {
  const config = loadConfig({ TEMPORAL_TASK_QUEUE: queue });
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
