// docs/benchmarks.md from one run's figures. The hand-written analysis between the notes markers
// of the previous file is kept, so a new run updates the tables without losing the reading of them.
import type { TopLevelSpec } from 'vega-lite/build/index';
import type { BenchResult, PhaseCpu, StartChunk, SubjectResult } from './run';

// Notes whose end marker was lost run to the end of the file: kept all the same, and closed again.
const NOTES = /<!-- notes -->([\s\S]*?)(?:<!-- \/notes -->|$)/;
const notesBlock = (body: string) => `<!-- notes -->${body.trimEnd()}\n<!-- /notes -->`;
const emptyNotes = notesBlock('\n_No analysis written yet for this run._');

const n = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const s = (ms: number) => `${n(ms / 1000, 2)} s`;

/** `each` of each pair of the two subjects' chunks or bursts, by place (`i`); none where a run kept none. */
const pairwise = <T, R>(base: T[] | undefined, ours: T[] | undefined, each: (b: T, o: T, i: number) => R): R[] =>
  base && ours && base.length === ours.length ? base.map((b, i) => each(b, ours[i]!, i)) : [];
/** The lowest and the highest of `ratios`, or a dash. */
const spread = (ratios: number[]): string =>
  ratios.length === 0 ? '–' : `${n(Math.min(...ratios), 2)}–${n(Math.max(...ratios), 2)}×`;
/** A chunk's starts per second. */
const rateOf = (c: StartChunk) => c.starts / c.startSeconds;
const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');

/** Forløpsvakt's run and the baseline's of the same size and SQLite settings. */
function pairs(r: BenchResult, sqlite: SubjectResult['sqlite']): [SubjectResult, SubjectResult][] {
  const of = (subject: SubjectResult['subject'], held: number) =>
    r.subjects.find((x) => x.subject === subject && x.held === held && x.sqlite === sqlite);
  return [...new Set(r.subjects.filter((x) => x.sqlite === sqlite).map((x) => x.held))].flatMap((held) => {
    const base = of('baseline', held);
    const ours = of('forlopsvakt', held);
    return base && ours ? [[base, ours] as [SubjectResult, SubjectResult]] : [];
  });
}

/** The plot of docs/benchmarks.md: worker RSS and burst p99 lag against the courses held, per subject. */
export function scalePlotSpec(r: BenchResult): TopLevelSpec {
  const values = r.subjects
    .filter((x) => x.sqlite === 'tuned')
    .flatMap((x) => [
      { subject: x.subject, held: x.held, measure: 'Worker RSS (MiB)', value: x.rssMiB.worker },
      { subject: x.subject, held: x.held, measure: 'Burst lag p99 (s)', value: x.burst.lagMs.p99 / 1000 },
    ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    background: 'white',
    data: { values },
    facet: { column: { field: 'measure', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 320,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'held', type: 'quantitative', scale: { type: 'log' }, title: 'Courses held' },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'subject', type: 'nominal', title: 'Subject' },
      },
    },
  };
}

/** How the subjects shared the machine: side by side taking turns, or (runs before turns) one after the other. */
function setUp(r: BenchResult): string {
  const { startChunks, burstRounds } = r.sizes;
  if (startChunks === undefined || burstRounds === undefined)
    return 'per subject and size a fresh dev server and one worker process, one subject after the other';
  return (
    'per size both subjects side by side, each on a fresh dev server with one worker process of its own, ' +
    "taking turns (baseline, Forløpsvakt, Forløpsvakt, baseline, and again) so that the machine's drift " +
    `weighs on both alike: the held set in ${startChunks} chunks a subject, each settled before the other's turn, ` +
    `then ${burstRounds} bursts a subject${r.sizes.plainAt === undefined ? '' : ' (one at the size without the pragmas)'}`
  );
}

/** A Markdown table of `rows` under `head` and `align`, or `none` when there is no row. */
const table = (head: string, align: string, rows: string[], none: string): string =>
  rows.length === 0 ? none : [head, align, ...rows].join('\n');

/** Each chunk of the held set against the other subject's chunk of the same place, for the runs that kept them. */
function chunksTable(r: BenchResult): string {
  const steal = (c: StartChunk) => (c.stealPercent === undefined ? '–' : `${n(c.stealPercent, 1)} %`);
  const rows = pairs(r, 'tuned').flatMap(([base, ours]) =>
    pairwise(
      base.chunks,
      ours.chunks,
      (b, o, i) =>
        `| ${n(ours.held)} | ${i + 1} | ${n(b.starts)} | ${n(rateOf(b), 1)} | ${n(rateOf(o), 1)} | ${n(rateOf(o) / rateOf(b), 2)}× | ${n(b.settledSeconds)} s | ${n(o.settledSeconds)} s | ${steal(b)} / ${steal(o)} |`,
    ),
  );
  return table(
    '| Held | Chunk | Starts | Baseline starts/s | Forløpsvakt starts/s | Ratio | Baseline settled after | Forløpsvakt settled after | Steal (baseline / Forløpsvakt) |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    rows,
    '_The chunks were not kept in this run._',
  );
}

/** Each burst on its own, in the order run, for the sizes whose subjects took turns. */
function roundsTable(r: BenchResult): string {
  const rows = r.subjects
    .flatMap((x) => (x.rounds ?? []).map((round, i) => ({ x, round, i })))
    .sort(
      (a, b) =>
        Number(a.x.sqlite === 'plain') - Number(b.x.sqlite === 'plain') ||
        a.x.held - b.x.held ||
        a.round.dueAt.localeCompare(b.round.dueAt),
    )
    .map(
      ({ x, round, i }) =>
        `| ${n(x.held)} | ${x.sqlite} | ${round.dueAt.slice(11, 19)} | ${x.subject} | ${i + 1} | ${round.delivered} | ${s(round.lagMs.p50)} | ${s(round.lagMs.p99)} | ${n(round.update.latencyMs.p99)} ms | ${n(round.cpu.stealPercent, 1)} % |`,
    );
  return table(
    '| Held | SQLite | Due (UTC) | Subject | Round | Delivered | Lag p50 | Lag p99 | Update p99 | Steal |',
    '| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    rows,
    '_One burst a subject in this run._',
  );
}

export function renderReport(r: BenchResult, previous: string, plotFile: string, rawFile: string): string {
  const tuned = pairs(r, 'tuned');
  const plain = pairs(r, 'plain');
  const row = (x: SubjectResult) =>
    `| ${x.subject} | ${n(x.held)} | ${n(x.workerStartSeconds, 1)} s | ${n(x.startsPerSecond, 1)} | ${n(x.settledSeconds)} s | ${x.rssMiB.workerIdle} → ${x.rssMiB.worker} | ${n(x.cachedWorkflows)} | ${n(x.mibPerCachedCourse, 2)} | ${x.rssMiB.server} | ${x.burst.delivered}/${x.burst.size} | ${s(x.burst.lagMs.p50)} | ${s(x.burst.lagMs.p99)} | ${s(x.burst.lagMs.max)} | ${n(x.update.latencyMs.p50)} ms | ${n(x.update.latencyMs.p99)} ms |`;
  const header =
    '| Subject | Held | Worker start | Starts/s | Settled after | Worker RSS idle → held (MiB) | Cached | MiB per cached course | Server RSS (MiB) | Burst delivered | Lag p50 | Lag p99 | Lag max | Update p50 | Update p99 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const ratio = (a: number, b: number) => a / b;
  const targets = tuned.flatMap(
    ([base, ours]) =>
      [
        [
          `${n(ours.held)}: settle time ≤ 1.3× the baseline`,
          ratio(ours.settledSeconds, base.settledSeconds),
          (x: number) => x <= 1.3,
          pairwise(base.chunks, ours.chunks, (b, o) => ratio(o.settledSeconds, b.settledSeconds)),
        ],
        [
          `${n(ours.held)}: burst p99 lag ≤ 1.2× the baseline`,
          ratio(ours.burst.lagMs.p99, base.burst.lagMs.p99),
          (x: number) => x <= 1.2,
          pairwise(base.rounds, ours.rounds, (b, o) => ratio(o.lagMs.p99, b.lagMs.p99)),
        ],
        [
          `${n(ours.held)}: \`recordEvent\` p99 ≤ 1.5× a bare update`,
          ratio(ours.update.latencyMs.p99, base.update.latencyMs.p99),
          (x: number) => x <= 1.5,
          pairwise(base.rounds, ours.rounds, (b, o) => ratio(o.update.latencyMs.p99, b.update.latencyMs.p99)),
        ],
        [
          `${n(ours.held)}: start rate ≥ 0.9× the baseline`,
          ratio(ours.startsPerSecond, base.startsPerSecond),
          (x: number) => x >= 0.9,
          // Rates: starts per second of each chunk.
          pairwise(base.chunks, ours.chunks, (b, o) => ratio(rateOf(o), rateOf(b))),
        ],
        [
          `${n(ours.held)}: worker RSS ≤ 1.5× the baseline`,
          ratio(ours.rssMiB.worker, base.rssMiB.worker),
          (x: number) => x <= 1.5,
          [],
        ],
      ] as [string, number, (x: number) => boolean, number[]][],
  );
  const forensic = r.history.find((h) => h.scenario.startsWith('forensic-tud, one-year'));
  const found = NOTES.exec(previous);
  const kept = found ? notesBlock(found[1]!) : emptyNotes;
  const sqliteRow = (x: SubjectResult) =>
    `| ${x.subject} | ${x.sqlite} | ${n(x.held)} | ${n(x.startsPerSecond, 1)} | ${n(x.settledSeconds)} s | ${s(x.burst.lagMs.p99)} | ${n(x.update.latencyMs.p99)} ms |`;
  const atPlain = r.subjects.filter((x) => x.held === r.sizes.plainAt);
  // CPU milliseconds per unit of work (a start, a burst deadline), by process.
  const perUnit = (p: PhaseCpu, units: number) =>
    `${n((1000 * p.workerSeconds) / units, 2)} | ${n((1000 * p.serverSeconds) / units, 2)} | ${n((1000 * p.benchSeconds) / units, 2)} | ${n(p.stealPercent, 1)} %`;
  const cpuRows = r.subjects.flatMap((x) =>
    x.cpu
      ? [
          `| ${x.subject} | ${x.sqlite} | ${n(x.held)} | ${perUnit(x.cpu.start, x.held)} | ${perUnit(x.cpu.burst, x.burst.size)} |`,
        ]
      : [],
  );
  return `# Benchmarks

How many courses one machine carries, and how late a reminder can be. The figures
below come from one real run, written by \`npm run bench${{ quick: ' -- --quick', held: ` -- --held ${r.sizes.held[0]}`, full: '' }[r.mode]}\`; its raw figures are in
[\`${rawFile}\`](${rawFile}) (also [\`benchmarks.json\`](benchmarks.json), the latest run). Numbers live here, never in a timed test.

- **When:** ${r.when} (${r.mode} run), commit \`${r.machine.commit}\`
- **Machine:** ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, ${r.machine.os}
- **Versions:** Node ${r.machine.node}, Temporal TypeScript SDK ${r.machine.sdk}, ${r.machine.temporalCli} (dev server, SQLite file)
- **Set-up:** ${setUp(r)}, both workers with
  Forløpsvakt's default tuning (worker/tuning.ts: ${n(r.tuning.maxCachedWorkflows)} cached workflows,
  ${r.tuning.maxConcurrentWorkflowTaskExecutions} concurrent workflow tasks, ${r.tuning.workflowThreadPoolSize} workflow thread(s)${r.tuning.stickyQueueScheduleToStartTimeout ? `, sticky timeout ${n(Number(r.tuning.stickyQueueScheduleToStartTimeout) / 1000)} s` : ''}); reminders over
  SMTP (nodemailer, one connection per message) to a sink on loopback that notes when each arrived.
  Starts with ${r.sizes.startConcurrency} in flight; ${r.sizes.updatesPerSecond} updates per second during the burst, sent whatever the answers.

## Scale and deadline burst

The baseline is the Temporal samples' pattern: a workflow that only sleeps until its due instant
and then calls one activity that sends one e-mail over the same SMTP sender; its update handler
only counts, the like-for-like partner of \`recordEvent\`. Forløpsvakt's held set mixes the four
course kinds under the three agreement profiles; its burst courses are admission-discharge courses
whose admission is back-dated so that ADM-STATUS falls due at the same instant for all of them.
Lag = the sink's acceptance of the reminder minus its due instant. The dev server runs with its
default SQLite pragmas (\`${r.pragmas}\`).

${header}
${tuned.flatMap(([base, ours]) => [row(base), row(ours)]).join('\n')}

RSS is read when every held workflow waits on its timers (after the start phase settled); the
idle figure before the first start. Lag and update percentiles take every burst of the subject
together. Updates: round trips from the client on held workflows during the bursts
(\`recordEvent\` for Forløpsvakt).

![Worker RSS and burst p99 lag against courses held](${plotFile})

### Each chunk of the held set

Chunk by chunk with the pragmas, each subject's chunk against the other's of the same place in the
turns; steal is the share of the machine's CPU time the hypervisor gave to other guests while the
chunk was started and settled (/proc/stat).

${chunksTable(r)}

### Each burst

In the order run; steal is the share of the machine's CPU time the hypervisor gave to other guests
during the burst (/proc/stat).

${roundsTable(r)}

## The dev server's SQLite pragmas

The smallest size, on one run: the dev server with SQLite's own defaults (\`plain\`) and with
\`${r.pragmas}\` (\`tuned\`, the default of \`npm run dev\` and of this bench).

| Subject | SQLite | Held | Starts/s | Settled after | Burst lag p99 | Update p99 |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
${atPlain.map(sqliteRow).join('\n')}
${plain.length === 0 ? '\n_Not measured in this run._\n' : ''}
## Work per deadline

What one burst deadline cost each workflow (mean of ${r.sizes.sampled} sampled workflows a burst), from
its timer firing until it waited again: history events, workflow tasks and activities.

| Subject | Held | Events | Workflow tasks | Activities |
| --- | ---: | ---: | ---: | ---: |
${tuned
  .flatMap((p) => p)
  .map(
    (x) =>
      `| ${x.subject} | ${n(x.held)} | ${n(x.perDeadline.events, 1)} | ${n(x.perDeadline.workflowTasks, 1)} | ${n(x.perDeadline.activities, 1)} |`,
  )
  .join('\n')}

## Where the CPU went

CPU milliseconds by process: per start in the start phase (until the worker settled), and per
deadline in the bursts (each from 2 s before its due instant until the last reminder arrived and
the updates were answered, so the updates' work is in it). The bench process is the client and the SMTP
sink. Steal is the share of the machine's CPU time the hypervisor gave to other guests meanwhile
(/proc/stat): where it is high, the run was disturbed and its ratios say less.

${table(
  '| Subject | SQLite | Held | Start: worker | server | bench | steal | Burst: worker | server | bench | steal |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  cpuRows,
  '_Not measured in this run._',
)}

## Same-run ratios (this ${r.machine.cpus}-core machine)

The ratio of the run, and the same ratio pair by pair: each chunk of the held set against the
other subject's chunk of the same place in the turns, each burst against the other's burst of the
same round (the spread within one run, where a missed target may be the machine's drift).

| Target | Forløpsvakt ÷ baseline | Pair by pair | |
| --- | ---: | ---: | --- |
${targets.map(([label, x, ok, pairs]) => `| ${label} | ${n(x, 2)}× | ${spread(pairs)} | ${verdict(ok(x))} |`).join('\n')}

## History cost

Each scenario simulated for ${r.sizes.years} years on the time-skipping test server (${n(r.historySeconds)} s), with a
care team that meets its obligations on time; every history event of every run is counted in the
course-year it falls in.

| Scenario | Events per course-year (year 1 … ${r.sizes.years}) | Busiest year | Mean | Runs (continue-as-new) | Largest run |
| --- | --- | ---: | ---: | ---: | ---: |
${r.history.map((h) => `| ${h.scenario} | ${h.eventsPerYear.join(', ')} | ${h.busiestYear} | ${h.meanPerYear} | ${h.runs} | ${h.largestRun} |`).join('\n')}

Where the busiest forensic-TUD year's events go: ${
    forensic
      ? Object.entries(forensic.busiestYearByType)
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k.toLowerCase()} ${v}`)
          .join(', ')
      : 'n/a'
  }.

## Reading the figures

${kept}
`;
}
