// Adopting courses already under way at go-live (domain §9.6): `forlopsvakt course adopt --file`
// (one course as JSON: start, facts, by) and `forlopsvakt import --adopt <csv>` (one row per
// course, a column per date of what already happened). Each course is checked with the engine's
// own `adoptCourse` before it starts (client/courses.ts `adoptCourseWorkflow`); a bad row is
// reported by row and column and starts nothing, and a course that already exists is not started
// again, so re-running the same file is safe.
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { DateTime } from 'luxon';
import {
  EventRejected,
  formatOslo,
  identityNumberIssues,
  InputRejected,
  ZONE,
  type AdoptInput,
  type CourseKind,
  type OverdueAtAdoption,
} from '../domain';
import type { Config } from '../config';
import { adoptCourseWorkflow } from './courses';
import { columnOf, readRows, rowToStart, type RowResult } from './import';
import { print, progressBar, table } from './format';
import type { Session } from './session';

/**
 * The date columns (empty = never) and the fact each one records. A date is `YYYY-MM-DD` (the start
 * of that day in Oslo) or an ISO-8601 instant with an offset. The meeting kind follows the course.
 */
export const adoptColumns: { column: string; fact: (kind: CourseKind) => Record<string, unknown> }[] = [
  { column: 'started', fact: () => ({ kind: 'courseStarted' }) },
  { column: 'admission', fact: () => ({ kind: 'admission' }) },
  { column: 'dischargeProcess', fact: () => ({ kind: 'dischargeProcessStarted' }) },
  { column: 'dischargedToTud', fact: () => ({ kind: 'dischargedToTud' }) },
  { column: 'readmission', fact: () => ({ kind: 'admission' }) },
  {
    column: 'lastMeeting',
    fact: (kind) => ({
      kind: 'meetingHeld',
      meeting: kind === 'agreement-review' ? 'agreementReview' : 'collaboration',
    }),
  },
  { column: 'lastDialogue', fact: () => ({ kind: 'dialogueHeld' }) },
  { column: 'lastPlanUpdate', fact: () => ({ kind: 'planUpdated', plan: 'protection' }) },
  { column: 'lastErmReport', fact: () => ({ kind: 'ermReported' }) },
  { column: 'lastSomaticCheck', fact: () => ({ kind: 'taskDone', rule: 'LT-SOMATIC' }) },
  { column: 'lastCrisisPlanReview', fact: () => ({ kind: 'planUpdated', plan: 'crisis' }) },
  { column: 'lastAgreementReview', fact: () => ({ kind: 'meetingHeld', meeting: 'agreementReview' }) },
];

class CellRejected extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

function instantOf(cell: string, column: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(cell)
    ? DateTime.fromISO(cell, { zone: ZONE }).startOf('day')
    : DateTime.fromISO(cell, { setZone: true });
  // The cell is not repeated: a name typed into the wrong column must not reach the report (domain §7).
  if (!date.isValid || (!/^\d{4}-\d{2}-\d{2}$/.test(cell) && !/([+-]\d{2}:?\d{2}|Z)$/.test(cell)))
    throw new CellRejected(column, 'must be a date, YYYY-MM-DD, or an ISO-8601 instant with an offset');
  return date.toISO()!;
}

/**
 * One CSV row as an adoption: the start columns of `forlopsvakt import` (client/import.ts) without
 * `at`, and one fact per date column; `columns[i]` names the column fact i + 1 came from.
 */
export function rowToAdoption(row: Record<string, string>): { input: AdoptInput; columns: string[] } {
  let parts: ReturnType<typeof rowToStart>;
  try {
    parts = rowToStart({ ...row, at: '' });
  } catch (err) {
    // Its messages begin with the column they refuse (`kind must be …`, `coercion must be …`).
    const message = (err as Error).message;
    throw new CellRejected(message.split(' ')[0]!, message);
  }
  const { firstEvent, ...start } = parts;
  const { kind: _kind, ...flags } = firstEvent as Record<string, unknown>;
  const facts: Record<string, unknown>[] = [];
  const columns: string[] = [];
  for (const { column, fact } of adoptColumns) {
    const cell = row[column];
    if (!cell) continue;
    const event = { ...fact(start.kind), at: instantOf(cell, column) };
    // The first event's flags (hasMunicipalServices, …) go with the admission or course start.
    const opening = column === 'admission' || column === 'readmission' || column === 'started';
    facts.push(opening ? { ...flags, ...event } : event);
    columns.push(column);
  }
  if (facts.length === 0) throw new CellRejected('admission', 'a course needs at least the date it began');
  return { input: { start, facts, ...(row.by ? { by: row.by } : {}) }, columns };
}

/** The column a refusal of `adoptCourse` names first: its messages begin with "fact N (…)". */
function factColumn(message: string, columns: string[]): string {
  const n = /fact (\d+)/.exec(message)?.[1];
  return n ? (columns[Number(n) - 1] ?? 'the date columns') : 'the date columns';
}

export async function importAdoptions(
  client: Client,
  config: Config,
  rows: Record<string, string>[],
  onProgress: (done: number) => void = () => undefined,
): Promise<(RowResult & { overdue?: OverdueAtAdoption[] })[]> {
  const results: (RowResult & { overdue?: OverdueAtAdoption[] })[] = [];
  for (const [i, row] of rows.entries()) {
    const base = { row: i + 2, ref: row.ref ?? '' }; // row 1 is the header
    let columns: string[] = [];
    try {
      // The raw row first: the messages below may quote the cell they refuse (domain §7).
      const personal = identityNumberIssues(row);
      if (personal.length > 0) throw new InputRejected('Invalid row', personal);
      const adoption = rowToAdoption(row);
      columns = adoption.columns;
      const { adopted } = await adoptCourseWorkflow(client, config, adoption.input);
      results.push({ ...base, status: 'started', overdue: adopted.overdue });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) results.push({ ...base, status: 'exists' });
      else if (err instanceof InputRejected) {
        const named = err.issues.map((issue) => ({ column: columnOf(issue.field), message: issue.message }));
        results.push({
          ...base,
          ref: named.some((x) => x.column === 'ref') ? '' : base.ref,
          status: 'rejected',
          column: named[0]?.column,
          error: named.map((x) => `column ${x.column}: ${x.message}`).join('; '),
        });
      } else if (err instanceof CellRejected)
        results.push({
          ...base,
          status: 'rejected',
          column: err.column,
          error: `column ${err.column}: ${err.message}`,
        });
      else if (err instanceof EventRejected) {
        const column = factColumn(err.message, columns);
        results.push({ ...base, status: 'rejected', column, error: `column ${column}: ${err.message}` });
      } else results.push({ ...base, status: 'rejected', error: (err as Error).message });
    }
    onProgress(i + 1);
  }
  return results;
}

/** What is overdue at adoption, as `course adopt` and `course show` print it (domain §9.6). */
export function overdueText(overdue: OverdueAtAdoption[]): string {
  return table(
    overdue.map((o) => ({
      due: formatOslo(o.dueAt, 'en'),
      rule: o.rule,
      obligation: o.obligation,
      who: o.who.join(', '),
    })),
  );
}

/**
 * `forlopsvakt import --adopt <csv>`: every row checked and started in turn, a progress bar on a
 * terminal, then one line per row that started with something overdue or was
 * rejected; any rejected row makes the exit code non-zero.
 */
export async function importAdoptionsCommand(session: Session, file: string, json: boolean): Promise<void> {
  const rows = readRows(file);
  const client = await session.temporal();
  const bar = progressBar('adopting', 'rows');
  bar?.start(rows.length, 0);
  const results = await importAdoptions(client, session.config(), rows, (done) => bar?.update(done));
  bar?.stop();
  const count = (status: RowResult['status']) => results.filter((r) => r.status === status).length;
  print(json, results, () =>
    [
      `${count('started')} adopted, ${count('exists')} already existed, ${count('rejected')} rejected`,
      ...results.flatMap((r) =>
        r.status === 'rejected'
          ? [`row ${r.row} (${r.ref || 'no ref'}): ${r.error}`]
          : r.overdue?.length
            ? [`row ${r.row} (${r.ref}): overdue at adoption: ${r.overdue.map((o) => o.rule).join(', ')}`]
            : [],
      ),
    ].join('\n'),
  );
  if (count('rejected') > 0) process.exitCode = 1;
}
