// Faults survived with real processes on loopback, counted per business key (deliveries and
// Message-IDs; delivery is at least once, and a repeat is always the same message): (a) the worker
// SIGKILLed while the SMTP server holds a message open, and restarted; (b) the SMTP server down for
// longer than the delivery retry interval; (c) the relay refusing the login (535) for a while, then
// recovering; (d) the dev server SIGKILLed and restarted on its SQLite file; (e) one mailbox that
// keeps refusing, which holds up nothing else; (f) the worker down across a heads-up and a
// deadline. Deliveries retry after DELIVERY_RETRY_* seconds (short here); every wait is for a
// condition (a poller, a message, an attempt count, an instant passed), never for a fixed time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ParsedMail } from 'mailparser';
import { loadConfig, type Config } from '../config';
import { startCourseWorkflow } from '../client/courses';
import { connectWhenReady, startDevServer } from '../dev/launcher';
import { createWorker } from '../worker';
import { smtpSender } from '../activities/email/smtp';
import { localEnv } from './helpers/temporal';
import { freePort } from './helpers/maildev';
import { keyOf, recipientOf, smtpSink, type SmtpSink } from './helpers/smtp';
import { careTeam, statusDueIn } from './helpers/fixtures';
import { pendingAttempt, polled, settled, until } from './helpers/waits';
import { advance, nextWakeUp, startCourse } from '../domain';
import { courseKindKey, overdueCountKey } from '../workflows/search-attributes';
import { courseStateQuery } from '../workflows/contract';

const bin = resolve(__dirname, '..', 'bin', 'forlopsvakt');
const remindersOf = (courseRef: string) => [
  `${courseRef}/ADM-STATUS#1/headsUp/ward`,
  `${courseRef}/ADM-STATUS#1/due/ward`,
];

/** Per business key: how many times the mail server accepted it, and under how many Message-IDs. */
function perKey(sink: SmtpSink): Map<string, { deliveries: number; messageIds: number }> {
  const keys = new Map<string, { deliveries: number; ids: Set<string> }>();
  for (const m of sink.accepted) {
    const entry = keys.get(keyOf(m)) ?? { deliveries: 0, ids: new Set<string>() };
    entry.deliveries++;
    entry.ids.add(m.messageId ?? '');
    keys.set(keyOf(m), entry);
  }
  return new Map([...keys].map(([k, e]) => [k, { deliveries: e.deliveries, messageIds: e.ids.size }]));
}
/** Exactly these reminders, each delivered once under one Message-ID. */
function expectOnceEach(sink: SmtpSink, expected: string[]): void {
  expect(Object.fromEntries(perKey(sink))).toEqual(
    Object.fromEntries(expected.map((k) => [k, { deliveries: 1, messageIds: 1 }])),
  );
}

/** Short retries, so a fault that outlasts several of them takes seconds. */
const shortRetries = { DELIVERY_RETRY_INITIAL_SECONDS: '1', DELIVERY_RETRY_MAX_SECONDS: '2' };

function workerProcess(config: Config, extra: Record<string, string> = {}): ChildProcess {
  const env = {
    ...process.env,
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    SMTP_PORT: String(config.SMTP_PORT),
    LOG_LEVEL: 'WARN',
    ...shortRetries,
    ...extra,
  };
  return spawn(bin, ['worker'], { env, stdio: 'ignore' });
}
const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
const killed = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (exited(child)) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

async function terminateQueue(client: Client, queue: string): Promise<void> {
  for await (const wf of client.workflow.list({ query: `TaskQueue = '${queue}' AND ExecutionStatus = 'Running'` }))
    await client.workflow.getHandle(wf.workflowId).terminate();
}

describe('with the dev server', () => {
  let env: TestWorkflowEnvironment;
  /** The settings of a test's worker and CLI: its own task queue and SMTP port, short retries. */
  const settingsFor = (queue: string, smtpPort: number) =>
    loadConfig({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: queue,
      SMTP_PORT: String(smtpPort),
      ...shortRetries,
    });
  beforeAll(async () => {
    env = await localEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('(a) the worker SIGKILLed while the SMTP server holds a message open: after a restart, each reminder once', async () => {
    // The server holds the first message it receives until the worker that sent it is dead, so the
    // kill lands mid-send: the message was transmitted but never answered, so never accepted.
    let heldMail: (held: { mail: ParsedMail; sessionId: string }) => void = () => undefined;
    const held = new Promise<{ mail: ParsedMail; sessionId: string }>((r) => (heldMail = r));
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    let holding = true;
    const sink = await smtpSink({
      hold: async (mail, sessionId) => {
        if (!holding) return;
        holding = false;
        heldMail({ mail, sessionId });
        await released;
      },
    });
    const queue = 'faults-kill';
    const config = settingsFor(queue, sink.port);
    let worker = workerProcess(config);
    try {
      await polled(env.client, queue);
      // Heads-ups at once, deadlines 20 s later, whatever the machine's speed.
      const courses = Array.from({ length: 6 }, () => statusDueIn(20));
      for (const input of courses) await startCourseWorkflow(env.client, config, input);
      const { mail, sessionId } = await held;
      await killed(worker);
      await sink.closed(sessionId);
      // Sends the server answered before the kill: the worker may have died before reporting them.
      const answeredBeforeKill = new Set(sink.accepted.map(keyOf));
      release();
      await until('the held message to be dropped', () => sink.lost.includes(mail.messageId!));

      worker = workerProcess(config);
      const expected = courses.flatMap((c) => remindersOf(c.courseRef));
      // The killed attempts are retried once their start-to-close timeout has passed.
      await until('every reminder', () => perKey(sink).size >= expected.length, 240_000);
      await settled(
        env.client,
        courses.map((c) => c.courseRef),
      );
      const counted = perKey(sink);
      expect([...counted.keys()].sort()).toEqual([...expected].sort());
      for (const [key, { deliveries, messageIds }] of counted) {
        // One Message-ID per business key, however often it was sent: a receiver keeps one copy.
        expect([key, messageIds]).toEqual([key, 1]);
        // A second delivery only of a send the kill cut off after the server's answer (at least once).
        expect([key, deliveries]).toEqual([key, answeredBeforeKill.has(key) ? deliveries : 1]);
        expect(deliveries).toBeLessThanOrEqual(2);
      }
      // The message cut off mid-send arrived once, after the restart, under its Message-ID.
      expect(counted.get(keyOf(mail))).toEqual({ deliveries: 1, messageIds: 1 });
      expect(sink.accepted.find((m) => keyOf(m) === keyOf(mail))?.messageId).toBe(mail.messageId);
      console.log(
        `(a) killed mid-send with ${answeredBeforeKill.size} answered; ${sink.accepted.length} deliveries of ${expected.length} reminders`,
      );
    } finally {
      release();
      await killed(worker);
      await terminateQueue(env.client, queue);
      await sink.close();
    }
  }, 360_000);

  test('(b) the SMTP server down for longer than the retry interval: each reminder arrives once when it returns', async () => {
    const port = await freePort(); // nothing listens here yet
    const queue = 'faults-smtp';
    const config = settingsFor(queue, port);
    const worker = await createWorker(config, smtpSender(config));
    let sink: SmtpSink | undefined;
    await worker.runUntil(async () => {
      const course = statusDueIn(2);
      await startCourseWorkflow(env.client, config, course);
      // Down across several retries (1 s, then every 2 s) and across the deadline.
      await until('a fourth attempt', async () => (await pendingAttempt(env.client, course.courseRef)) >= 4);
      // The course is not held up meanwhile: managers find it in the UI, its deadline has passed.
      const handle = env.client.workflow.getHandle(course.courseRef);
      expect((await handle.describe()).typedSearchAttributes.get(courseKindKey)).toBe('admission-discharge');
      expect((await handle.query(courseStateQuery)).overdueCount).toBe(1);
      // Its changed attributes wait for the reminders' first attempts only (workflows/course.ts
      // `firstAttempt`): managers' filter on overdue courses finds it while they are retried.
      const attributes = async () => (await handle.describe()).typedSearchAttributes;
      await until('OverdueCount published', async () => (await attributes()).get(overdueCountKey) === 1, 120_000);
      expect(await pendingAttempt(env.client, course.courseRef)).toBeGreaterThan(1);
      sink = await smtpSink({ port });
      await until('both reminders', () => perKey(sink!).size >= 2);
      await settled(env.client, [course.courseRef]);
      expectOnceEach(sink, remindersOf(course.courseRef));
      expect((await handle.query(courseStateQuery)).deliveryFailures).toEqual([]);
      await handle.terminate();
    });
    await sink?.close();
  }, 300_000);

  test('(c) the relay refusing the login (535) for a while: retried, the operator alerted, nothing lost', async () => {
    let passwordFixed = false;
    const sink = await smtpSink({ login: (user, pass) => passwordFixed && user === 'forlopsvakt' && pass === 'new' });
    const queue = 'faults-auth';
    const metricsPort = await freePort();
    const config = settingsFor(queue, sink.port);
    const worker = workerProcess(config, {
      SMTP_USER: 'forlopsvakt',
      SMTP_PASS: 'new',
      METRICS_PORT: String(metricsPort),
    });
    const authErrors = async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      const line = /^forlopsvakt_smtp_configuration_errors_total\{[^}]*problem="auth"[^}]*\} (\d+)$/m.exec(text);
      return Number(line?.[1] ?? 0);
    };
    try {
      await polled(env.client, queue);
      const course = statusDueIn(2);
      await startCourseWorkflow(env.client, config, course);
      await until('three refused logins', () => sink.refusedLogins >= 3);
      await until('the operator metric', async () => (await authErrors()) >= 1);
      const handle = env.client.workflow.getHandle(course.courseRef);
      // A configuration error is no refused reminder: nothing recorded as undeliverable, no manager told.
      expect((await handle.query(courseStateQuery)).deliveryFailures).toEqual([]);
      expect(sink.accepted).toEqual([]);
      passwordFixed = true; // the operator fixed the relay's account
      await until('both reminders', () => perKey(sink).size >= 2);
      await settled(env.client, [course.courseRef]);
      expectOnceEach(sink, remindersOf(course.courseRef));
      expect((await handle.query(courseStateQuery)).deliveryFailures).toEqual([]);
    } finally {
      await killed(worker);
      await terminateQueue(env.client, queue);
      await sink.close();
    }
  }, 180_000);

  test('(f) the worker down across a heads-up and a deadline: each goes out once when it is back', async () => {
    const sink = await smtpSink();
    const queue = 'faults-down';
    const config = settingsFor(queue, sink.port);
    let worker = workerProcess(config);
    try {
      await polled(env.client, queue);
      // A's heads-up (4 h before its deadline) and B's deadline both fall a minute from now.
      const at = Date.now() + 60_000;
      const a = statusDueIn(60 + 4 * 3600);
      const b = statusDueIn(60);
      for (const input of [a, b]) await startCourseWorkflow(env.client, config, input);
      const [aHeadsUp] = remindersOf(a.courseRef);
      const [bHeadsUp, bDue] = remindersOf(b.courseRef);
      // B's heads-up went at once: both courses have run and armed their timers.
      await until("B's heads-up", () => perKey(sink).has(bHeadsUp!));
      // And its delivery recorded, not only accepted: a kill in between sends it again (at least
      // once, test (a)), which is not what this test is about.
      await settled(env.client, [a.courseRef, b.courseRef]);
      await killed(worker);
      expect(Date.now()).toBeLessThan(at); // the worker is down before both instants
      await until('both instants to pass', () => Date.now() > at + 1_000, 120_000);
      expect(perKey(sink).size).toBe(1);
      worker = workerProcess(config);
      await until("A's heads-up and B's deadline", () => perKey(sink).size >= 3);
      await settled(env.client, [a.courseRef, b.courseRef]);
      expectOnceEach(sink, [bHeadsUp!, aHeadsUp!, bDue!]);
    } finally {
      await killed(worker);
      await terminateQueue(env.client, queue);
      await sink.close();
    }
  }, 240_000);

  test('(e) one mailbox answering 451 for good holds up nothing else: the escalation goes out on time', async () => {
    let wardAnswers = false;
    const ward = careTeam.ward!.mailbox;
    const sink = await smtpSink({ refuseRecipient: (address) => (address === ward && !wardAnswers ? 451 : undefined) });
    const queue = 'faults-stuck';
    const config = settingsFor(queue, sink.port);
    const worker = await createWorker(config, smtpSender(config));
    await worker.runUntil(async () => {
      // ADM-STATUS fell due a day ago: its deadline reminder to the ward goes at once and is refused
      // again and again; its escalation to the ward's manager falls due 10 s after the start.
      const course = statusDueIn(10 - 24 * 3600);
      const startedAt = new Date().toISOString();
      const escalationAt = nextWakeUp(advance(startCourse(course, startedAt).state, startedAt).state)!;
      expect(Date.parse(escalationAt)).toBeGreaterThan(Date.parse(startedAt));
      await startCourseWorkflow(env.client, config, course);
      const [, due] = remindersOf(course.courseRef);
      const escalation = `${course.courseRef}/ADM-STATUS#1/escalation/ward`;
      await until('the escalation', () => perKey(sink).has(escalation));
      const delivered = sink.accepted.find((m) => keyOf(m) === escalation)!;
      expect(recipientOf(delivered)).toBe(careTeam.ward!.manager);
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(escalationAt));
      // The deadline reminder is still being retried: it did not hold the escalation back.
      expect(sink.refusedRecipients.length).toBeGreaterThanOrEqual(2);
      expect(await pendingAttempt(env.client, course.courseRef)).toBeGreaterThanOrEqual(2);
      const handle = env.client.workflow.getHandle(course.courseRef);
      expect((await handle.query(courseStateQuery)).deliveryFailures).toEqual([]);
      wardAnswers = true; // the mailbox is back
      await until('the deadline reminder', () => perKey(sink).has(due!));
      await settled(env.client, [course.courseRef]);
      expectOnceEach(sink, [due!, escalation]);
      await handle.terminate();
    });
    await sink.close();
  }, 180_000);
});

test('(d) the dev server SIGKILLed and restarted on the same SQLite file: courses continue and their timers fire', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'forlopsvakt-restart-'));
  const sink = await smtpSink();
  const port = await freePort();
  const queue = 'faults-restart';
  const config = loadConfig({
    TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    TEMPORAL_UI_PORT: String(await freePort()),
    FORLOPSVAKT_DATA_DIR: dir,
    TEMPORAL_TASK_QUEUE: queue,
    SMTP_PORT: String(sink.port),
    ...shortRetries,
  });
  let server = startDevServer(config, 'ignore');
  let worker: ChildProcess | undefined;
  try {
    const client = await connectWhenReady(config);
    worker = workerProcess(config);
    await polled(client, queue);
    const course = statusDueIn(25);
    await startCourseWorkflow(client, config, course);
    await until('the heads-up', () => sink.accepted.length >= 1);
    await client.connection.close();

    // No shutdown: the server dies as in a power cut, the worker keeps running and reconnects.
    await killed(server);
    server = startDevServer(config, 'ignore');
    const again = await connectWhenReady(config);
    // A worker that gave up on the lost server is started again, as its supervisor would.
    if (exited(worker)) worker = workerProcess(config);
    await polled(again, queue);
    try {
      // The deadline timer, armed before the kill, fires after the restart.
      await until('the deadline reminder', () => perKey(sink).size >= 2);
      await settled(again, [course.courseRef]);
      expectOnceEach(sink, remindersOf(course.courseRef));
      const view = await again.workflow.getHandle(course.courseRef).query(courseStateQuery);
      expect(view).toMatchObject({ courseRef: course.courseRef, phase: 'admitted' });
      await again.workflow.getHandle(course.courseRef).terminate();
    } finally {
      await again.connection.close();
    }
  } finally {
    if (worker) await killed(worker);
    await killed(server);
    await sink.close();
  }
}, 240_000);
