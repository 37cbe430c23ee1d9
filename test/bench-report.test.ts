// The bench report keeps the hand-written reading of the figures across runs (bench/report.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReport } from '../bench/report';
import type { BenchResult } from '../bench/run';

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
