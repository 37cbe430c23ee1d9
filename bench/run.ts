// `npm run bench [-- --quick]`: how many courses one machine carries and how late a reminder can
// be, measured against a bare sleep-and-one-activity workflow in the same run.
// On each size both subjects run side by side, each on a fresh dev server (SQLite file under
// data/bench/) with one worker process, and take turns; reminders go over SMTP to a sink on
// loopback that notes when each arrived.
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
/** `--held <n>`: one size of the full run on its own (its phase with the pragmas), to measure it again. */
const heldOption = process.argv.indexOf('--held');
const onlyHeld = heldOption > 0 ? Number(process.argv[heldOption + 1]) : undefined;
if (onlyHeld !== undefined && !(Number.isInteger(onlyHeld) && onlyHeld >= 100))
  throw new Error(`--held: a whole number of courses, at least 100, not ${process.argv[heldOption + 1]}`);
// The quick mode (CI, minutes) keeps every phase but holds one small set. The full run holds each
// size on fresh servers, both subjects side by side taking turns, with the dev server's SQLite
// pragmas (the default, config DEV_SQLITE_PRAGMAS); the smallest size runs once more without them,
// with one burst a subject.
export const sizes = {
  ...(quick
    ? { held: [500], plainAt: 500, burst: 500 }
    : onlyHeld
      ? { held: [onlyHeld], plainAt: undefined, burst: 1_000 }
      : { held: [1_000, 10_000, 50_000], plainAt: 1_000, burst: 1_000 }),
  burstRounds: 2,
  startChunks: 4,
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
  /** Spent starting the held set: the sum over its chunks (`sizes.startChunks`; one chunk in runs before them). */
  startSeconds: number;
  startsPerSecond: number;
  /** From the first start until the worker had nothing left to do: the sum over the chunks, each from its first start. */
  settledSeconds: number;
  /** `workerIdle`: the worker polling with nothing cached, before the first start. */
  rssMiB: { workerIdle: number; worker: number; server: number };
  cachedWorkflows: number;
  /** (worker RSS with the held set − idle RSS) / workflows in the cache. */
  mibPerCachedCourse: number;
  /** Every round's deadlines together (`rounds`): `size` and `delivered` are totals, `dueAt` the first round's. */
  burst: { size: number; dueAt: string; settledBeforeDue: boolean; delivered: number; lagMs: Percentiles };
  /** Update round trips on held workflows during the bursts: `recordEvent`, or the baseline's trivial update. */
  update: { calls: number; failed: number; latencyMs: Percentiles };
  /** What one burst deadline cost a sample of its workflows, from its timer firing until they waited again. */
  perDeadline: { sampled: number; events: number; workflowTasks: number; activities: number };
  /** CPU time of the start phase (until settled) and of the bursts (each from 2 s before its due instant until the updates were answered); absent from runs before it was measured. */
  cpu?: { start: PhaseCpu; burst: PhaseCpu };
  /** Each burst on its own, in the order run; absent from runs with one burst a subject, before turns. */
  rounds?: BurstRound[];
  /** Each chunk of the held set on its own, in the order run; absent from runs before they were kept. */
  chunks?: StartChunk[];
}
/** One chunk of the held set: how long its starts took, and until the worker settled after its first start. */
export interface StartChunk {
  starts: number;
  startSeconds: number;
  settledSeconds: number;
  /** The machine's steal meanwhile (`PhaseCpu`); absent in runs before it was kept. */
  stealPercent?: number;
}
/** One burst of `sizes.burst` deadlines and the updates sent while it ran. */
export interface BurstRound {
  dueAt: string;
  settledBeforeDue: boolean;
  delivered: number;
  lagMs: Percentiles;
  update: SubjectResult['update'];
  cpu: PhaseCpu;
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
  /** `held`: one size of the full run (`--held`). */
  mode: 'quick' | 'full' | 'held';
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
  /** Runs before the subjects took turns had neither `burstRounds` nor `startChunks`: one of each. */
  sizes: Omit<typeof sizes, 'burstRounds' | 'startChunks'> & Partial<Pick<typeof sizes, 'burstRounds' | 'startChunks'>>;
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
export async function pool<T>(n: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
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

/** Adds up the CPU time of several spells of one phase; steal weighed by their wall time. */
function addCpu(a: PhaseCpu | undefined, b: PhaseCpu): PhaseCpu {
  if (!a) return b;
  const wallSeconds = a.wallSeconds + b.wallSeconds;
  return {
    wallSeconds,
    workerSeconds: a.workerSeconds + b.workerSeconds,
    serverSeconds: a.serverSeconds + b.serverSeconds,
    benchSeconds: a.benchSeconds + b.benchSeconds,
    stealPercent: (a.stealPercent * a.wallSeconds + b.stealPercent * b.wallSeconds) / Math.max(1e-9, wallSeconds),
  };
}

/**
 * Whose turn it is, `n` turns each: baseline, Forløpsvakt, Forløpsvakt, baseline, and again. This
 * shared machine runs faster or slower from one quarter of an hour to the next (docs/benchmarks.md);
 * in this order a drift weighs on both subjects alike.
 */
export const turns = (n: number): number[] => Array.from({ length: 2 * n }, (_, j) => [0, 1, 1, 0][j % 4]!);

/** One subject's side of a size: its stack, the held workflows, and what was measured of them so far. */
interface Side {
  subject: Subject;
  stack: Stack;
  ids: string[];
  startCpu?: PhaseCpu;
  chunks: StartChunk[];
  rounds: BurstRound[];
  lags: number[];
  latencies: number[];
  /** The sampled burst workflows' history since their burst was started, summed over the rounds. */
  sampledCost: SubjectResult['perDeadline'];
}

/** The side's time starting its held set and until each chunk settled, summed over its chunks. */
const spent = ({ chunks }: Side) => ({
  startSeconds: chunks.reduce((sum, c) => sum + c.startSeconds, 0),
  settledSeconds: chunks.reduce((sum, c) => sum + c.settledSeconds, 0),
});

/**
 * One size, both subjects side by side: each on a fresh dev server and worker of its own, taking
 * turns (`turns`). The held set is started in `sizes.startChunks` chunks a subject, each left to
 * settle before the other subject's turn; then `rounds` bursts a subject.
 */
async function measureSize(
  sink: TimedSink,
  held: number,
  sqlite: SubjectResult['sqlite'],
  rounds: number,
): Promise<SubjectResult[]> {
  // Burst keys repeat between sizes: only this size's acceptances count.
  sink.acceptedAt.clear();
  const sides: Side[] = [];
  const label = (side: Side) => `${side.subject.name} ${held.toLocaleString('en-US')} (${sqlite})`;
  try {
    for (const [slot, subject] of [subjects.baseline, subjects.forlopsvakt].entries())
      sides.push({
        subject,
        stack: await startStack(subject, sink.port, sqlite, slot),
        ids: [],
        chunks: [],
        rounds: [],
        lags: [],
        latencies: [],
        sampledCost: { sampled: 0, events: 0, workflowTasks: 0, activities: 0 },
      });
    const workerIdle = sides.map((side) => side.stack.rssMiB().worker);

    // 1. Scale: start the held set, chunk by chunk, each chunk until every workflow waits on its timers.
    const chunk = Math.ceil(held / sizes.startChunks);
    log(`${held.toLocaleString('en-US')} (${sqlite}): starting, ${sizes.startChunks} chunks a subject in turn`);
    for (const turn of turns(sizes.startChunks)) {
      const side = sides[turn]!;
      const { subject, stack } = side;
      const from = side.ids.length;
      const starts = Math.min(chunk, held - from);
      const t0 = Date.now();
      const meter = cpuMeter(stack);
      side.ids.push(
        ...(await pool(starts, sizes.startConcurrency, (i) => subject.startHeld(stack.client, stack.config, from + i))),
      );
      const startSeconds = (Date.now() - t0) / 1000;
      const settledSeconds = ((await stack.settled(30 * 60_000)) - t0) / 1000;
      const cpu = meter();
      side.chunks.push({ starts, startSeconds, settledSeconds, stealPercent: cpu.stealPercent });
      side.startCpu = addCpu(side.startCpu, cpu);
    }
    const scale: Pick<SubjectResult, 'rssMiB' | 'cachedWorkflows' | 'mibPerCachedCourse'>[] = [];
    for (const [i, side] of sides.entries()) {
      const rssMiB = { workerIdle: workerIdle[i]!, ...side.stack.rssMiB() };
      const { cachedWorkflows } = await side.stack.workerStatus();
      const mibPerCachedCourse = (rssMiB.worker - rssMiB.workerIdle) / Math.max(1, cachedWorkflows);
      const { startSeconds, settledSeconds } = spent(side);
      log(
        `${label(side)}: ${(held / startSeconds).toFixed(1)} starts/s, settled after ${settledSeconds.toFixed(0)} s, RSS worker ${rssMiB.worker} MiB (idle ${rssMiB.workerIdle}, ${cachedWorkflows} cached, ${mibPerCachedCourse.toFixed(2)} MiB each), server ${rssMiB.server} MiB`,
      );
      scale.push({ rssMiB, cachedWorkflows, mibPerCachedCourse });
    }

    // 2. Bursts, in turn.
    for (const turn of turns(rounds)) await burstRound(sink, sides[turn]!, held, label(sides[turn]!));

    return sides.map((side, i): SubjectResult => {
      const all = side.rounds;
      const { startSeconds, settledSeconds } = spent(side);
      return {
        subject: side.subject.name,
        sqlite,
        held,
        workerStartSeconds: side.stack.workerStartSeconds,
        startSeconds,
        startsPerSecond: held / startSeconds,
        settledSeconds,
        ...scale[i]!,
        burst: {
          size: sizes.burst * all.length,
          dueAt: all[0]!.dueAt,
          settledBeforeDue: all.every((r) => r.settledBeforeDue),
          delivered: side.lags.length,
          lagMs: percentiles(side.lags),
        },
        update: {
          calls: side.latencies.length,
          failed: all.reduce((sum, r) => sum + r.update.failed, 0),
          latencyMs: percentiles(side.latencies),
        },
        perDeadline: perDeadlineOf(side.sampledCost),
        cpu: { start: side.startCpu!, burst: all.map((r) => r.cpu).reduce<PhaseCpu | undefined>(addCpu, undefined)! },
        rounds: all,
        chunks: side.chunks,
      };
    });
  } finally {
    for (const side of sides) await side.stack.stop();
  }
}

/** Sums over the sampled workflows, as a mean per workflow (per deadline). */
const perDeadlineOf = ({ sampled, events, workflowTasks, activities }: SubjectResult['perDeadline']) => ({
  sampled,
  events: events / sampled,
  workflowTasks: workflowTasks / sampled,
  activities: activities / sampled,
});

/**
 * One burst on `side`: `sizes.burst` deadlines at the same instant, far enough ahead that starting
 * them (and the heads-ups their back-dated admissions send at once) is done before it, and updates
 * on held workflows while it runs. Adds the round to `side`.
 */
async function burstRound(sink: TimedSink, side: Side, held: number, label: string): Promise<void> {
  const { subject, stack, ids } = side;
  const round = side.rounds.length;
  // A later round goes on through the held set where the last one stopped.
  const sentBefore = side.rounds.reduce((sum, r) => sum + r.update.calls + r.update.failed, 0);
  const lead = 15_000 + 2_000 * spent(side).settledSeconds * (sizes.burst / held);
  const dueAt = new Date(Date.now() + lead);
  const keys = await pool(sizes.burst, sizes.startConcurrency, (i) =>
    subject.startBurst(stack.client, stack.config, round * sizes.burst + i, dueAt),
  );
  const settledBeforeDue = await stack.settled(dueAt.getTime() - Date.now() - 2_000).then(
    () => true,
    () => false,
  );
  log(
    `${label}: round ${round + 1}, ${sizes.burst} deadlines at ${dueAt.toISOString()}${settledBeforeDue ? '' : ' (the worker was still busy with the burst starts)'}`,
  );
  const sample = keys.slice(0, sizes.sampled).map((k) => k.split('/')[0]!);
  const before = await Promise.all(
    sample.map(async (id) => Number((await stack.client.workflow.getHandle(id).describe()).historyLength)),
  );
  await sleep(dueAt.getTime() - Date.now() - 2_000);
  const burstCpu = cpuMeter(stack);

  // Update latency while the burst runs, on held workflows, until the burst is delivered. Sent at a
  // fixed rate whatever the answers (open loop), so both subjects carry the same load; each latency
  // counts from when its update was due to be sent, a queue behind a slow answer included.
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
      const sent = sendUpdate(sentBefore + sentUpdates, due(sentUpdates));
      inFlight.add(sent);
      void sent.finally(() => inFlight.delete(sent));
    }
  }, 10);
  const give = dueAt.getTime() + 10 * 60_000;
  while (keys.some((k) => !sink.acceptedAt.has(k)) && Date.now() < give) await sleep(200);
  clearInterval(pacer);
  await Promise.all(inFlight);
  const cpu = burstCpu();

  // What the deadline cost: the sampled workflows' history since the burst was started.
  await stack.settled(10 * 60_000);
  const type = temporal.api.enums.v1.EventType;
  let [events, workflowTasks, activities] = [0, 0, 0];
  for (const [i, id] of sample.entries()) {
    const { events: all } = await stack.client.workflow.getHandle(id).fetchHistory();
    const since = (all ?? []).filter((e) => Number(e.eventId) > before[i]!);
    events += since.length;
    workflowTasks += since.filter((e) => e.eventType === type.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).length;
    activities += since.filter((e) => e.eventType === type.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED).length;
  }
  const cost = side.sampledCost;
  side.sampledCost = {
    sampled: cost.sampled + sample.length,
    events: cost.events + events,
    workflowTasks: cost.workflowTasks + workflowTasks,
    activities: cost.activities + activities,
  };
  const lags = keys.flatMap((k) => (sink.acceptedAt.has(k) ? [sink.acceptedAt.get(k)! - dueAt.getTime()] : []));
  side.lags.push(...lags);
  side.latencies.push(...latencies);
  const result: BurstRound = {
    dueAt: dueAt.toISOString(),
    settledBeforeDue,
    delivered: lags.length,
    lagMs: percentiles(lags),
    update: { calls: latencies.length, failed, latencyMs: percentiles(latencies) },
    cpu,
  };
  side.rounds.push(result);
  log(
    `${label}: round ${round + 1} delivered ${lags.length}/${keys.length}, lag p99 ${result.lagMs.p99} ms, update p99 ${result.update.latencyMs.p99.toFixed(0)} ms over ${latencies.length} calls, ${(events / sample.length).toFixed(1)} events and ${(workflowTasks / sample.length).toFixed(1)} workflow tasks per deadline`,
  );
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
  // Every run's raw figures stay beside the report; benchmarks.json is the latest. A held run names
  // its size: two sizes measured on one commit keep a file each.
  const size = result.mode === 'held' ? `-${result.sizes.held.join('-')}` : '';
  const rawFile = `bench-runs/${result.mode}-${result.when.slice(0, 10)}-${result.machine.commit}${size}.json`;
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
    for (const held of sizes.held) measured.push(...(await measureSize(sink, held, 'tuned', sizes.burstRounds)));
    if (sizes.plainAt !== undefined) measured.push(...(await measureSize(sink, sizes.plainAt, 'plain', 1)));
  } finally {
    await sink.close();
  }
  const result: BenchResult = {
    mode: quick ? 'quick' : onlyHeld ? 'held' : 'full',
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
