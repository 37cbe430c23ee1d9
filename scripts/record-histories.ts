// `npm run record-histories`: records one history per course kind into test/replay/, to be
// replayed in CI by test/replay.test.ts. Record anew when a workflow change is released (behind
// patched()), keeping the old files: every history ever released must keep replaying.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { courseKinds } from '../domain';
import { courseWorkflow } from '../workflows';
import { courseWorker, timeSkippingEnv } from '../test/helpers/temporal';
import { startInput } from '../test/helpers/fixtures';
import { scenarios } from '../test/replay/scenarios';

async function main(): Promise<void> {
  const label = process.argv[2] ?? new Date().toISOString().slice(0, 10);
  const env = await timeSkippingEnv();
  try {
    const worker = await courseWorker(env, 'record-histories');
    await worker.runUntil(async () => {
      for (const kind of courseKinds) {
        const input = startInput(
          kind,
          {
            'forensic-tud': 'ahus',
            'admission-discharge': 'hnt',
            'long-term-coordinated': 'unn',
            'agreement-review': 'ahus',
          }[kind],
          { courseRef: `replay-${kind}` },
        );
        const handle = await env.client.workflow.start(courseWorkflow, {
          taskQueue: 'record-histories',
          workflowId: input.courseRef,
          args: [{ start: input }],
        });
        await scenarios[kind](env, handle);
        const file = resolve(__dirname, '..', 'test', 'replay', `${label}-${kind}.json`);
        writeFileSync(file, historyToJSON(await handle.fetchHistory()));
        console.log(`recorded ${file}`);
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
