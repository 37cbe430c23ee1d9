// `forlopsvakt`: one CLI for every operation (issue 5). Errors are one clear line and a
// non-zero exit code; `--json` where a script wants the output.
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { courseKinds } from '../domain/model';
import { eventKinds } from '../domain/events';
import { profileIds, loadProfile } from '../domain/profiles';
import { formatOslo } from '../domain/calendar';
import { eventsQuery } from '../workflows/contract';
import { connectClient } from './connection';
import { recordEvent, showCourse, startCourseWorkflow } from './courses';
import { importCourses, readRows } from './import';
import { rulesTable } from './rules-table';
import { runDev } from '../worker/dev';
import { runWorker } from '../worker/main';

const print = (json: boolean, value: unknown, text: () => string) =>
  console.log(json ? JSON.stringify(value, null, 2) : text());

function table(rows: Record<string, string | number>[]): string {
  if (rows.length === 0) return '(none)';
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(width[i]!))
      .join('  ')
      .trimEnd();
  return [
    line(cols),
    line(width.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(cols.map((c) => String(r[c])))),
  ].join('\n');
}

function readJson(text: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new Error(`${what} must be a JSON object: ${(err as Error).message}`, { cause: err });
  }
}

/** Values that go into a visibility query are checked, so no input can change the query. */
const queryValue = (name: string, value: string, allowed: RegExp) => {
  if (!allowed.test(value)) throw new Error(`--${name} has characters that are not allowed: ${JSON.stringify(value)}`);
  return value;
};

let config: Config | undefined;
let client: Client | undefined;
const cfg = () => (config ??= loadConfig());
async function temporal(): Promise<Client> {
  if (client) return client;
  try {
    return (client = await connectClient(cfg()));
  } catch (err) {
    throw new Error(
      `Cannot reach Temporal at ${cfg().TEMPORAL_ADDRESS} (is \`forlopsvakt dev\` or the cluster running?)`,
      { cause: err },
    );
  }
}

export function buildCli(): Command {
  const program = new Command('forlopsvakt')
    .description('Forløpsvakt: shared patient courses between hospital and municipality, on Temporal')
    .showHelpAfterError();

  program
    .command('dev')
    .description(
      'start the Temporal dev server (SQLite under the data folder), the mail catcher, the worker and the demo courses',
    )
    .action(runDev);
  program.command('worker').description('run the worker against the configured Temporal server').action(runWorker);

  const course = program.command('course').description('start courses, record events, inspect them');
  course
    .command('start')
    .description('start a course (the start input as JSON: courseRef, kind, profile, careTeam, labels, firstEvent)')
    .option('--data <json>', 'the start input as JSON')
    .option('--file <path>', 'read the start input from a JSON file')
    .option('--json', 'print JSON')
    .action(async (o: { data?: string; file?: string; json?: boolean }) => {
      const text = o.file ? readFileSync(o.file, 'utf8') : o.data;
      if (!text) throw new Error('give the start input with --data JSON or --file PATH');
      const input = readJson(text, 'the start input');
      const handle = await startCourseWorkflow(await temporal(), cfg(), input as never);
      print(
        !!o.json,
        { courseRef: handle.workflowId, runId: handle.firstExecutionRunId },
        () => `started course ${handle.workflowId}`,
      );
    });
  course
    .command('event <ref> <kind>')
    .description(`record an event (kinds: ${eventKinds.join(', ')})`)
    .option('--at <iso>', 'when it happened (ISO-8601 with offset); default now')
    .option('--data <json>', 'event data as JSON, e.g. \'{"message":"admissionNotice"}\'')
    .option('--file <path>', 'read event data from a JSON file')
    .option('--by <who>', 'who records it (an opaque staff id), for the audit trail')
    .option('--json', 'print JSON')
    .action(
      async (
        ref: string,
        kind: string,
        o: { at?: string; data?: string; file?: string; by?: string; json?: boolean },
      ) => {
        const data = o.file
          ? readJson(readFileSync(o.file, 'utf8'), '--file')
          : o.data
            ? readJson(o.data, '--data')
            : {};
        const event = { ...data, kind, ...(o.at ? { at: o.at } : {}), ...(o.by ? { by: o.by } : {}) };
        const result = await recordEvent(await temporal(), ref, event);
        print(
          !!o.json,
          result,
          () =>
            `recorded #${result.seq} ${kind} on ${ref} at ${formatOslo(result.event.at, 'en')}; phase ${result.phase}`,
        );
      },
    );
  course
    .command('show <ref>')
    .description('phase, open obligations (overdue first, Oslo time) and recent events')
    .option('--audit', 'print every recorded event with who and when')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { audit?: boolean; json?: boolean }) => {
      const c = await temporal();
      const view = await showCourse(c, ref);
      const events = o.audit ? await c.workflow.getHandle(ref).query(eventsQuery) : view.recentEvents;
      const open = [...view.openObligations].sort((a, b) => Number(b.overdue) - Number(a.overdue));
      print(!!o.json, { ...view, ...(o.audit ? { events } : {}) }, () =>
        [
          `${view.courseRef}  ${view.kind}  profile ${view.profile}  phase ${view.phase}  ${view.overdueCount} overdue${view.waitingDays ? `  DIS-WAITING ${view.waitingDays} days` : ''}`,
          '',
          'Open obligations:',
          table(
            open.map((x) => ({
              due: x.dueOslo,
              '': x.overdue ? 'OVERDUE' : '',
              rule: x.rule,
              who: x.who.join(', '),
              missing: x.missing.join(', '),
            })),
          ),
          '',
          o.audit ? 'Audit trail:' : 'Recent events:',
          table(
            events.map((e) => ({
              '#': e.seq,
              at: formatOslo(e.at, 'en'),
              event: e.kind,
              by: e.by ?? '',
              recorded: formatOslo(e.recordedAt, 'en'),
            })),
          ),
          ...(view.overrides.length
            ? [
                '',
                'Overrides:',
                table(
                  view.overrides.map((x) => ({
                    gate: x.gate,
                    at: formatOslo(x.at, 'en'),
                    by: x.by ?? '',
                    reason: x.reason,
                  })),
                ),
              ]
            : []),
          ...(view.deliveryFailures.length
            ? [
                '',
                'Undelivered reminders:',
                table(view.deliveryFailures.map((f) => ({ rule: f.rule, role: f.role, kind: f.kind, error: f.error }))),
              ]
            : []),
        ].join('\n'),
      );
    });
  course
    .command('list')
    .description('running courses, filtered by their search attributes')
    .option('--overdue', 'only courses with an overdue obligation')
    .addOption(new Option('--kind <kind>').choices([...courseKinds]))
    .addOption(new Option('--profile <profile>').choices(profileIds))
    .option('--phase <phase>')
    .option('--municipality <name>')
    .option('--json', 'print JSON')
    .action(
      async (o: {
        overdue?: boolean;
        kind?: string;
        profile?: string;
        phase?: string;
        municipality?: string;
        json?: boolean;
      }) => {
        const where = ["WorkflowType = 'courseWorkflow'", "ExecutionStatus = 'Running'"];
        if (o.overdue) where.push('OverdueCount > 0');
        if (o.kind) where.push(`CourseKind = '${o.kind}'`);
        if (o.profile) where.push(`AgreementProfile = '${o.profile}'`);
        if (o.phase) where.push(`CoursePhase = '${queryValue('phase', o.phase, /^[a-zA-Z]+$/)}'`);
        if (o.municipality)
          where.push(`Municipality = '${queryValue('municipality', o.municipality, /^[\p{L} .-]+$/u)}'`);
        const rows: Record<string, string | number>[] = [];
        for await (const wf of (await temporal()).workflow.list({ query: where.join(' AND ') })) {
          const sa = wf.typedSearchAttributes;
          const get = (name: string) => sa.getAll().find((p) => p.key.name === name)?.value;
          const next = get('NextDeadline') as Date | undefined;
          rows.push({
            courseRef: wf.workflowId,
            kind: String(get('CourseKind') ?? ''),
            profile: String(get('AgreementProfile') ?? ''),
            phase: String(get('CoursePhase') ?? ''),
            overdue: Number(get('OverdueCount') ?? 0),
            nextDeadline: next ? formatOslo(next.toISOString(), 'en') : '',
            municipality: String(get('Municipality') ?? ''),
          });
        }
        print(!!o.json, rows, () => table(rows));
      },
    );
  course
    .command('override <ref> <gate>')
    .description('let a gated event pass once (firstLeave, dischargeReady, discharge), with a recorded reason')
    .requiredOption('--reason <text>', 'why (recorded in the course)')
    .option('--by <who>', 'who decides (an opaque staff id)')
    .option('--json', 'print JSON')
    .action(async (ref: string, gate: string, o: { reason: string; by?: string; json?: boolean }) => {
      const result = await recordEvent(await temporal(), ref, {
        kind: 'override',
        gate,
        reason: o.reason,
        ...(o.by ? { by: o.by } : {}),
      });
      print(!!o.json, result, () => `override of gate ${gate} recorded on ${ref} (#${result.seq})`);
    });

  program
    .command('import <csv>')
    .description('start existing courses from a CSV file (one row per course; re-running starts nothing twice)')
    .option('--json', 'print the per-row report as JSON')
    .action(async (file: string, o: { json?: boolean }) => {
      const rows = readRows(file);
      const c = await temporal();
      const bar = process.stderr.isTTY
        ? new SingleBar(
            { format: 'importing [{bar}] {value}/{total} rows', stream: process.stderr },
            Presets.shades_classic,
          )
        : undefined;
      bar?.start(rows.length, 0);
      const results = await importCourses(c, cfg(), rows, (done) => bar?.update(done));
      bar?.stop();
      const count = (s: string) => results.filter((r) => r.status === s).length;
      print(!!o.json, results, () =>
        [
          `${count('started')} started, ${count('exists')} already existed, ${count('rejected')} rejected`,
          ...results
            .filter((r) => r.status === 'rejected')
            .map((r) => `row ${r.row} (${r.ref || 'no ref'}): ${r.error}`),
        ].join('\n'),
      );
      if (count('rejected') > 0) process.exitCode = 1;
    });

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

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
    await client?.connection.close();
  } catch (err) {
    console.error(`forlopsvakt: ${explain(err)}`);
    process.exit(1);
  }
}
