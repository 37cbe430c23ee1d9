// Each event recorded exactly once (client/courses.ts `recordEvent`, domain/decide.ts
// `alreadyRecorded`, workflows/course.ts): `forlopsvakt course event` sent twice at once with one
// `--id`, and sent again after a call left without an answer once the course has continued as new
// (where Temporal's update-id dedup no longer reaches), records one event and sends each alert
// e-mail once. Real dev server, real worker (worker/index.ts) and a real SMTP server on loopback;
// alerts are counted by their business key, the X-Forlopsvakt-Key header. TUD-BREACH alerts the
// whole care team at once (domain/catalogue.ts). Every wait is for a condition, never a fixed time.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../config';
import { recordEvent } from '../client/courses';
import { opaqueKey, roles, type RecordedEvent } from '../domain';
import { createWorker } from '../worker';
import { smtpSender } from '../activities/email/smtp';
import { courseWorkflow } from '../workflows';
import { eventsQuery, type RecordEventResult } from '../workflows/contract';
import { localEnv } from './helpers/temporal';
import { keyOf, smtpSink, type SmtpSink } from './helpers/smtp';
import { until } from './helpers/waits';
import { runCli } from './helpers/cli';
import { careTeam, startInput } from './helpers/fixtures';

const queue = 'event-ids';
let env: TestWorkflowEnvironment;
let sink: SmtpSink;
let config: Config;
let worker: Worker | undefined;
let running: Promise<void> | undefined;

async function startWorker(): Promise<void> {
  worker = await createWorker(config, smtpSender(config));
  running = worker.run();
}
async function stopWorker(): Promise<void> {
  worker?.shutdown();
  await running;
  worker = undefined;
}

beforeAll(async () => {
  [env, sink] = await Promise.all([localEnv(), smtpSink()]);
  config = loadConfig({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: queue, SMTP_PORT: String(sink.port) });
  await startWorker();
});
afterAll(async () => {
  await stopWorker();
  await sink?.close();
  await env?.teardown();
});

const cli = (...args: string[]) => runCli({ TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: queue }, ...args);
const team = roles.filter((r) => careTeam[r]);

/** A forensic course in its discharge process, where a breach may be recorded (domain/phases.ts). */
async function courseInDischargeProcess(continueAsNewAfterEvents?: number) {
  const input = startInput('forensic-tud', 'unn');
  const handle = await env.client.workflow.start(courseWorkflow, {
    taskQueue: queue,
    workflowId: input.courseRef,
    args: [{ start: input, continueAsNewAfterEvents }],
  });
  await recordEvent(env.client, input.courseRef, { kind: 'dischargeProcessStarted' });
  return { ref: input.courseRef, handle };
}

/**
 * Once the course has no reminder left to send and every alert of the event is in: how many times
 * the mail server accepted each of its alerts, by business key (domain/recipients.ts).
 */
async function alertsOf(handle: ReturnType<typeof env.client.workflow.getHandle>, ref: string, id: string) {
  const keys = team.map((role) => `${ref}/TUD-BREACH/event-id-${opaqueKey(id)}/alert/${role}`);
  await until('every alert delivered and no reminder in flight', async () => {
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    const delivered = new Set(sink.accepted.map(keyOf));
    return pending.length === 0 && keys.every((k) => delivered.has(k));
  });
  const counts = new Map<string, number>();
  for (const k of sink.accepted.map(keyOf).filter((k) => k.includes(`/event-id-${opaqueKey(id)}/`)))
    counts.set(k, (counts.get(k) ?? 0) + 1);
  return { counts: Object.fromEntries(counts), expected: Object.fromEntries(keys.map((k) => [k, 1])) };
}

const withId = (events: RecordedEvent[], id: string) => events.filter((e) => e.id === id);

test('the same course event twice at once under one --id: one event, one alert e-mail per recipient', async () => {
  const { ref, handle } = await courseInDischargeProcess();
  const id = 'epj-breach-1';
  const send = () => cli('course', 'event', ref, 'breach', '--id', id, '--by', 'clerk-7', '--json');
  const runs = await Promise.all([send(), send(), recordEvent(env.client, ref, { kind: 'breach', id, by: 'clerk-7' })]);
  const answers = runs.map((r) => {
    if ('seq' in r) return r;
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    return JSON.parse(r.stdout) as RecordEventResult;
  });
  const events = await handle.query(eventsQuery);
  expect(withId(events, id)).toHaveLength(1);
  expect(events.filter((e) => e.kind === 'breach')).toHaveLength(1);
  for (const answer of answers)
    expect(answer).toEqual({ seq: events.length, phase: 'dischargeProcess', event: withId(events, id)[0] });

  const { counts, expected } = await alertsOf(handle, ref, id);
  expect(counts).toEqual(expected);
}, 120_000);

test('sent again after a call left without an answer, once the course continued as new: the event as recorded, nothing twice', async () => {
  // A short run: with the breach's seven alerts the history is long enough to continue as new.
  const { ref, handle } = await courseInDischargeProcess(24);
  const id = 'epj-breach-2';
  const event = { kind: 'breach', id, by: 'clerk-7' };

  // The worker is down, so the call gets no answer before its deadline; the server holds the update.
  await stopWorker();
  const lost = await env.client
    .withDeadline(Date.now() + 2_000, () => recordEvent(env.client, ref, event))
    .then(
      () => 'answered',
      (err: unknown) => (err as Error).name,
    );
  expect(lost).not.toBe('answered');
  await startWorker();
  await until('the unanswered call recorded', async () => withId(await handle.query(eventsQuery), id).length > 0);
  const recorded = withId(await handle.query(eventsQuery), id)[0]!;
  const recordedIn = (await handle.describe()).runId;
  // The course looks at its history's length when it wakes: the next event, with the history long, moves it on.
  await recordEvent(env.client, ref, { kind: 'riskAssessed' });
  await until('the course continued as new', async () => (await handle.describe()).runId !== recordedIn);

  // The same id with other content is refused, and says so: by the workflow's validator while
  // the new run has not seen the id, by the client once Temporal answers the id (client/courses.ts).
  const otherContent = () => cli('course', 'event', ref, 'breach', '--id', id, '--by', 'clerk-8');
  const refused = (prefix: string) =>
    new RegExp(`^forlopsvakt: ${prefix}Duplicate: an event with id '${id}' is already recorded with other content`);
  const other = await otherContent();
  expect(other.code).toBe(1);
  expect(other.stderr).toMatch(refused('rejected: '));
  // The admin runs the same command again: answered with the event as recorded.
  const again = await cli('course', 'event', ref, 'breach', '--id', id, '--by', 'clerk-7', '--json');
  expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
  expect(JSON.parse(again.stdout)).toEqual({ seq: recorded.seq, phase: 'dischargeProcess', event: recorded });
  const otherAgain = await otherContent();
  expect(otherAgain.code).toBe(1);
  expect(otherAgain.stderr).toMatch(refused(''));

  const events = await handle.query(eventsQuery);
  expect(withId(events, id)).toEqual([recorded]);
  expect(events.filter((e) => e.kind === 'breach')).toHaveLength(1);
  const { counts, expected } = await alertsOf(handle, ref, id);
  expect(counts).toEqual(expected);
}, 120_000);
