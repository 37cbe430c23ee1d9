// docs/benchmarks.md from one run's figures. The hand-written analysis between the notes markers
// of the previous file is kept, so a new run updates the tables without losing the reading of them.
import type { BenchResult, SubjectResult } from './run';

const NOTES = /<!-- notes -->[\s\S]*?<!-- \/notes -->/;
const emptyNotes = '<!-- notes -->\n_No analysis written yet for this run._\n<!-- /notes -->';

const n = (x: number, digits = 0) =>
  Number.isFinite(x)
    ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
const s = (ms: number) => `${n(ms / 1000, 2)} s`;
const verdict = (ok: boolean) => (ok ? '**met**' : '**missed**');

export function renderReport(r: BenchResult, previous: string): string {
  const base = r.subjects.find((x) => x.subject === 'baseline')!;
  const ours = r.subjects.find((x) => x.subject === 'forlopsvakt')!;
  const forensic = r.history.find((h) => h.scenario.startsWith('forensic-tud, one-year'));
  const row = (x: SubjectResult) =>
    `| ${x.subject} | ${n(x.held)} | ${n(x.startsPerSecond, 1)} | ${n(x.settledSeconds)} s | ${x.rssMiB.worker} | ${x.rssMiB.server} | ${x.burst.delivered}/${x.burst.size} | ${s(x.burst.lagMs.p50)} | ${s(x.burst.lagMs.p95)} | ${s(x.burst.lagMs.p99)} | ${s(x.burst.lagMs.max)} |`;
  const startRatio = ours.startsPerSecond / base.startsPerSecond;
  const lagRatio = ours.burst.lagMs.p99 / base.burst.lagMs.p99;
  const targets = [
    [
      '10,000 active courses held',
      `${n(ours.held)} started and waiting on their timers`,
      r.mode === 'full' ? verdict(ours.held >= 10_000) : 'not measured (quick run)',
    ],
    ['start rate ≥ 0.7× the baseline', `${n(startRatio, 2)}×`, verdict(startRatio >= 0.7)],
    [
      'burst p99 lag < 10 s',
      s(ours.burst.lagMs.p99),
      verdict(ours.burst.lagMs.p99 < 10_000 && ours.burst.delivered === ours.burst.size),
    ],
    ['burst p99 lag ≤ 1.5× the baseline', `${n(lagRatio, 2)}×`, verdict(lagRatio <= 1.5)],
    [
      '`recordEvent` p99 < 250 ms during the burst',
      `${n(ours.recordEvent?.latencyMs.p99 ?? NaN)} ms`,
      verdict((ours.recordEvent?.latencyMs.p99 ?? Infinity) < 250),
    ],
    [
      '< 500 history events per course-year, forensic-TUD busiest year',
      `${forensic?.busiestYear ?? 'n/a'}`,
      verdict((forensic?.busiestYear ?? Infinity) < 500),
    ],
  ];
  const kept = NOTES.exec(previous)?.[0] ?? emptyNotes;
  return `# Benchmarks

How many courses one machine carries, and how late a reminder can be. The figures
below come from one real run, written by \`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\`; the raw figures are in
[\`benchmarks.json\`](benchmarks.json) beside this file. Numbers live here, never in a timed test.

- **When:** ${r.when} (${r.mode} run), commit \`${r.machine.commit}\`
- **Machine:** ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, ${r.machine.os}
- **Versions:** Node ${r.machine.node}, Temporal TypeScript SDK ${r.machine.sdk}, ${r.machine.temporalCli} (dev server, SQLite file)
- **Set-up:** per subject a fresh dev server and one worker process with default tuning; reminders over
  SMTP (nodemailer, one connection per message) to a sink on loopback that notes when each arrived.
  Starts with ${r.sizes.startConcurrency} in flight; ${r.sizes.eventLoops} \`recordEvent\` callers during the burst.

## Scale and deadline burst

The baseline is the Temporal samples' pattern: a workflow that only sleeps until its due instant
and then calls one activity that sends one e-mail over the same SMTP sender. Forløpsvakt's held
set mixes the four course kinds under the three agreement profiles; its burst courses are
admission-discharge courses whose admission is back-dated so that ADM-STATUS falls due at the
same instant for all of them. Lag = the sink's acceptance of the reminder minus its due instant.

| Subject | Held | Starts/s | Settled after | Worker RSS (MiB) | Server RSS (MiB) | Burst delivered | Lag p50 | Lag p95 | Lag p99 | Lag max |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${row(base)}
${row(ours)}

RSS is read when every held workflow waits on its timers (after the start phase settled).
${ours.recordEvent ? `\`recordEvent\` (the update round trip, from the client) during the burst: ${n(ours.recordEvent.calls)} calls, ${ours.recordEvent.failed} failed, p50 ${n(ours.recordEvent.latencyMs.p50)} ms, p95 ${n(ours.recordEvent.latencyMs.p95)} ms, p99 ${n(ours.recordEvent.latencyMs.p99)} ms, max ${n(ours.recordEvent.latencyMs.max)} ms.` : ''}

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

## Targets (this ${r.machine.cpus}-core machine)

| Target | Measured | |
| --- | --- | --- |
${targets.map((t) => `| ${t.join(' | ')} |`).join('\n')}

## Reading the figures

${kept}
`;
}
