// `forlopsvakt import <csv>`: bulk start of existing courses, with a progress bar on a terminal and
// one line per rejected row; any rejected row makes the exit code non-zero.
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { importCourses, readRows, type RowResult } from '../import';
import { print } from '../format';
import type { Session } from '../session';

function summary(results: RowResult[]): string {
  const count = (status: RowResult['status']) => results.filter((r) => r.status === status).length;
  const rejected = results.filter((r) => r.status === 'rejected');
  return [
    `${count('started')} started, ${count('exists')} already existed, ${rejected.length} rejected`,
    ...rejected.map((r) => `row ${r.row} (${r.ref || 'no ref'}): ${r.error}`),
  ].join('\n');
}

export function addImportCommand(program: Command, session: Session): void {
  program
    .command('import <csv>')
    .description('start existing courses from a CSV file (one row per course; re-running starts nothing twice)')
    .option('--json', 'print the per-row report as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const rows = readRows(file);
      const client = await session.temporal();
      const bar = process.stderr.isTTY
        ? new SingleBar(
            { format: 'importing [{bar}] {value}/{total} rows', stream: process.stderr },
            Presets.shades_classic,
          )
        : undefined;
      bar?.start(rows.length, 0);
      const results = await importCourses(client, session.config(), rows, (done) => bar?.update(done));
      bar?.stop();
      print(!!o.json, results, () => summary(results));
      if (results.some((r) => r.status === 'rejected')) process.exitCode = 1;
    });
}
