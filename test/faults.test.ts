// Faults survived with real processes on loopback, counting reminders by Message-ID:
// (a) the worker is SIGKILLed while it sends reminders and restarted; (b) the dev server stops
// and restarts on the same SQLite file; (c) the SMTP server is down for a while.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig, type Config } from '../config';
import { startCourseWorkflow } from '../client/courses';
import { connectWhenReady, startDevServer } from '../dev/launcher';
import { createWorker } from '../worker';
import { smtpSender } from '../activities/email/smtp';
import { localEnv } from './helpers/temporal';
import { freePort } from './helpers/maildev';
import { smtpSink, type SmtpSink } from './helpers/smtp';
import { startInput } from './helpers/fixtures';
import { courseKindKey, nextDeadlineKey } from '../workflows/search-attributes';
import { courseStateQuery } from '../workflows/contract';

const bin = resolve(__dirname, '..', 'bin', 'forlopsvakt');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 90_000): Promise<void> {
  for (const end = Date.now() + ms; !(await ok()); await sleep(200))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}
/** Until a worker polls the task queue: courses started after it never wait for a worker still starting. */
const polled = (client: Client, queue: string) =>
  until(`a worker polling ${queue}`, async () => {
    const described = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: queue },
    });
    return (described.pollers ?? []).length > 0;
  });
/** An HNT admission-discharge course whose ADM-STATUS (domain §9.8) falls due `seconds` from now (its heads-up at once). */
const dueIn = (seconds: number, profile = 'hnt') =>
  startInput('admission-discharge', profile, {
    firstEvent: {
      kind: 'admission',
      hasMunicipalServices: false,
      at: new Date(Date.now() - 24 * 3_600_000 + seconds * 1000).toISOString(),
    },
  });
const distinct = (sink: SmtpSink) => new Set(sink.accepted.map((m) => m.messageId));
const keys = (sink: SmtpSink) => sink.accepted.map((m) => String(m.headers.get('x-forlopsvakt-key')));

function workerProcess(config: Config): ChildProcess {
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    SMTP_PORT: String(config.SMTP_PORT),
    LOG_LEVEL: 'WARN',
  };
  return spawn(bin, ['worker'], { env, stdio: 'ignore' });
}

describe('with the dev server', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await localEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('(a) a worker killed with SIGKILL mid-send and restarted: every reminder delivered once per business key', async () => {
    // The mail server takes its time, so the kill lands while reminders are being sent.
    const sink = await smtpSink(() => undefined, 150);
    const config = loadConfig({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: 'faults-kill',
      SMTP_PORT: String(sink.port),
    });
    try {
      // The worker first: the heads-ups are sent at once, the deadlines 30 s later, whatever the
      // machine's speed (a worker still starting would let deadlines overtake their heads-ups).
      let worker = workerProcess(config);
      await polled(env.client, 'faults-kill');
      const courses = Array.from({ length: 12 }, () => dueIn(30));
      for (const input of courses) await startCourseWorkflow(env.client, config, input);
      const expected = courses.flatMap((c) => [
        `${c.courseRef}/ADM-STATUS#1/headsUp/ward`,
        `${c.courseRef}/ADM-STATUS#1/due/ward`,
      ]);
      await until('the first reminders', () => sink.accepted.length >= 3);
      worker.kill('SIGKILL');
      const atKill = sink.accepted.length;
      expect(atKill).toBeLessThan(expected.length);
      worker = workerProcess(config);
      try {
        await until('every reminder', () => new Set(keys(sink)).size >= expected.length);
        await sleep(2_000); // nothing more arrives
        expect(new Set(keys(sink))).toEqual(new Set(expected));
        // One Message-ID per business key: a resend after the kill is the same message, not a new one.
        expect(distinct(sink).size).toBe(expected.length);
        console.log(
          `(a) killed after ${atKill} of ${expected.length}; ${sink.accepted.length} deliveries, ${distinct(sink).size} distinct Message-IDs`,
        );
      } finally {
        worker.kill('SIGKILL');
      }
    } finally {
      for await (const wf of env.client.workflow.list({
        query: `TaskQueue = 'faults-kill' AND ExecutionStatus = 'Running'`,
      }))
        await env.client.workflow.getHandle(wf.workflowId).terminate();
      await sink.close();
    }
  }, 180_000);

  test('(c) the SMTP server down for a while: reminders arrive after it returns, in order, once each', async () => {
    const port = await freePort(); // nothing listens here yet
    const config = loadConfig({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: 'faults-smtp',
      SMTP_PORT: String(port),
    });
    const worker = await createWorker(config, smtpSender(config));
    let sink: SmtpSink | undefined;
    await worker.runUntil(async () => {
      const course = dueIn(3);
      await startCourseWorkflow(env.client, config, course);
      await sleep(8_000); // heads-up (at once) and the deadline (3 s) both fall due while SMTP is down
      // Managers can find the course in the UI while its first reminder is still being retried.
      const attributes = (await env.client.workflow.getHandle(course.courseRef).describe()).typedSearchAttributes;
      expect(attributes.get(courseKindKey)).toBe('admission-discharge');
      expect(attributes.get(nextDeadlineKey)?.toISOString()).toBe(
        new Date(Date.parse(course.firstEvent.at as string) + 24 * 3_600_000).toISOString(),
      );
      sink = await smtpSink(() => undefined, 0, port);
      await until('both reminders', () => sink!.accepted.length >= 2);
      await sleep(2_000);
      expect(keys(sink)).toEqual([
        `${course.courseRef}/ADM-STATUS#1/headsUp/ward`,
        `${course.courseRef}/ADM-STATUS#1/due/ward`,
      ]);
      await env.client.workflow.getHandle(course.courseRef).terminate();
    });
    await sink?.close();
  }, 120_000);
});

test('(b) the dev server stopped and restarted on the same SQLite file: courses continue and their timers fire', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'forlopsvakt-restart-'));
  const sink = await smtpSink();
  const port = await freePort();
  const config = loadConfig({
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    FORLOPSVAKT_DATA_DIR: dir,
    TEMPORAL_TASK_QUEUE: 'faults-restart',
    SMTP_PORT: String(sink.port),
  });
  let server = startDevServer(config, 'ignore');
  const stop = async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  };
  try {
    const client = await connectWhenReady(config);
    let worker = await createWorker(config, smtpSender(config));
    let running = worker.run();
    await polled(client, 'faults-restart');
    const course = dueIn(25);
    await startCourseWorkflow(client, config, course);
    await until('the heads-up', () => sink.accepted.length >= 1);
    worker.shutdown();
    await running;
    await client.connection.close();

    await stop();
    server = startDevServer(config, 'ignore');
    const again = await connectWhenReady(config);
    worker = await createWorker(config, smtpSender(config));
    running = worker.run();
    try {
      // The deadline timer, armed before the restart, fires after it.
      await until('the deadline reminder', () => sink.accepted.length >= 2, 60_000);
      expect(keys(sink)).toEqual([
        `${course.courseRef}/ADM-STATUS#1/headsUp/ward`,
        `${course.courseRef}/ADM-STATUS#1/due/ward`,
      ]);
      const view = await again.workflow.getHandle(course.courseRef).query(courseStateQuery);
      expect(view).toMatchObject({ courseRef: course.courseRef, phase: 'admitted' });
      await again.workflow.getHandle(course.courseRef).terminate();
    } finally {
      worker.shutdown();
      await running;
      await again.connection.close();
    }
  } finally {
    await stop();
    await sink.close();
  }
}, 180_000);
