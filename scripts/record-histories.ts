// `npm run record-histories`: records one history per course kind into test/replay/, to be
// replayed in CI by test/replay.test.ts. Record anew when a workflow change is released (behind
// patched()), keeping the old files: every history ever released must keep replaying. A course
// that continues as new is saved run by run (`<label>-<kind>-run1.json`, …): each run's history is
// what a worker replays.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { startRequest } from '../client/courses';
import { courseKinds } from '../domain';
import { courseWorkflow } from '../workflows';
import { courseWorker, runsOf, timeSkippingEnv } from '../test/helpers/temporal';
import { startInput } from '../test/helpers/fixtures';
import { recordedStarts, recordingMailServer, scenarios } from '../test/replay/scenarios';

async function main(): Promise<void> {
  const label = process.argv[2] ?? new Date().toISOString().slice(0, 10);
  const env = await timeSkippingEnv();
  try {
    // Its mail server refuses one mailbox for good and is busy once per course, so the histories
    // hold failed activities.
    const worker = await courseWorker(env, 'record-histories', [], recordingMailServer());
    await worker.runUntil(async () => {
      for (const kind of courseKinds) {
        const { careTeam, continueAsNewAfterEvents } = recordedStarts[kind];
        const input = startInput(
          kind,
          {
            'forensic-tud': 'ahus',
            'admission-discharge': 'hnt',
            'long-term-coordinated': 'unn',
            'agreement-review': 'ahus',
          }[kind],
          { courseRef: `replay-${kind}`, ...(careTeam ? { careTeam } : {}) },
        );
        // Sent as client/courses.ts sends a start: dated, stamped with its code. A minute
        // before the server's now, so that no reminder falls due at the very instant a scenario's
        // sleep ends: the time-skipping server strands a run then (test/helpers/temporal.ts `recordAt`).
        const sentAt = new Date((await env.currentTimeMs()) - 60_000).toISOString();
        const { start, ...options } = startRequest(
          input,
          sentAt,
          { courseRefPattern: '^replay-' },
          { continueAsNewAfterEvents },
        );
        const handle = await env.client.workflow.start(courseWorkflow, {
          taskQueue: 'record-histories',
          workflowId: start.courseRef,
          ...options,
        });
        await scenarios[kind](env, handle);
        const runs = await runsOf(env, input.courseRef, handle.firstExecutionRunId);
        for (const [i, run] of runs.entries()) {
          const name = runs.length === 1 ? `${label}-${kind}.json` : `${label}-${kind}-run${i + 1}.json`;
          const file = resolve(__dirname, '..', 'test', 'replay', name);
          writeFileSync(file, historyToJSON({ events: run.events }));
          console.log(`recorded ${file}`);
        }
        if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('recorded');
      }
    });
  } finally {
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
