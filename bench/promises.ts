// `npx tsx bench/promises.ts <history.json>...`: how many promises the course's workflow code makes,
// counted on replay of recorded histories on the built bundle (`npm run build`), by where they are
// made. Each promise made in the workflow sandbox costs a stack trace in the SDK's promise hook
// (docs/benchmarks.md). test/replay.test.ts counts with `promisesMade` too.
import { readFileSync } from 'node:fs';
import { promiseHooks } from 'node:v8';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { bundlePath } from '../worker/bundle';

type History = Parameters<typeof Worker.runReplayHistory>[1];
type Code = Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>;

/** The first workflow frames of the stack that made a promise (workflow-bundle.js, source names). */
function madeBy(stack: string): string {
  const frames = stack.split('\n').filter((line) => line.includes('workflow-bundle.js'));
  const names = frames.map((line) =>
    line
      .trim()
      .replace(/^at (async )?/, '')
      .replace(/ \(.*\)$/, ''),
  );
  return names.slice(0, 3).join(' < ') || '(no workflow frame)';
}

/** The promises made in the workflow sandbox while `history` replays on `code`, by where they were made. */
export async function promisesMade(history: History, code: Code): Promise<Map<string, number>> {
  const made = new Map<string, number>();
  // A replay worker runs the sandbox on this thread (the SDK replays in debug mode); the sandbox's
  // promises have its own Promise constructor.
  const stop = promiseHooks.onInit((promise) => {
    if ((promise as Promise<unknown>).constructor === Promise) return;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 30;
    const key = madeBy(new Error().stack ?? '');
    Error.stackTraceLimit = limit;
    made.set(key, (made.get(key) ?? 0) + 1);
  });
  try {
    await Worker.runReplayHistory(code, history);
  } finally {
    stop();
  }
  return made;
}

async function main(files: string[]) {
  for (const file of files) {
    const history = JSON.parse(readFileSync(file, 'utf8')) as { events: { eventType: string }[] };
    const count = (type: string) => history.events.filter((e) => e.eventType === `EVENT_TYPE_${type}`).length;
    const byPlace = [...(await promisesMade(history, { workflowBundle: { codePath: bundlePath } }))].sort(
      (a, b) => b[1] - a[1],
    );
    const total = byPlace.reduce((sum, [, n]) => sum + n, 0);
    const tasks = count('WORKFLOW_TASK_COMPLETED');
    console.log(
      `${file}: ${total} promises, ${(total / tasks).toFixed(1)} a workflow task (${tasks} tasks, ${count('TIMER_STARTED')} timers, ${count('ACTIVITY_TASK_SCHEDULED')} activities, ${count('WORKFLOW_EXECUTION_UPDATE_ACCEPTED')} updates)`,
    );
    for (const [place, n] of byPlace.slice(0, 20)) console.log(`${String(n).padStart(6)}  ${place}`);
  }
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
