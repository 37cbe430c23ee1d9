// `forlopsvakt export --file <file>`: every running course's state, to move the courses to another
// Temporal server with `forlopsvakt import --from-export <file>` (client/export.ts). A course left
// out (still delivering a reminder, or unreadable) is named and makes the exit code non-zero.
import type { Command } from 'commander';
import { exportCourses, writeExport } from '../export';
import { print } from '../format';
import type { Session } from '../session';

export function addExportCommand(program: Command, session: Session): void {
  program
    .command('export')
    .description(
      "write every running course's state to a file (encrypted with CODEC_KEYS), for `import --from-export` on another server",
    )
    .requiredOption('--file <file>', 'the file to write')
    .option('--wait <seconds>', 'how long to wait for reminders being delivered to finish', '60')
    .option('--terminate', 'end each exported course here in the same step, so nothing falls due on both servers')
    .option('--json', 'print the report as JSON')
    .action(async (o: { file: string; wait: string; terminate?: boolean; json?: boolean }) => {
      const wait = Number(o.wait);
      if (!Number.isFinite(wait) || wait < 0) throw new Error('--wait must be a number of seconds');
      const client = await session.temporal();
      const { document, leftOut } = await exportCourses(client, session.config(), {
        waitMs: wait * 1000,
        terminate: !!o.terminate,
      });
      await writeExport(o.file, document, session.config());
      const report = { file: o.file, exported: document.courses.map((c) => c.courseRef), leftOut };
      print(!!o.json, report, () =>
        [
          `${document.courses.length} courses written to ${o.file}, ${leftOut.length} left out`,
          ...leftOut.map((p) => `${p.courseRef}: ${p.error}`),
        ].join('\n'),
      );
      if (leftOut.length > 0) process.exitCode = 1;
    });
}
