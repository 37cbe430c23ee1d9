// One real Temporal environment per test file (design.md §5), from the pinned binaries.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, Runtime, DefaultLogger } from '@temporalio/worker';
import { temporalCli, temporalTestServer } from '../../config/temporal-binaries';
import { createActivities, type DeliverReminder } from '../../activities';
import type { Reminder } from '../../domain/engine';

let runtimeInstalled = false;
/** Keeps test output readable: the SDK's own logs only from WARN up. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: temporalTestServer() } } });
}

export async function localEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCli() } } });
}

/** Reminders as the activity received them, with the (workflow-clock) instant each arrived. */
export interface Recorded extends Reminder { sentAt: string }

export async function courseWorker(env: TestWorkflowEnvironment, taskQueue: string, sent: Recorded[] = [], deliver?: DeliverReminder) {
  const record: DeliverReminder = async (r) => {
    sent.push({ ...r, sentAt: new Date(await env.currentTimeMs()).toISOString() });
    if (deliver) await deliver(r);
  };
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    activities: createActivities({ deliver: record }),
  });
}
