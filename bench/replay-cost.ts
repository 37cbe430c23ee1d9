// `npm run bench:replay [-- --release vN --rounds N --turns N --bundle a.js --bundle b.js]`: the
// worker's CPU time to replay a course's recorded histories (test/replay/, release `vN`, by default
// the newest), which is what a course evicted from the cache costs the worker before its next
// task (docs/operations.md), measured with no server: a low-noise way to compare workflow code
// (bench/promises.ts counts the promises it makes, by where). Each turn replays every
// history `rounds` times. With two bundles (`npm run build` at each of two commits, copying
// lib/workflow-bundle.js aside), they take turns (`turns`, bench/run.ts: A, B, B, A, ...); without
// one, the built bundle (worker/bundle.ts). A few minutes; prints a Markdown table and changes
// nothing in docs/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { workflowCode } from '../worker/bundle';
import { turns } from './run';

type History = temporal.api.history.v1.IHistory;
type Code = Pick<ReplayWorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'>;

const dir = resolve(__dirname, '..', 'test', 'replay');
const releaseOf = (file: string) => Number(/^v(\d+)-/.exec(file)?.[1]);
const files = readdirSync(dir).filter((f) => f.endsWith('.json') && releaseOf(f) > 0);

const option = (name: string): string[] =>
  process.argv.flatMap((arg, i) => (arg === `--${name}` ? [process.argv[i + 1] ?? ''] : []));
const count = (name: string, fallback: number): number => {
  const [text] = option(name);
  const value = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name}: a whole number of at least 1, not ${text}`);
  return value;
};
const release = option('release')[0] ?? `v${Math.max(...files.map(releaseOf))}`;
const chosen = files.filter((f) => f.startsWith(`${release}-`)).sort();
if (chosen.length === 0) throw new Error(`--release: no recorded histories named ${release}-*.json in test/replay`);
const rounds = count('rounds', 10);
const turnCount = count('turns', 2);
const bundles = option('bundle');
for (const path of bundles) if (!existsSync(path)) throw new Error(`--bundle: no file at ${path}`);
if (bundles.length > 2) throw new Error('--bundle: at most two, to compare');

const histories = chosen.map((f) => historyFromJSON(JSON.parse(readFileSync(resolve(dir, f), 'utf8'))));
const type = temporal.api.enums.v1.EventType;
const eventsPerHistory = histories.reduce((n, h) => n + (h.events?.length ?? 0), 0) / histories.length;
const tasksPerHistory =
  histories.reduce(
    (n, h) => n + (h.events ?? []).filter((e) => e.eventType === type.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length,
    0,
  ) / histories.length;

let runs = 0;
/** Replays every history `times` times; the CPU time counts from the replay worker's first request for one. */
async function replay(code: Code, times: number): Promise<number> {
  let since: NodeJS.CpuUsage | undefined;
  async function* feed(): AsyncGenerator<{ workflowId: string; history: History }> {
    since = process.cpuUsage();
    for (let r = 0; r < times; r++) for (const history of histories) yield { workflowId: `replay-${runs++}`, history };
  }
  for await (const result of Worker.runReplayHistories(code, feed())) if (result.error) throw result.error;
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const subjects: { name: string; code: Code; cpu: number[] }[] = (
    bundles.length > 0
      ? bundles.map((path) => ({ name: path, code: { workflowBundle: { codePath: resolve(path) } } }))
      : [{ name: 'lib/workflow-bundle.js', code: workflowCode((why) => console.log(`bundling: ${why}`)) }]
  ).map((s) => ({ ...s, cpu: [] }));
  // A first replay to warm up (the process's first one also sets up the SDK's hooks).
  for (const s of subjects) await replay(s.code, 1);
  const order = subjects.length === 2 ? turns(turnCount) : Array.from({ length: turnCount }, () => 0);
  for (const i of order) {
    const s = subjects[i]!;
    s.cpu.push((await replay(s.code, rounds)) / (rounds * histories.length));
    console.log(`[replay] ${s.name}: ${s.cpu.at(-1)!.toFixed(1)} ms of CPU a history`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  console.log(
    `\n${chosen.length} histories of ${release} (${chosen.join(', ')}): ${eventsPerHistory.toFixed(0)} events and ` +
      `${tasksPerHistory.toFixed(0)} workflow tasks a history on average, each replayed ${rounds} times a turn\n`,
  );
  console.log('| Bundle | CPU ms a history (median of turns) | Each turn |');
  console.log('| --- | ---: | --- |');
  for (const s of subjects)
    console.log(`| ${s.name} | ${median(s.cpu).toFixed(1)} | ${s.cpu.map((c) => c.toFixed(1)).join(', ')} |`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
