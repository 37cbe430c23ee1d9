// `forlopsvakt import <csv>`: bulk start of existing courses, with a progress bar on a terminal and
// one line per rejected row; any rejected row makes the exit code non-zero. `import --from-export
// <file>`: the courses of `forlopsvakt export` (client/export.ts), each continuing where it was.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { decodeExport, importExport, type ImportedCourse } from '../export';
import { importCourses, readRows, type RowResult } from '../import';
import { importAdoptionsCommand } from '../adopt';
import { print, progressBar } from '../format';
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
    .command('import [csv]')
    .description(
      'start existing courses from a CSV file (one row per course), or move courses here from ' +
        '`forlopsvakt export` with --from-export; re-running starts nothing twice',
    )
    .option('--from-export <file>', 'a file of `forlopsvakt export`: each course continues where it was')
    .option('--adopt <csv>', 'adopt courses already under way, one row per course with its dates (domain §9.6)')
    .option('--json', 'print the per-row (per-course) report as JSON')
    .action(async (file: string | undefined, o: { json?: boolean; fromExport?: string; adopt?: string }) => {
      if (o.adopt !== undefined) {
        if (file !== undefined || o.fromExport !== undefined) throw new Error('give --adopt <csv> alone');
        return importAdoptionsCommand(session, o.adopt, !!o.json);
      }
      if (o.fromExport !== undefined) {
        if (file !== undefined) throw new Error('give either a CSV file or --from-export <file>, not both');
        return importFromExport(session, o.fromExport, !!o.json);
      }
      if (file === undefined) throw new Error('give a CSV file, or --from-export <file> (see `import --help`)');
      const rows = readRows(file);
      const client = await session.temporal();
      const bar = progressBar('importing', 'rows');
      bar?.start(rows.length, 0);
      const results = await importCourses(client, session.config(), rows, (done) => bar?.update(done));
      bar?.stop();
      print(!!o.json, results, () => summary(results));
      if (results.some((r) => r.status === 'rejected')) process.exitCode = 1;
    });
}

/** `import --from-export <file>`: the file is read (and decrypted) before anything is started. */
async function importFromExport(session: Session, file: string, json: boolean): Promise<void> {
  const document = await decodeExport(readFileSync(file, 'utf8'), session.config());
  const client = await session.temporal();
  const bar = progressBar('importing', 'courses');
  bar?.start(document.courses.length, 0);
  const results = await importExport(client, session.config(), document, (done) => bar?.update(done));
  bar?.stop();
  const count = (status: ImportedCourse['status']) => results.filter((r) => r.status === status).length;
  print(json, results, () =>
    [
      `${count('started')} started, ${count('skipped')} skipped (already on this server), ${count('rejected')} rejected`,
      ...results.filter((r) => r.status === 'rejected').map((r) => `${r.courseRef}: ${r.error}`),
    ].join('\n'),
  );
  if (count('rejected') > 0) process.exitCode = 1;
}
