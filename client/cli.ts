// `forlopsvakt`: one CLI for every operation. Errors are one clear line and a non-zero exit code;
// `--json` where a script wants the output. The commands that run a process of their own (`worker`,
// `dev`) are handed in by the entry point (dev/main.ts), so client/ never imports the worker.
import { Command, Option } from 'commander';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { loadProfile, profileIds } from '../domain';
import { addCalendarCommand } from './commands/calendar';
import { addCourseCommands } from './commands/course';
import { addExportCommand } from './commands/export';
import { addImportCommand } from './commands/import';
import { print, table } from './format';
import { rulesTable } from './rules-table';
import { Session } from './session';

/** What `forlopsvakt worker` and `forlopsvakt dev` run; each returns when its process is done. */
export interface Runners {
  worker: () => Promise<void>;
  dev: () => Promise<void>;
}

export function buildCli(run: Runners, session = new Session()): Command {
  const program = new Command('forlopsvakt')
    .description('Forløpsvakt: shared patient courses between hospital and municipality, on Temporal')
    .showHelpAfterError();

  program
    .command('dev')
    .description(
      'start the Temporal dev server (SQLite under the data folder), the mail catcher, the worker and the demo courses',
    )
    .action(() => run.dev());
  program
    .command('worker')
    .description('run the worker against the configured Temporal server')
    .action(() => run.worker());

  addCourseCommands(program, session);
  addImportCommand(program, session);
  addExportCommand(program, session);
  addCalendarCommand(program, session);

  program
    .command('rules')
    .description('the obligations catalogue as a table')
    .addOption(
      new Option('--profile <profile>', 'resolve deadlines under this agreement profile')
        .choices(profileIds)
        .default('ahus'),
    )
    .option('--json', 'print JSON')
    .action((o: { profile: string; json?: boolean }) => {
      const rows = rulesTable(loadProfile(o.profile));
      print(!!o.json, rows, () => table(rows));
    });
  return program;
}

/** One clear line for a person: the cause of an update failure, not a stack. */
export function explain(err: unknown): string {
  if (err instanceof WorkflowUpdateFailedError) return `rejected: ${err.cause?.message ?? err.message}`;
  if (err instanceof WorkflowNotFoundError) return `no course with that reference: ${err.message}`;
  if (err instanceof Error && err.name === 'ZodError') return `invalid input: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/** Runs one command line; on an error prints `forlopsvakt: <one line>` and exits with 1. */
export async function runCli(run: Runners, argv = process.argv): Promise<void> {
  const session = new Session();
  try {
    await buildCli(run, session).parseAsync(argv);
    await session.close();
  } catch (err) {
    console.error(`forlopsvakt: ${explain(err)}`);
    process.exit(1);
  }
}
