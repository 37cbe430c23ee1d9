// `npm run bench:per-update [-- --held N --cache N]`: the worker's and the dev server's CPU time
// per start and per update, for both subjects, with every held workflow in the worker's cache and
// with a cache far smaller than the held set, where nearly every update reaches an evicted workflow
// that is replayed from its history first. Updates go one to each of `held` workflows in a scattered
// order, eight at a time (closed loop: the cost of one, not a latency under load). The subjects take
// turns (`turns`, bench/run.ts: baseline, Forløpsvakt, Forløpsvakt, baseline), each on a fresh stack,
// and each figure is the mean of a subject's two turns. About 9 minutes; prints a Markdown table and
// changes nothing in docs/.
import { loadConfig } from '../config';
import { startStack, type Stack } from './stack';
import { timedSink } from './sink';
import { subjects, type Subject } from './subjects';
import { pool, turns } from './run';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const value = i > 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(value) || value < 2)
    throw new Error(`--${name}: a whole number of at least 2, not ${process.argv[i + 1]}`);
  return value;
};
const held = arg('held', 600);
// Updates step through the held set 7,919 apart (a prime), so each gets one unless 7,919 divides it.
if (held % 7919 === 0) throw new Error('--held: not a multiple of 7,919');
/** The workflow tasks a worker runs at once (config), which its cache must hold (worker/tuning.ts). */
const concurrentTasks = loadConfig(process.env).WORKER_MAX_CONCURRENT_WORKFLOW_TASKS;
/** The small cache: one held workflow in six stays cached, so about five updates in six replay first. */
const smallCache = arg('cache', Math.max(concurrentTasks, Math.floor(held / 6)));
if (smallCache < concurrentTasks)
  throw new Error(
    `--cache: at least the ${concurrentTasks} workflow tasks a worker runs at once (WORKER_MAX_CONCURRENT_WORKFLOW_TASKS)`,
  );

interface Cost {
  /** CPU milliseconds per start and per update, worker and server. */
  start: { worker: number; server: number };
  update: { worker: number; server: number };
}

const perOperation = (stack: Stack, since: { worker: number; server: number }, n: number) => {
  const now = stack.cpuSeconds();
  return { worker: ((now.worker - since.worker) * 1000) / n, server: ((now.server - since.server) * 1000) / n };
};

async function measure(subject: Subject, smtpPort: number, cache: number): Promise<Cost> {
  process.env.WORKER_MAX_CACHED_WORKFLOWS = String(cache);
  const stack = await startStack(subject, smtpPort, 'tuned', 0);
  try {
    const ids: string[] = [];
    const beforeStarts = stack.cpuSeconds();
    await pool(held, 16, async (i) => {
      ids[i] = await subject.startHeld(stack.client, stack.config, i);
    });
    await stack.settled(10 * 60_000);
    const start = perOperation(stack, beforeStarts, held);
    const beforeUpdates = stack.cpuSeconds();
    // Each held workflow once, in the same scattered order as the bench's updates (bench/run.ts).
    await pool(held, 8, (k) => subject.update(stack.client, ids[(k * 7919) % held]!));
    await stack.settled(10 * 60_000);
    return { start, update: perOperation(stack, beforeUpdates, held) };
  } finally {
    await stack.stop();
  }
}

const mean = (costs: Cost[], pick: (c: Cost) => number) => costs.reduce((s, c) => s + pick(c), 0) / costs.length;

async function main(): Promise<void> {
  const sink = await timedSink();
  const order = [subjects.baseline, subjects.forlopsvakt];
  const rows: string[] = [];
  try {
    for (const [label, cache] of [
      [`all ${held} cached`, held],
      [`${smallCache} cached`, smallCache],
    ] as const) {
      const costs: Record<string, Cost[]> = { baseline: [], forlopsvakt: [] };
      for (const turn of turns(2)) {
        const subject = order[turn]!;
        const cost = await measure(subject, sink.port, cache);
        costs[subject.name]!.push(cost);
        console.log(`[per-update] ${label}, ${subject.name}: ${JSON.stringify(cost)}`);
      }
      for (const [what, pick] of [
        ['start, worker', (c: Cost) => c.start.worker],
        ['start, server', (c: Cost) => c.start.server],
        ['update, worker', (c: Cost) => c.update.worker],
        ['update, server', (c: Cost) => c.update.server],
      ] as const) {
        const [b, f] = [mean(costs.baseline!, pick), mean(costs.forlopsvakt!, pick)];
        rows.push(`| ${held} held, ${label} | ${what} | ${b.toFixed(2)} | ${f.toFixed(2)} | ${(f / b).toFixed(2)}× |`);
      }
    }
  } finally {
    await sink.close();
  }
  console.log(
    ['| Set | CPU ms per | Baseline | Forløpsvakt | Ratio |', '| --- | --- | ---: | ---: | ---: |', ...rows].join('\n'),
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
