// One real Temporal environment per test file (the real server, never a mock of it), from the
// pinned binaries (config/temporal-binaries.ts).
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { courseSearchAttributes } from '../../workflows/search-attributes';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import { temporalCli, temporalTestServer } from '../../config/temporal-binaries';
import { createActivities, type DeliverReminder } from '../../activities';
import type { DeliveryRetry } from '../../activities/email/failures';
import type { Reminder } from '../../domain';
import type { WorkflowHandle } from '@temporalio/client';
import type { courseWorkflow } from '../../workflows';
import { recordEventUpdate, type RecordEventResult } from '../../workflows/contract';
import { workflowCode } from '../../worker/bundle';
import { freePort } from './maildev';

let runtimeInstalled = false;
/** Keeps test output readable: the SDK's own logs only from WARN up. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // A test that installed its own runtime (to read the logs) keeps it.
  }
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer() } },
  });
  // The workflow upserts its search attributes; the test server learns them like a cluster would.
  const indexed = temporal.api.enums.v1.IndexedValueType;
  const types = {
    KEYWORD: indexed.INDEXED_VALUE_TYPE_KEYWORD,
    INT: indexed.INDEXED_VALUE_TYPE_INT,
    DATETIME: indexed.INDEXED_VALUE_TYPE_DATETIME,
  } as Record<string, number>;
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(courseSearchAttributes.map((k) => [k.name, types[k.type]!])),
  });
  return env;
}

/**
 * The dev server (in memory), with its Web UI on a port of its own when `ui` is set. Ports are
 * picked free and then handed to the server, so on a busy machine another process can take one in
 * between: the server then exits ("address already in use") and its start fails. The SDK kills a
 * server that did not start, so a failed start is tried again on fresh ports.
 */
export async function localEnv(options: { ui: true; extraArgs?: string[] }): Promise<LocalEnvWithUi>;
export async function localEnv(options?: { extraArgs?: string[] }): Promise<TestWorkflowEnvironment>;
export async function localEnv(
  options: { ui?: boolean; extraArgs?: string[] } = {},
): Promise<TestWorkflowEnvironment | LocalEnvWithUi> {
  quietRuntime();
  const attempts = 3;
  for (let attempt = 1; ; attempt++) {
    const uiPort = options.ui ? await freePort() : undefined;
    try {
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'existing-path', path: temporalCli() },
          searchAttributes: courseSearchAttributes,
          uiPort,
          extraArgs: options.extraArgs,
        },
      });
      return uiPort === undefined ? env : Object.assign(env, { uiPort });
    } catch (err) {
      if (attempt === attempts) throw new Error(`the dev server did not start in ${attempts} attempts`, { cause: err });
    }
  }
}
export type LocalEnvWithUi = TestWorkflowEnvironment & { uiPort: number };

/** Reminders as the activity received them, with the (workflow-clock) instant each arrived. */
export interface Recorded extends Reminder {
  sentAt: string;
}

export async function courseWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  sent: Recorded[] = [],
  deliver?: DeliverReminder,
  dataConverter?: DataConverter,
  retry?: DeliveryRetry,
) {
  const record: DeliverReminder = async (r) => {
    sent.push({ ...r, sentAt: new Date(await env.currentTimeMs()).toISOString() });
    if (deliver) await deliver(r);
  };
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    ...workflowCode(),
    activities: createActivities({ deliver: record, retry }),
    dataConverter,
  });
}

/**
 * Terminates a course left running, once no reminder is being delivered: the time-skipping test
 * server keeps its clock locked for an activity of a terminated workflow, and every later
 * `env.sleep` on that server waits for good. A sleep between looks, not a real-time wait: a retry's
 * backoff needs the clock to move.
 */
export async function terminateWhenIdle(
  env: TestWorkflowEnvironment,
  handle: WorkflowHandle,
  reason = 'test finished',
): Promise<void> {
  for (;;) {
    const { status, raw } = await handle.describe();
    if (status.name !== 'RUNNING') return;
    if ((raw.pendingActivities ?? []).length === 0) {
      await handle.terminate(reason);
      return;
    }
    await env.sleep(100);
  }
}

/** Lets the time-skipping server's clock run to `instant` (no-op if it is already past). */
export async function sleepUntil(env: TestWorkflowEnvironment, instant: string): Promise<void> {
  const ms = Date.parse(instant) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

/**
 * Records `event` as happened at `at` on the time-skipping server, sent a minute later. A timer
 * due at `at` fires a few milliseconds after a skip that lands there, just as the update's workflow
 * task would replace it; the time-skipping server strands a run whose task cancels a timer that
 * fired meanwhile (temporalio/sdk-java#3088). Sent after the skip, the event finds it fired.
 */
export async function recordAt(
  env: TestWorkflowEnvironment,
  handle: WorkflowHandle<typeof courseWorkflow>,
  at: string,
  event: Record<string, unknown>,
): Promise<RecordEventResult> {
  await sleepUntil(env, new Date(Date.parse(at) + 60_000).toISOString());
  return handle.executeUpdate(recordEventUpdate, { args: [{ ...event, at }] });
}

/**
 * The search attributes a history event upserted for the course: none for an event that is not an
 * upsert, and none for the SDK's own upsert of `TemporalChangeVersion` beside a patch marker.
 */
export const courseKeysUpserted = (event: HistoryEvent): string[] =>
  Object.keys(event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {}).filter(
    (key) => key !== 'TemporalChangeVersion',
  );

/** Every run of a workflow id with its history, oldest first, following continue-as-new. */
export async function runsOf(env: TestWorkflowEnvironment, workflowId: string, firstRunId: string) {
  const runs: { runId: string; events: HistoryEvent[] }[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const history: { events?: HistoryEvent[] | null } = await env.client.workflow
      .getHandle(workflowId, runId)
      .fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    runs.push({ runId, events });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}
