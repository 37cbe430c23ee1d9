// `npm run bench [-- --quick]`: how many courses one machine carries and how late a reminder can
// be, measured against a bare sleep-and-one-activity workflow in the same run.
// Each subject gets a fresh dev server (SQLite file under data/bench/) and one worker process;
// reminders go over SMTP to a sink on loopback that notes when each arrived.
// Writes docs/benchmarks.json (raw figures) and docs/benchmarks.md (the table).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { temporalCli } from '../config/temporal-binaries';
import { historyCost, type HistoryCost } from './history';
import { renderReport } from './report';
import { timedSink, type TimedSink } from './sink';
import { startStack } from './stack';
import { subjects, type Subject } from './subjects';

const quick = process.argv.includes('--quick');
// The quick mode (CI, under five minutes) keeps every phase but shrinks the held set and the burst.
export const sizes = quick
  ? { held: 500, burst: 500, years: 10, startConcurrency: 32, eventLoops: 4 }
  : { held: 10_000, burst: 1_000, years: 10, startConcurrency: 32, eventLoops: 4 };

export interface SubjectResult {
  subject: Subject['name'];
  held: number;
  startSeconds: number;
  startsPerSecond: number;
  /** From the first start until the worker had nothing left to do. */
  settledSeconds: number;
  rssMiB: { worker: number; server: number };
  burst: { size: number; dueAt: string; settledBeforeDue: boolean; delivered: number; lagMs: Percentiles };
  recordEvent?: { calls: number; failed: number; latencyMs: Percentiles };
}
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface BenchResult {
  mode: 'quick' | 'full';
  when: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    os: string;
    node: string;
    sdk: string;
    temporalCli: string;
    commit: string;
  };
  sizes: typeof sizes;
  subjects: SubjectResult[];
  history: HistoryCost[];
  historySeconds: number;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

/** Runs `task(0..n-1)` with at most `concurrency` in flight. */
async function pool<T>(n: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function measure(subject: Subject, sink: TimedSink): Promise<SubjectResult> {
  const stack = await startStack(subject, sink.port);
  try {
    // 1. Scale: start the held set, then wait until every course waits on its timers.
    log(`${subject.name}: starting ${sizes.held} workflows`);
    const t0 = Date.now();
    const held = await pool(sizes.held, sizes.startConcurrency, (i) =>
      subject.startHeld(stack.client, stack.config, i),
    );
    const startSeconds = (Date.now() - t0) / 1000;
    const settledSeconds = ((await stack.settled(30 * 60_000)) - t0) / 1000;
    const rssMiB = stack.rssMiB();
    log(
      `${subject.name}: ${(sizes.held / startSeconds).toFixed(1)} starts/s, settled after ${settledSeconds.toFixed(0)} s, RSS worker ${rssMiB.worker} MiB, server ${rssMiB.server} MiB`,
    );

    // 2. Burst: every burst deadline at the same instant, far enough ahead that starting them (and
    // the heads-ups their back-dated admissions send at once) is done before it.
    const lead = 15_000 + 2_000 * settledSeconds * (sizes.burst / sizes.held);
    const dueAt = new Date(Date.now() + lead);
    const keys = await pool(sizes.burst, sizes.startConcurrency, (i) =>
      subject.startBurst(stack.client, stack.config, i, dueAt),
    );
    const settledBeforeDue = await stack.settled(dueAt.getTime() - Date.now() - 2_000).then(
      () => true,
      () => false,
    );
    log(
      `${subject.name}: ${sizes.burst} deadlines at ${dueAt.toISOString()}${settledBeforeDue ? '' : ' (the worker was still busy with the burst starts)'}`,
    );
    await sleep(dueAt.getTime() - Date.now() - 2_000);

    // 3. Event latency while the burst runs: recordEvent on held courses until the burst is delivered.
    const latencies: number[] = [];
    let failed = 0;
    let bursting = true;
    const events =
      subject.recordEvent &&
      pool(sizes.eventLoops, sizes.eventLoops, async (loop) => {
        for (let k = loop; bursting; k += sizes.eventLoops) {
          const started = performance.now();
          try {
            await subject.recordEvent!(stack.client, held[(k * 7919) % held.length]!);
            latencies.push(performance.now() - started);
          } catch {
            failed += 1;
          }
        }
      });
    const give = dueAt.getTime() + 10 * 60_000;
    while (keys.some((k) => !sink.acceptedAt.has(k)) && Date.now() < give) await sleep(200);
    bursting = false;
    await events;
    const lags = keys.flatMap((k) => (sink.acceptedAt.has(k) ? [sink.acceptedAt.get(k)! - dueAt.getTime()] : []));
    const result: SubjectResult = {
      subject: subject.name,
      held: sizes.held,
      startSeconds,
      startsPerSecond: sizes.held / startSeconds,
      settledSeconds,
      rssMiB,
      burst: {
        size: sizes.burst,
        dueAt: dueAt.toISOString(),
        settledBeforeDue,
        delivered: lags.length,
        lagMs: percentiles(lags),
      },
      ...(subject.recordEvent
        ? { recordEvent: { calls: latencies.length, failed, latencyMs: percentiles(latencies) } }
        : {}),
    };
    log(
      `${subject.name}: burst delivered ${lags.length}/${keys.length}, lag p99 ${result.burst.lagMs.p99} ms${result.recordEvent ? `, recordEvent p99 ${result.recordEvent.latencyMs.p99.toFixed(0)} ms over ${latencies.length} calls` : ''}`,
    );
    return result;
  } finally {
    await stack.stop();
  }
}

function machine(): BenchResult['machine'] {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  const sdk = (
    JSON.parse(readFileSync(require.resolve('@temporalio/worker/package.json'), 'utf8')) as { version: string }
  ).version;
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    sdk,
    temporalCli: sh(temporalCli(), ['--version']).split('\n')[0]!,
    commit: sh('git', ['rev-parse', '--short', 'HEAD']),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const sink = await timedSink();
  const measured: SubjectResult[] = [];
  try {
    for (const subject of [subjects.baseline, subjects.forlopsvakt]) measured.push(await measure(subject, sink));
  } finally {
    await sink.close();
  }
  log(`history cost: ${sizes.years} simulated years per course kind (time-skipping)`);
  const h0 = Date.now();
  const history = await historyCost(sizes.years);
  const result: BenchResult = {
    mode: quick ? 'quick' : 'full',
    when: new Date().toISOString(),
    machine: machine(),
    sizes,
    subjects: measured,
    history,
    historySeconds: (Date.now() - h0) / 1000,
  };
  const docs = resolve(__dirname, '..', 'docs');
  writeFileSync(resolve(docs, 'benchmarks.json'), `${JSON.stringify(result, null, 2)}\n`);
  const mdPath = resolve(docs, 'benchmarks.md');
  let previous = '';
  try {
    previous = readFileSync(mdPath, 'utf8');
  } catch {
    /* first run */
  }
  writeFileSync(mdPath, renderReport(result, previous));
  log(`wrote docs/benchmarks.md and docs/benchmarks.json in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
