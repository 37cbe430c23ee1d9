// Determinism guard: every recorded history under test/replay/ replays against the current
// workflow code. A command-sequence change without patched() fails it; with patched() it passes.
// A course that continued as new is recorded run by run (`<label>-<kind>-run<n>.json`,
// scripts/record-histories.ts): a worker replays each run's history on its own.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { courseKinds } from '../domain';
import { workflowCode } from '../worker/bundle';
import { promisesMade } from '../bench/promises';
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
import { courseKeysUpserted } from './helpers/temporal';
import { courseCode, type CourseWorkflowInput } from '../workflows/contract';

const dir = resolve(__dirname, 'replay');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
/** A recorded history, parsed afresh (a caller may change it). */
const historyOf = (file: string) => historyFromJSON(JSON.parse(readFileSync(resolve(dir, file), 'utf8')));
const histories = () => files.map((f) => ({ workflowId: f, history: historyOf(f) }));

async function replay(code: Pick<ReplayWorkerOptions, 'workflowsPath' | 'workflowBundle' | 'bundlerOptions'>) {
  const results = [];
  for await (const result of Worker.runReplayHistories(code, histories())) results.push(result);
  return results;
}

test('every recorded release has a history for every course kind', () => {
  const labels = new Set(files.map((f) => f.split('-')[0]!));
  expect([...labels]).toEqual(
    expect.arrayContaining(['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8', 'v9', 'v10', 'v11', 'v12', 'v13', 'v14']),
  );
  for (const label of labels)
    for (const kind of courseKinds)
      expect([label, kind, files.some((f) => new RegExp(`^${label}-${kind}(-run\\d+)?\\.json$`).test(f))]).toEqual([
        label,
        kind,
        true,
      ]);
});

test('the v5 histories hold a failed activity and a continue-as-new', () => {
  // A rejected update leaves no event at all (domain §8); scenarios.ts checks each was refused.
  const events = files.filter((f) => f.startsWith('v5-')).flatMap((f) => historyOf(f).events ?? []);
  const type = temporal.api.enums.v1.EventType;
  expect(events.some((e) => e.eventType === type.EVENT_TYPE_ACTIVITY_TASK_FAILED)).toBe(true);
  expect(events.some((e) => e.eventType === type.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)).toBe(true);
});

const eventsOf = (file: string) => historyOf(file).events ?? [];

const markers = (file: string) =>
  eventsOf(file).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_MARKER_RECORDED).length;

test('a course started on the current code records one patch marker, where v5 recorded four', () => {
  expect(markers('v5-admission-discharge.json')).toBe(4);
  expect(markers('v6-admission-discharge.json')).toBe(1);
  expect(markers('v7-admission-discharge.json')).toBe(1);
  expect(markers('v8-admission-discharge.json')).toBe(1);
  expect(markers('v9-admission-discharge.json')).toBe(1);
  expect(markers('v10-admission-discharge.json')).toBe(1);
  expect(markers('v11-admission-discharge.json')).toBe(1);
  expect(markers('v12-admission-discharge.json')).toBe(1);
});

test('from v7 a search-attribute upsert carries only the keys that changed; v6 sent all seven each time', () => {
  const keyCounts = (file: string) =>
    eventsOf(file).flatMap((e) => {
      const keys = courseKeysUpserted(e);
      return keys.length > 0 ? [keys.length] : [];
    });
  const v6 = keyCounts('v6-admission-discharge.json');
  const v7 = keyCounts('v7-admission-discharge.json');
  expect(v6.length).toBeGreaterThan(1);
  expect(new Set(v6)).toEqual(new Set([7]));
  expect(v7[0]).toBe(7); // the first upsert: every key
  expect(Math.max(...v7.slice(1))).toBeLessThan(7);
});

/** A history split after each completed workflow task: the events up to the next one completed (its commands first). */
const tasksOf = (file: string) => {
  const type = temporal.api.enums.v1.EventType;
  const tasks: HistoryEvent[][] = [];
  for (const e of eventsOf(file)) {
    if (e.eventType === type.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) tasks.push([]);
    tasks[tasks.length - 1]?.push(e);
  }
  return tasks;
};

/** A history of a run after the first: one continued as new (scripts/record-histories.ts). */
const continued = (file: string) => /-run[2-9]\.json$/.test(file);

test('from v8 a course started with its search attributes upserts none of its own in its first task; v7 upserted all seven; from v14 it is started without them and upserts each that has a value', () => {
  /** The keys the course's first workflow task upserted. */
  const firstTaskKeys = (file: string) => tasksOf(file)[0]!.flatMap(courseKeysUpserted);
  expect(firstTaskKeys('v7-admission-discharge.json')).toHaveLength(7);
  for (const file of files.filter((f) => f.startsWith('v8-'))) expect([file, firstTaskKeys(file)]).toEqual([file, []]);
  // docs/versioning.md "v14": kind, profile, phase, overdue count, and a next deadline where one is open.
  const v14 = files.filter((f) => f.startsWith('v14-') && !continued(f));
  expect(v14.length).toBe(courseKinds.length);
  for (const file of v14)
    expect([
      file,
      firstTaskKeys(file)
        .filter((key) => key !== 'NextDeadline')
        .sort(),
    ]).toEqual([file, ['AgreementProfile', 'CourseKind', 'CoursePhase', 'OverdueCount']]);
});

/** A scheduled reminder's retry policy allows a single attempt: from v10, its first attempt on its own. */
const fromV10 = (file: string) => /^v1[0-9]-/.test(file);
const firstAttemptOnly = (e: HistoryEvent) =>
  e.activityTaskScheduledEventAttributes?.retryPolicy?.maximumAttempts === 1;

test("from v9 a task that hands a reminder to the mail activity upserts none of the course's keys; v8 did beside it", () => {
  const scheduled = temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED;
  /** Per workflow task: [reminders scheduled (from v10 their first attempts), course keys upserted]. */
  const tasks = (file: string) =>
    tasksOf(file).map((events): [number, number] => [
      events.filter((e) => e.eventType === scheduled && (!fromV10(file) || firstAttemptOnly(e))).length,
      events.flatMap(courseKeysUpserted).length,
    ]);
  const both = (file: string) => tasks(file).filter(([activities, keys]) => activities > 0 && keys > 0).length;
  expect(both('v8-admission-discharge.json')).toBeGreaterThan(0);
  for (const file of files.filter((f) => f.startsWith('v9-') || fromV10(f))) {
    expect([file, both(file)]).toEqual([file, 0]);
    // The attributes were still upserted: after the deliveries.
    expect(tasks(file).some(([, keys]) => keys > 0)).toBe(true);
  }
});

test('from v10 the attributes wait for no timer: a reminder whose first attempt failed is sent again, retried until delivered', () => {
  const type = temporal.api.enums.v1.EventType;
  const timers = (file: string) => eventsOf(file).filter((e) => e.eventType === type.EVENT_TYPE_TIMER_STARTED);
  // v9 started a timer beside each held-back upsert (a condition's timeout, which has no UI summary;
  // every wake-up timer has one); v10 none.
  const waitTimers = (file: string) => timers(file).filter((e) => !e.userMetadata?.summary);
  expect(waitTimers('v9-admission-discharge.json').length).toBeGreaterThan(0);
  for (const file of files.filter(fromV10)) expect([file, waitTimers(file)]).toEqual([file, []]);
  // The recording's mail server was busy at each course's first reminder (test/replay/scenarios.ts).
  for (const file of files.filter((f) => fromV10(f) && f.includes('-agreement-review'))) {
    const events = eventsOf(file);
    const scheduled = events.filter((e) => e.eventType === type.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED);
    const failed = events.find((e) => e.eventType === type.EVENT_TYPE_ACTIVITY_TASK_FAILED);
    const first = scheduled.find(
      (e) => e.eventId?.toString() === failed?.activityTaskFailedEventAttributes?.scheduledEventId?.toString(),
    );
    expect(first && firstAttemptOnly(first)).toBe(true);
    expect(failed?.activityTaskFailedEventAttributes?.retryState).toBe(
      temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
    );
    // Sent again with the same reminder, retried until delivered (faults test (b): the attributes do not wait for it).
    const again = scheduled.find((e) => !firstAttemptOnly(e))!;
    expect(JSON.stringify(again.activityTaskScheduledEventAttributes?.input)).toBe(
      JSON.stringify(first!.activityTaskScheduledEventAttributes?.input),
    );
    const delivered = events.find(
      (e) => e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === again.eventId?.toString(),
    );
    expect(delivered).toBeDefined();
  }
});

test('from v12 a course makes fewer promises a workflow task than v11 (each costs a stack trace in the SDK)', async () => {
  const type = temporal.api.enums.v1.EventType;
  const code = workflowCode();
  /** Promises made in the workflow sandbox per completed workflow task, over every history of `release`. */
  const perTask = async (release: string) => {
    let promises = 0;
    let tasks = 0;
    for (const file of files.filter((f) => f.startsWith(`${release}-`))) {
      const events = eventsOf(file);
      const made = await promisesMade({ events }, code);
      promises += [...made.values()].reduce((sum, n) => sum + n, 0);
      tasks += events.filter((e) => e.eventType === type.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length;
    }
    return promises / tasks;
  };
  const v11 = await perTask('v11');
  const v12 = await perTask('v12');
  expect(v11).toBeGreaterThan(10);
  // v12: the loop's wait and each delivery as direct promise chains (docs/versioning.md "v12"):
  // about 0.85 here. The count moves by a few promises between replays (how the SDK splits the
  // activations), so the bound leaves room for that: a v11-shaped v12 would give 1.
  expect(v12 / v11).toBeLessThan(0.9);
}, 120_000);

test('every recorded history replays against the current workflow code', async () => {
  const results = await replay(workflowCode());
  expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(files.map((f) => [f, undefined]));
}, 120_000);

/** `file`'s history with the input its start carried changed by `change` (a JSON payload, as a client sends it). */
const withStartInput = (file: string, change: (input: CourseWorkflowInput) => CourseWorkflowInput) => {
  const history = historyOf(file);
  const payload = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
  payload.data = Buffer.from(JSON.stringify(change(JSON.parse(Buffer.from(payload.data!).toString('utf8')))));
  return { workflowId: file, history };
};

test('from v13 a course the client stamped with its code records no marker; a marker recorded anyway wins over the stamp', async () => {
  const sinceV13 = files.filter((f) => /^v1[3-9]-/.test(f));
  expect(sinceV13.length).toBeGreaterThanOrEqual(2 * courseKinds.length);
  // A run continued as new is started by the worker, not stamped: it records the marker of the
  // code that runs it, and `TemporalChangeVersion` follows (docs/versioning.md "v13").
  for (const file of sinceV13) expect([file, markers(file)]).toEqual([file, continued(file) ? 1 : 0]);
  // A client on this release stamps its starts, and a worker of any release since v6 (one combined
  // marker) that takes a course's first task ignores the stamp and records its own code's marker:
  // those histories, stamped, replay by their markers (docs/versioning.md "v13").
  const sinceV6 = files.filter((f) => /^v([6-9]|1[0-2])-/.test(f));
  const stamped = sinceV6.map((f) => withStartInput(f, (input) => ({ ...input, code: courseCode })));
  // And the stamp is what decides a v13 course's code: without it, a first run's history fails.
  const first = sinceV13.filter((f) => !continued(f));
  const unstamped = first.map((f) => withStartInput(f, ({ code: _code, ...input }) => input));
  const results = [];
  for await (const result of Worker.runReplayHistories(workflowCode(), [...stamped, ...unstamped]))
    results.push([result.workflowId, result.error?.constructor.name]);
  expect(results).toEqual([
    ...sinceV6.map((f) => [f, undefined]),
    ...first.map((f) => [f, 'DeterminismViolationError']),
  ]);
}, 120_000);

test('a change to the command sequence without a patch fails the replay', async () => {
  const results = await replay({ workflowsPath: require.resolve('./replay/changes/unpatched') });
  expect(results).toHaveLength(files.length);
  for (const r of results) expect(r.error).toBeInstanceOf(DeterminismViolationError);
}, 120_000);

test('the same change behind patched() replays', async () => {
  const results = await replay({ workflowsPath: require.resolve('./replay/changes/patched') });
  expect(results.map((r) => r.error?.message)).toEqual(files.map(() => undefined));
}, 120_000);
