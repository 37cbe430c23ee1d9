// The bench report keeps the hand-written reading of the figures across runs (bench/report.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from '../bench/report';
import { turns, type BenchResult, type BurstRound } from '../bench/run';

// A real run's figures: the latest one committed beside the report.
const run = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'benchmarks.json'), 'utf8')) as BenchResult;
const render = (previous: string, figures: BenchResult = run) =>
  renderReport(figures, previous, 'plot.svg', 'run.json');
const reading = 'The burst was late because of the updates.';

describe('bench report notes', () => {
  test('notes between their markers are kept as written', () => {
    const report = render(`# Old\n\n<!-- notes -->\n\n${reading}\n<!-- /notes -->\n`);
    expect(report).toContain(`<!-- notes -->\n\n${reading}\n<!-- /notes -->`);
    expect(report).not.toContain('No analysis written yet');
  });

  test('notes whose end marker was lost are kept to the end of the file and closed again', () => {
    const report = render(`# Old\n\n<!-- notes -->\n\n${reading}\n\nA second paragraph.\n`);
    expect(report).toContain(`<!-- notes -->\n\n${reading}\n\nA second paragraph.\n<!-- /notes -->`);
  });

  test('a report without notes gets the placeholder, and the new tables', () => {
    const report = render('# Old\n');
    expect(report).toContain('<!-- notes -->\n_No analysis written yet for this run._\n<!-- /notes -->');
    expect(report).toContain(`commit \`${run.machine.commit}\``);
  });
});

describe('bench report of one size (`npm run bench -- --held N`)', () => {
  test('names its command and the sticky timeout, and says the pragmas were not compared', () => {
    const tuned = run.subjects.filter((x) => x.sqlite === 'tuned' && x.held === run.sizes.held.at(-1));
    const oneSize: BenchResult = {
      ...run,
      mode: 'held',
      sizes: { ...run.sizes, held: [tuned[0]!.held], plainAt: undefined },
      tuning: { ...run.tuning, stickyQueueScheduleToStartTimeout: 300_000 },
      subjects: tuned,
    };
    const report = render('', oneSize);
    expect(report).toContain(`written by \`npm run bench -- --held ${tuned[0]!.held}\``);
    expect(report).toContain('sticky timeout 300 s');
    expect(report).not.toContain('without the pragmas)');
    expect(report).toMatch(/## The dev server's SQLite pragmas[^#]*_Not measured in this run._/);
  });
});

describe('bench report CPU table', () => {
  const phase = (workerSeconds: number, serverSeconds: number) => ({
    wallSeconds: 60,
    workerSeconds,
    serverSeconds,
    benchSeconds: 2,
    stealPercent: 4.25,
  });

  test('a run without CPU figures says so instead of an empty table', () => {
    const withoutCpu = { ...run, subjects: run.subjects.map(({ cpu: _cpu, ...x }) => x) };
    const report = render('', withoutCpu);
    expect(report).toContain('## Where the CPU went');
    expect(report).toContain('_Not measured in this run._');
  });

  test('CPU seconds become milliseconds per start and per burst deadline', () => {
    const [first, ...rest] = run.subjects;
    const measured = { ...first!, cpu: { start: phase(7, 18), burst: phase(9, 10) } };
    const report = render('', { ...run, subjects: [measured, ...rest] });
    const perStart = (seconds: number) => ((1000 * seconds) / measured.held).toFixed(2);
    const perDeadline = (seconds: number) => ((1000 * seconds) / measured.burst.size).toFixed(2);
    expect(report).toContain(
      `| ${measured.subject} | ${measured.sqlite} | ${measured.held.toLocaleString('en-US')} | ${perStart(7)} | ${perStart(18)} | ${perStart(2)} | 4.3 % | ${perDeadline(9)} | ${perDeadline(10)} | ${perDeadline(2)} | 4.3 % |`,
    );
  });
});

describe('bench turns', () => {
  test('the subjects take turns baseline, Forløpsvakt, Forløpsvakt, baseline, each as often', () => {
    expect(turns(1)).toEqual([0, 1]);
    expect(turns(2)).toEqual([0, 1, 1, 0]);
    expect(turns(4)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
    expect(turns(3).filter((t) => t === 1)).toHaveLength(3);
  });
});

describe('bench report bursts', () => {
  const percentilesOf = (p99: number) => ({ p50: p99 / 2, p95: p99, p99, max: p99 });
  const round = (dueAt: string, p99: number): BurstRound => ({
    dueAt,
    settledBeforeDue: true,
    delivered: 500,
    lagMs: percentilesOf(p99),
    update: { calls: 100, failed: 0, latencyMs: percentilesOf(2 * p99) },
    cpu: { wallSeconds: 30, workerSeconds: 5, serverSeconds: 9, benchSeconds: 1, stealPercent: 2.5 },
  });

  test('a run from before the subjects took turns says they ran one after the other', () => {
    const { burstRounds: _r, startChunks: _c, ...before } = run.sizes;
    const report = render('', { ...run, sizes: before, subjects: run.subjects.map(({ rounds: _x, ...x }) => x) });
    expect(report).toContain('one subject after the other');
    expect(report).toContain('_One burst a subject in this run._');
  });

  test('each burst is listed in the order run, with its own lag and update p99', () => {
    const [base, ours] = run.subjects.filter((x) => x.sqlite === 'tuned' && x.held === run.subjects[0]!.held);
    const turnsRun = {
      ...run,
      sizes: { ...run.sizes, burstRounds: 2, startChunks: 4 },
      subjects: [
        { ...base!, rounds: [round('2026-12-02T05:00:00.000Z', 7000), round('2026-12-02T05:09:00.000Z', 9000)] },
        { ...ours!, rounds: [round('2026-12-02T05:03:00.000Z', 8000), round('2026-12-02T05:06:00.000Z', 6000)] },
      ],
    };
    const report = render('', turnsRun);
    expect(report).toContain('the held set in 4 chunks a subject');
    const held = base!.held.toLocaleString('en-US');
    const rows = report.split('\n').filter((line) => line.startsWith(`| ${held} | tuned | 05:`));
    expect(rows).toEqual([
      `| ${held} | tuned | 05:00:00 | baseline | 1 | 500 | 3.50 s | 7.00 s | 14,000 ms | 2.5 % |`,
      `| ${held} | tuned | 05:03:00 | forlopsvakt | 1 | 500 | 4.00 s | 8.00 s | 16,000 ms | 2.5 % |`,
      `| ${held} | tuned | 05:06:00 | forlopsvakt | 2 | 500 | 3.00 s | 6.00 s | 12,000 ms | 2.5 % |`,
      `| ${held} | tuned | 05:09:00 | baseline | 2 | 500 | 4.50 s | 9.00 s | 18,000 ms | 2.5 % |`,
    ]);
  });

  test('the ratio table gives each ratio pair by pair: chunk against chunk, burst against burst', () => {
    const [base, ours] = run.subjects.filter((x) => x.sqlite === 'tuned' && x.held === run.subjects[0]!.held);
    const chunk = (starts: number, startSeconds: number, settledSeconds: number, stealPercent?: number) => ({
      starts,
      startSeconds,
      settledSeconds,
      ...(stealPercent === undefined ? {} : { stealPercent }),
    });
    const paired = {
      ...run,
      subjects: [
        {
          ...base!,
          chunks: [chunk(250, 2, 10, 1.25), chunk(250, 2.5, 10)],
          rounds: [round('2026-12-02T05:00:00.000Z', 7000), round('2026-12-02T05:09:00.000Z', 9000)],
        },
        {
          ...ours!,
          chunks: [chunk(250, 2.5, 12, 14), chunk(250, 2.5, 9)],
          rounds: [round('2026-12-02T05:03:00.000Z', 8000), round('2026-12-02T05:06:00.000Z', 6000)],
        },
      ],
    };
    const report = render('', paired);
    const held = base!.held.toLocaleString('en-US');
    const cell = (target: string) =>
      report
        .split('\n')
        .find((line) => line.startsWith(`| ${held}: ${target}`))!
        .split(' | ')[2];
    // Start rate: 100 against 125 starts/s, then 100 against 100.
    expect(cell('start rate')).toBe('0.80–1.00×');
    expect(cell('settle time')).toBe('0.90–1.20×');
    // Bursts by round: 8 s against 7 s, 6 s against 9 s.
    expect(cell('burst p99')).toBe('0.67–1.14×');
    expect(cell('`recordEvent`')).toBe('0.67–1.14×');
    expect(cell('worker RSS')).toBe('–');
    // Each pair of chunks on its own row, with the steal each chunk saw where it was kept.
    expect(
      report
        .split('\n')
        .filter((line) => line.startsWith(`| ${held} | 1 | 250 |`) || line.startsWith(`| ${held} | 2 | 250 |`)),
    ).toEqual([
      `| ${held} | 1 | 250 | 125.0 | 100.0 | 0.80× | 10 s | 12 s | 1.3 % / 14.0 % |`,
      `| ${held} | 2 | 250 | 100.0 | 100.0 | 1.00× | 10 s | 9 s | – / – |`,
    ]);
    // A run that kept no chunks has no pairs to show.
    const { chunks: _b, ...baseWithout } = paired.subjects[0]!;
    const { chunks: _o, ...oursWithout } = paired.subjects[1]!;
    const without = render('', { ...paired, subjects: [baseWithout, oursWithout] });
    expect(without).toMatch(new RegExp(`\\| ${held}: start rate[^|]*\\| [^|]+ \\| – \\|`));
    expect(without).toContain('_The chunks were not kept in this run._');
  });
});
