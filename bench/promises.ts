// `npx tsx bench/promises.ts <history.json>...`: how many promises the course's workflow code makes,
// counted on replay of recorded histories on the built bundle (`npm run build`), by where they are
// made. Each promise made in the workflow sandbox costs a stack trace in the SDK's promise hook
// (docs/benchmarks.md).
import { readFileSync } from 'node:fs';
import { promiseHooks } from 'node:v8';
import { Worker } from '@temporalio/worker';
import { bundlePath } from '../worker/bundle';

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

async function main(files: string[]) {
  let counting: Map<string, number> | undefined;
  Error.stackTraceLimit = 30;
  // A replay worker runs the sandbox on this thread (the SDK replays in debug mode); the sandbox's
  // promises have its own Promise constructor.
  promiseHooks.onInit((promise) => {
    if (!counting || (promise as Promise<unknown>).constructor === Promise) return;
    const key = madeBy(new Error().stack ?? '');
    counting.set(key, (counting.get(key) ?? 0) + 1);
  });
  for (const file of files) {
    const history = JSON.parse(readFileSync(file, 'utf8')) as { events: { eventType: string }[] };
    const count = (type: string) => history.events.filter((e) => e.eventType === `EVENT_TYPE_${type}`).length;
    counting = new Map();
    await Worker.runReplayHistory({ workflowBundle: { codePath: bundlePath } }, history);
    const byPlace = [...counting].sort((a, b) => b[1] - a[1]);
    counting = undefined;
    const total = byPlace.reduce((sum, [, n]) => sum + n, 0);
    const tasks = count('WORKFLOW_TASK_COMPLETED');
    console.log(
      `${file}: ${total} promises, ${(total / tasks).toFixed(1)} a workflow task (${tasks} tasks, ${count('TIMER_STARTED')} timers, ${count('ACTIVITY_TASK_SCHEDULED')} activities, ${count('WORKFLOW_EXECUTION_UPDATE_ACCEPTED')} updates)`,
    );
    for (const [place, n] of byPlace.slice(0, 20)) console.log(`${String(n).padStart(6)}  ${place}`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
