// Waiting in tests for a condition, never for a fixed time (a slower machine only waits longer).
import type { Client } from '@temporalio/client';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `ok` until it holds; fails naming `what` after `ms` (a bound for a stuck run, not a speed test). */
export async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 150_000): Promise<void> {
  for (const end = Date.now() + ms; !(await ok()); await sleep(200))
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
}

/** Until a worker polls the task queue: courses started after it never wait for a worker still starting. */
export const polled = (client: Client, queue: string) =>
  until(`a worker polling ${queue}`, async () => {
    const described = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: queue },
    });
    return (described.pollers ?? []).length > 0;
  });

/** The attempt of a course's reminder delivery still being retried (0 when none is). */
export async function pendingAttempt(client: Client, courseRef: string): Promise<number> {
  const { raw } = await client.workflow.getHandle(courseRef).describe();
  return Math.max(0, ...(raw.pendingActivities ?? []).map((a) => a.attempt ?? 0));
}

/**
 * Until every reminder of the courses has an outcome: nothing more of them can arrive. A workflow
 * task pending counts as not settled: a reminder whose first attempt failed is sent again by the
 * task that follows (workflows/course.ts `firstAttempt`), with no activity pending in between.
 */
export const settled = (client: Client, refs: string[]) =>
  until('no delivery pending', async () => {
    for (const ref of refs) {
      const { raw } = await client.workflow.getHandle(ref).describe();
      if ((raw.pendingActivities ?? []).length > 0 || raw.pendingWorkflowTask) return false;
    }
    return true;
  });
