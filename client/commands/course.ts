// `forlopsvakt course ...`: start a course, record an event or an override, show one course or draw
// it, and list running courses by the search attributes they publish.
import { readFileSync, writeFileSync } from 'node:fs';
import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { Option, type Command } from 'commander';
import { courseKinds, eventKinds, formatOslo, profileIds } from '../../domain';
import { eventsQuery, runningCoursesQuery } from '../../workflows/contract';
import {
  courseKindKey,
  municipalityKey,
  nextDeadlineKey,
  overdueCountKey,
  phaseKey,
  profileKey,
} from '../../workflows/search-attributes';
import { adoptCourseWorkflow, newEventId, recordEvent, showCourse, startCourseWorkflow } from '../courses';
import { overdueText } from '../adopt';
import { courseText, print, table, type Row } from '../format';
import { courseTimeline } from '../../activities/feed/courses';
import { timelinePage } from '../../activities/feed/timeline';
import type { Session } from '../session';

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
function queryValue(name: string, value: string, allowed: RegExp): string {
  if (!allowed.test(value)) throw new Error(`--${name} has characters that are not allowed: ${JSON.stringify(value)}`);
  return value;
}

interface EventOptions {
  at?: string;
  data?: string;
  file?: string;
  by?: string;
  id?: string;
  json?: boolean;
}

/**
 * A call that ended without an answer may have recorded the event all the same; sent again with
 * the same id it is recorded once (client/courses.ts `recordEvent`). A given id is not repeated:
 * the admin has it, and a refused one may hold what must not be shown (domain §7).
 */
function unanswered(err: unknown, id: string, given: boolean): unknown {
  if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError)) return err;
  const again = given ? 'run the same command again' : `run it again with --id ${id}`;
  return new Error(`${err.message}; the event may be recorded: ${again} to record it once`, { cause: err });
}

interface ListOptions {
  overdue?: boolean;
  kind?: string;
  profile?: string;
  phase?: string;
  municipality?: string;
  json?: boolean;
}

/** The visibility query of `course list`: running courses, narrowed by each filter given. */
function listQuery(o: ListOptions): string {
  const where = [runningCoursesQuery];
  if (o.overdue) where.push(`${overdueCountKey.name} > 0`);
  if (o.kind) where.push(`${courseKindKey.name} = '${o.kind}'`);
  if (o.profile) where.push(`${profileKey.name} = '${o.profile}'`);
  if (o.phase) where.push(`${phaseKey.name} = '${queryValue('phase', o.phase, /^[a-zA-Z]+$/)}'`);
  if (o.municipality) {
    const municipality = queryValue('municipality', o.municipality, /^[\p{L} .-]+$/u);
    where.push(`${municipalityKey.name} = '${municipality}'`);
  }
  return where.join(' AND ');
}

export function addCourseCommands(program: Command, session: Session): void {
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
      const handle = await startCourseWorkflow(await session.temporal(), session.config(), input as never);
      const started = { courseRef: handle.workflowId, runId: handle.firstExecutionRunId };
      print(!!o.json, started, () => `started course ${handle.workflowId}`);
    });

  course
    .command('adopt')
    .description(
      'adopt a course already under way (JSON: start without or with its first event, facts with their real dates, by); ' +
        'prints what is overdue at adoption (domain §9.6)',
    )
    .option('--file <path>', 'read the adoption from a JSON file')
    .option('--data <json>', 'the adoption as JSON')
    .option('--by <who>', 'who records the facts (an opaque staff id), for the audit trail')
    .option('--json', 'print JSON')
    .action(async (o: { data?: string; file?: string; by?: string; json?: boolean }) => {
      const text = o.file ? readFileSync(o.file, 'utf8') : o.data;
      if (!text) throw new Error('give the adoption with --file PATH or --data JSON');
      const input = { ...readJson(text, 'the adoption'), ...(o.by ? { by: o.by } : {}) };
      const { handle, adopted } = await adoptCourseWorkflow(await session.temporal(), session.config(), input as never);
      const { overdue } = adopted;
      const answer = {
        courseRef: handle.workflowId,
        runId: handle.firstExecutionRunId,
        phase: adopted.state.phase,
        overdue,
      };
      print(!!o.json, answer, () =>
        [
          `adopted course ${handle.workflowId} in phase ${adopted.state.phase}; ${overdue.length} overdue at adoption`,
          ...(overdue.length > 0 ? ['', overdueText(overdue)] : []),
        ].join('\n'),
      );
    });

  course
    .command('event <ref> <kind>')
    .description(`record an event (kinds: ${eventKinds.join(', ')})`)
    .option('--at <iso>', 'when it happened (ISO-8601 with offset); default now')
    .option('--data <json>', 'event data as JSON, e.g. \'{"message":"admissionNotice"}\'')
    .option('--file <path>', 'read event data from a JSON file')
    .option('--by <who>', 'who records it (an opaque staff id), for the audit trail')
    .option(
      '--id <id>',
      "the event's id (letters, digits, . _ : -); default a new one. The same id again records it once",
    )
    .option('--json', 'print JSON')
    .action(async (ref: string, kind: string, o: EventOptions) => {
      let data: Record<string, unknown> = {};
      if (o.file) data = readJson(readFileSync(o.file, 'utf8'), '--file');
      else if (o.data) data = readJson(o.data, '--data');
      // Made here rather than in recordEvent, so a call left without an answer can name it.
      const given = o.id ?? data.id;
      const id = given ?? newEventId();
      const event = { ...data, kind, id, ...(o.at ? { at: o.at } : {}), ...(o.by ? { by: o.by } : {}) };
      const client = await session.temporal();
      const result = await recordEvent(client, ref, event).catch((err: unknown) => {
        throw unanswered(err, String(id), given !== undefined);
      });
      const at = formatOslo(result.event.at, 'en');
      print(!!o.json, result, () => `recorded #${result.seq} ${kind} on ${ref} at ${at}; phase ${result.phase}`);
    });

  course
    .command('show <ref>')
    .description('phase, open obligations (overdue first, Oslo time) and recent events')
    .option('--audit', 'print every recorded event with who and when')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { audit?: boolean; json?: boolean }) => {
      const client = await session.temporal();
      const view = await showCourse(client, ref);
      const events = o.audit ? await client.workflow.getHandle(ref).query(eventsQuery) : view.recentEvents;
      const value = { ...view, ...(o.audit ? { events } : {}) };
      print(!!o.json, value, () => courseText(view, events, !!o.audit));
    });

  course
    .command('timeline <ref>')
    .description('the course as a picture: its events, each duty from opened to due or done, now; SVG on stdout')
    .option('--svg <file>', 'write the picture as SVG')
    .option('--html <file>', 'write a standalone HTML page with the picture (needs no network)')
    .option('--json', 'print JSON')
    .action(async (ref: string, o: { svg?: string; html?: string; json?: boolean }) => {
      const { view, svg } = await courseTimeline(await session.temporal(), ref);
      if (!o.svg && !o.html) return void process.stdout.write(svg);
      if (o.svg) writeFileSync(o.svg, svg);
      if (o.html) writeFileSync(o.html, timelinePage(view.courseRef, svg));
      const written = [o.svg, o.html].filter((f) => f !== undefined);
      print(!!o.json, { courseRef: ref, written }, () => `wrote ${written.join(' and ')}`);
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
    .action(async (o: ListOptions) => {
      const rows: Row[] = [];
      for await (const wf of (await session.temporal()).workflow.list({ query: listQuery(o) })) {
        const attributes = wf.typedSearchAttributes;
        const next = attributes.get(nextDeadlineKey);
        rows.push({
          courseRef: wf.workflowId,
          kind: attributes.get(courseKindKey) ?? '',
          profile: attributes.get(profileKey) ?? '',
          phase: attributes.get(phaseKey) ?? '',
          overdue: attributes.get(overdueCountKey) ?? 0,
          nextDeadline: next ? formatOslo(next.toISOString(), 'en') : '',
          municipality: attributes.get(municipalityKey) ?? '',
        });
      }
      print(!!o.json, rows, () => table(rows));
    });

  course
    .command('override <ref> <gate>')
    .description('let a gated event pass once (firstLeave, dischargeReady, discharge), with a recorded reason')
    .requiredOption('--reason <text>', 'why (recorded in the course)')
    .option('--by <who>', 'who decides (an opaque staff id)')
    .option('--json', 'print JSON')
    .action(async (ref: string, gate: string, o: { reason: string; by?: string; json?: boolean }) => {
      const override = { kind: 'override', gate, reason: o.reason, ...(o.by ? { by: o.by } : {}) };
      const result = await recordEvent(await session.temporal(), ref, override);
      print(!!o.json, result, () => `override of gate ${gate} recorded on ${ref} (#${result.seq})`);
    });
}
