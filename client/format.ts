// How the CLI prints: JSON for scripts (`--json`), otherwise plain text tables for a person.
import { Presets, SingleBar } from 'cli-progress';
import { formatOslo, type CourseView, type RecordedEvent } from '../domain';

export type Row = Record<string, string | number>;

/** A progress bar on stderr when it is a terminal (stdout stays for the report and --json), else none. */
export const progressBar = (verb: string, what: string): SingleBar | undefined =>
  process.stderr.isTTY
    ? new SingleBar(
        { format: `${verb} [{bar}] {value}/{total} ${what}`, stream: process.stderr },
        Presets.shades_classic,
      )
    : undefined;

/** `--json` prints the value; otherwise the text, built only when it is needed. */
export function print(json: boolean, value: unknown, text: () => string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text());
}

/** Rows as aligned columns under a header line; `(none)` when there are none. */
export function table(rows: Row[]): string {
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

/** A titled table after a blank line, or nothing when there are no rows and it is optional. */
const section = (title: string, rows: Row[], optional = false): string[] =>
  optional && rows.length === 0 ? [] : ['', title, table(rows)];

/** `course show`: the heading line, open obligations (overdue first), events, overrides, failures. */
export function courseText(view: CourseView, events: RecordedEvent[], audit: boolean): string {
  const open = [...view.openObligations].sort((a, b) => Number(b.overdue) - Number(a.overdue));
  const waiting = view.waitingDays ? `  DIS-WAITING ${view.waitingDays} days` : '';
  const heading = `${view.courseRef}  ${view.kind}  profile ${view.profile}  phase ${view.phase}`;
  return [
    `${heading}  ${view.overdueCount} overdue${waiting}`,
    ...section(
      'Open obligations:',
      open.map((x) => ({
        due: x.dueOslo,
        '': x.overdue ? 'OVERDUE' : '',
        rule: x.rule,
        who: x.who.join(', '),
        missing: x.missing.join(', '),
      })),
    ),
    ...section(
      audit ? 'Audit trail:' : 'Recent events:',
      events.map((e) => ({
        '#': e.seq,
        at: formatOslo(e.at, 'en'),
        // Domain §9.6: facts recorded when the course was adopted under way say so.
        event: e.adopted ? `${e.kind} (adopted)` : e.kind,
        by: e.by ?? '',
        recorded: formatOslo(e.recordedAt, 'en'),
      })),
    ),
    // Domain §9.6: what was already overdue when the course was adopted, listed once.
    ...section(
      'Overdue at adoption:',
      (view.overdueAtAdoption ?? []).map((x) => ({
        due: formatOslo(x.dueAt, 'en'),
        rule: x.rule,
        obligation: x.obligation,
        who: x.who.join(', '),
      })),
      true,
    ),
    ...section(
      'Overrides:',
      view.overrides.map((x) => ({ gate: x.gate, at: formatOslo(x.at, 'en'), by: x.by ?? '', reason: x.reason })),
      true,
    ),
    ...section(
      'Undelivered reminders:',
      view.deliveryFailures.map((f) => ({ rule: f.rule, role: f.role, kind: f.kind, error: f.error })),
      true,
    ),
  ].join('\n');
}
