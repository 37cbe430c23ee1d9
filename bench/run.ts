// `npm run bench [-- --quick]`: how many courses one machine carries and how late a reminder can
// be, measured against a bare sleep-and-one-activity workflow in the same run.
// Each subject gets a fresh dev server (SQLite file under data/bench/) and one worker process;
// reminders go over SMTP to a sink on loopback that notes when each arrived.
// Writes docs/benchmarks.json (raw figures) and docs/benchmarks.md (the table).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { temporal } from '@temporalio/proto';
import { temporalCli } from '../config/temporal-binaries';
import { historyCost, type HistoryCost } from './history';
import { renderSvg } from '../activities/feed/vega-render';
import { loadConfig } from '../config';
import { workerTuning, type Tuning } from '../worker/tuning';
import { renderReport, scalePlotSpec } from './report';
import { timedSink, type TimedSink } from './sink';
import { machineCpuSeconds, startStack, workerSettings, type Stack } from './stack';
import { subjects, type Subject } from './subjects';

const quick = process.argv.includes('--quick');
// The quick mode (CI, minutes) keeps every phase but holds one small set. The full run holds each
// size on a fresh server, both subjects in turn, with the dev server's SQLite pragmas (the
// default, config DEV_SQLITE_PRAGMAS); the smallest size runs once more without them.
export const sizes = quick
  ? { held: [500], plainAt: 500, burst: 500, years: 10, startConcurrency: 32, updatesPerSecond: 20, sampled: 20 }
  : {
      held: [1_000, 10_000, 50_000],
      plainAt: 1_000,
      burst: 1_000,
      years: 10,
      startConcurrency: 32,
      updatesPerSecond: 20,
      sampled: 20,
    };

export interface SubjectResult {
  subject: Subject['name'];
  /** `tuned`: the dev server with DEV_SQLITE_PRAGMAS; `plain`: with SQLite's defaults. */
  sqlite: 'tuned' | 'plain';
  held: number;
  /** From forking the worker process until it polled: Forløpsvakt loads the built bundle, the baseline bundles. */
  workerStartSeconds: number;
  startSeconds: number;
  startsPerSecond: number;
  /** From the first start until the worker had nothing left to do. */
  settledSeconds: number;
  /** `workerIdle`: the worker polling with nothing cached, before the first start. */
  rssMiB: { workerIdle: number; worker: number; server: number };
  cachedWorkflows: number;
  /** (worker RSS with the held set − idle RSS) / workflows in the cache. */
  mibPerCachedCourse: number;
  burst: { size: number; dueAt: string; settledBeforeDue: boolean; delivered: number; lagMs: Percentiles };
  /** Update round trips on held workflows during the burst: `recordEvent`, or the baseline's trivial update. */
  update: { calls: number; failed: number; latencyMs: Percentiles };
  /** What one burst deadline cost a sample of its workflows, from its timer firing until they waited again. */
  perDeadline: { sampled: number; events: number; workflowTasks: number; activities: number };
  /** CPU time of the start phase (until settled) and of the burst (from 2 s before its due instant until the updates were answered); absent from runs before it was measured. */
  cpu?: { start: PhaseCpu; burst: PhaseCpu };
}
/** CPU seconds by process during one phase, and the share of the machine's CPU time stolen by the hypervisor (other guests). */
export interface PhaseCpu {
  wallSeconds: number;
  workerSeconds: number;
  serverSeconds: number;
  /** This process: the client that starts and updates, and the SMTP sink. */
  benchSeconds: number;
  stealPercent: number;
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
  /** The workers' tuning (worker/tuning.ts) and the dev server's pragmas (config DEV_SQLITE_PRAGMAS). */
  tuning: Tuning;
  pragmas: string;
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

/** Starts counting CPU time; the function returned reads what was used since. */
function cpuMeter(stack: Stack): () => PhaseCpu {
  const [t0, p0, b0, m0] = [performance.now(), stack.cpuSeconds(), process.cpuUsage(), machineCpuSeconds()];
  return () => {
    const [p1, b, m1] = [stack.cpuSeconds(), process.cpuUsage(b0), machineCpuSeconds()];
    return {
      wallSeconds: (performance.now() - t0) / 1000,
      workerSeconds: p1.worker - p0.worker,
      serverSeconds: p1.server - p0.server,
      benchSeconds: (b.user + b.system) / 1e6,
      stealPercent: (100 * (m1.steal - m0.steal)) / Math.max(1e-9, m1.total - m0.total),
    };
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function measure(
  subject: Subject,
  sink: TimedSink,
  held: number,
  sqlite: SubjectResult['sqlite'],
): Promise<SubjectResult> {
  // Burst keys repeat between runs: only this run's acceptances count.
  sink.acceptedAt.clear();
  const stack = await startStack(subject, sink.port, sqlite);
  const label = `${subject.name} ${held.toLocaleString('en-US')} (${sqlite})`;
  try {
    // 1. Scale: start the held set, then wait until every course waits on its timers.
    const workerIdle = stack.rssMiB().worker;
    log(`${label}: starting`);
    const t0 = Date.now();
    const startCpu = cpuMeter(stack);
    const ids = await pool(held, sizes.startConcurrency, (i) => subject.startHeld(stack.client, stack.config, i));
    const startSeconds = (Date.now() - t0) / 1000;
    const settledSeconds = ((await stack.settled(30 * 60_000)) - t0) / 1000;
    const cpuStart = startCpu();
    const rssMiB = { workerIdle, ...stack.rssMiB() };
    const { cachedWorkflows } = await stack.workerStatus();
    const mibPerCachedCourse = (rssMiB.worker - workerIdle) / Math.max(1, cachedWorkflows);
    log(
      `${label}: ${(held / startSeconds).toFixed(1)} starts/s, settled after ${settledSeconds.toFixed(0)} s, RSS worker ${rssMiB.worker} MiB (idle ${workerIdle}, ${cachedWorkflows} cached, ${mibPerCachedCourse.toFixed(2)} MiB each), server ${rssMiB.server} MiB`,
    );

    // 2. Burst: every burst deadline at the same instant, far enough ahead that starting them (and
    // the heads-ups their back-dated admissions send at once) is done before it.
    const lead = 15_000 + 2_000 * settledSeconds * (sizes.burst / held);
    const dueAt = new Date(Date.now() + lead);
    const keys = await pool(sizes.burst, sizes.startConcurrency, (i) =>
      subject.startBurst(stack.client, stack.config, i, dueAt),
    );
    const settledBeforeDue = await stack.settled(dueAt.getTime() - Date.now() - 2_000).then(
      () => true,
      () => false,
    );
    log(
      `${label}: ${sizes.burst} deadlines at ${dueAt.toISOString()}${settledBeforeDue ? '' : ' (the worker was still busy with the burst starts)'}`,
    );
    const sample = keys.slice(0, sizes.sampled).map((k) => k.split('/')[0]!);
    const before = await Promise.all(
      sample.map(async (id) => Number((await stack.client.workflow.getHandle(id).describe()).historyLength)),
    );
    await sleep(dueAt.getTime() - Date.now() - 2_000);
    const burstCpu = cpuMeter(stack);

    // 3. Update latency while the burst runs, on held workflows, until the burst is delivered. Sent
    // at a fixed rate whatever the answers (open loop), so both subjects carry the same load; each
    // latency counts from when its update was due to be sent, a queue behind a slow answer included.
    const latencies: number[] = [];
    let failed = 0;
    const inFlight = new Set<Promise<void>>();
    const sendUpdate = async (k: number, due: number) => {
      try {
        await subject.update(stack.client, ids[(k * 7919) % ids.length]!);
        latencies.push(performance.now() - due);
      } catch {
        failed += 1;
      }
    };
    const firstUpdate = performance.now();
    const due = (n: number) => firstUpdate + (n * 1000) / sizes.updatesPerSecond;
    let sentUpdates = 0;
    const pacer = setInterval(() => {
      for (; due(sentUpdates) <= performance.now(); sentUpdates++) {
        const sent = sendUpdate(sentUpdates, due(sentUpdates));
        inFlight.add(sent);
        void sent.finally(() => inFlight.delete(sent));
      }
    }, 10);
    const give = dueAt.getTime() + 10 * 60_000;
    while (keys.some((k) => !sink.acceptedAt.has(k)) && Date.now() < give) await sleep(200);
    clearInterval(pacer);
    await Promise.all(inFlight);
    const cpuBurst = burstCpu();
    // 4. What the deadline cost: the sampled workflows' history since the burst was started.
    await stack.settled(10 * 60_000);
    const perDeadline = { sampled: sample.length, events: 0, workflowTasks: 0, activities: 0 };
    const type = temporal.api.enums.v1.EventType;
    for (const [i, id] of sample.entries()) {
      const { events: all } = await stack.client.workflow.getHandle(id).fetchHistory();
      const since = (all ?? []).filter((e) => Number(e.eventId) > before[i]!);
      perDeadline.events += since.length / sample.length;
      perDeadline.workflowTasks +=
        since.filter((e) => e.eventType === type.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length / sample.length;
      perDeadline.activities +=
        since.filter((e) => e.eventType === type.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length / sample.length;
    }
    const lags = keys.flatMap((k) => (sink.acceptedAt.has(k) ? [sink.acceptedAt.get(k)! - dueAt.getTime()] : []));
    const result: SubjectResult = {
      subject: subject.name,
      sqlite,
      held,
      workerStartSeconds: stack.workerStartSeconds,
      startSeconds,
      startsPerSecond: held / startSeconds,
      settledSeconds,
      rssMiB,
      cachedWorkflows,
      mibPerCachedCourse,
      burst: {
        size: sizes.burst,
        dueAt: dueAt.toISOString(),
        settledBeforeDue,
        delivered: lags.length,
        lagMs: percentiles(lags),
      },
      update: { calls: latencies.length, failed, latencyMs: percentiles(latencies) },
      perDeadline,
      cpu: { start: cpuStart, burst: cpuBurst },
    };
    log(
      `${label}: burst delivered ${lags.length}/${keys.length}, lag p99 ${result.burst.lagMs.p99} ms, update p99 ${result.update.latencyMs.p99.toFixed(0)} ms over ${latencies.length} calls, ${perDeadline.events.toFixed(1)} events and ${perDeadline.workflowTasks.toFixed(1)} workflow tasks per deadline`,
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

/** Writes the run's raw figures, then the plot and docs/benchmarks.md from them. */
async function writeResults(result: BenchResult, raw = true): Promise<void> {
  const docs = resolve(__dirname, '..', 'docs');
  // A thousandth of a millisecond or second is finer than anything measured here; the full
  // double (a dozen or more fraction digits) only adds digit runs that read like identity numbers.
  const rounded = (_key: string, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1000) / 1000 : value;
  const json = `${JSON.stringify(result, rounded, 2)}\n`;
  // Every run's raw figures stay beside the report; benchmarks.json is the latest.
  const rawFile = `bench-runs/${result.mode}-${result.when.slice(0, 10)}-${result.machine.commit}.json`;
  if (raw) {
    writeFileSync(resolve(docs, rawFile), json);
    writeFileSync(resolve(docs, 'benchmarks.json'), json);
  }
  const plotFile = 'images/benchmarks-scale.svg';
  writeFileSync(resolve(docs, plotFile), await renderSvg(scalePlotSpec(result)));
  const mdPath = resolve(docs, 'benchmarks.md');
  const previous = existsSync(mdPath) ? readFileSync(mdPath, 'utf8') : '';
  writeFileSync(mdPath, renderReport(result, previous, plotFile, rawFile));
}

async function main(): Promise<void> {
  // `--report`: draws the plot and the report again from docs/benchmarks.json, measuring nothing.
  if (process.argv.includes('--report')) {
    const latest = readFileSync(resolve(__dirname, '..', 'docs', 'benchmarks.json'), 'utf8');
    return writeResults(JSON.parse(latest) as BenchResult, false);
  }
  const started = Date.now();
  const sink = await timedSink();
  const measured: SubjectResult[] = [];
  try {
    const both = [subjects.baseline, subjects.forlopsvakt];
    for (const held of sizes.held)
      for (const subject of both) measured.push(await measure(subject, sink, held, 'tuned'));
    for (const subject of both) measured.push(await measure(subject, sink, sizes.plainAt, 'plain'));
  } finally {
    await sink.close();
  }
  const result: BenchResult = {
    mode: quick ? 'quick' : 'full',
    when: new Date().toISOString(),
    machine: machine(),
    sizes,
    // As the workers had them (bench/stack.ts).
    tuning: workerTuning(loadConfig(workerSettings())),
    pragmas: loadConfig({}).DEV_SQLITE_PRAGMAS,
    subjects: measured,
    history: [],
    historySeconds: 0,
  };
  // The load figures are written first: the simulation below can strand (bench/history.ts) or crash.
  await writeResults(result);
  log(`history cost: ${sizes.years} simulated years per course kind (time-skipping)`);
  const h0 = Date.now();
  // A call of a torn-down attempt can throw from its retry timer; the attempt is already given up.
  process.on('uncaughtException', (err) => log(`history cost: ${err.message} (an abandoned attempt)`));
  result.history = await historyCost(sizes.years).catch((err: Error) => {
    log(`history cost not measured: ${err.message}`);
    return [];
  });
  result.historySeconds = (Date.now() - h0) / 1000;
  await writeResults(result);
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
