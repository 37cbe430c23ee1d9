// `forlopsvakt import <csv>`: bulk start of existing courses. Every row is checked with the
// engine's own rules and the edge's (domain/edge.ts: labels from domain/labels/<profile>.json, the
// reference pattern, no identity number) first; a bad row is reported by row and column and
// starts nothing, and a course that already exists is not started again, so re-running the same
// file is safe.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { firstEventKinds, identityNumberIssues, InputRejected, type Issue, type StartInput } from '../domain';
import { courseKinds, roles, type CourseKind } from '../domain';
import type { Config } from '../config';
import { startCourseWorkflow } from './courses';

/**
 * Columns: ref, kind, profile, at (ISO instant of the first event), hospitalUnit, municipality,
 * the first event's flags (hasMunicipalServices, needsMunicipalServices, complexNeeds, coercion,
 * formerCompulsoryCare: true/false), and per role a mailbox column named after the role
 * (e.g. `ward`) with an optional `<role>.manager` column.
 */
const flagColumns = [
  'hasMunicipalServices',
  'needsMunicipalServices',
  'complexNeeds',
  'coercion',
  'formerCompulsoryCare',
] as const;

export type RowResult = {
  row: number;
  ref: string;
  status: 'started' | 'exists' | 'rejected';
  /** The first column a rejection names. */
  column?: string;
  error?: string;
};

export function rowToStart(row: Record<string, string>): StartInput {
  const kind = row.kind as CourseKind;
  if (!(courseKinds as readonly string[]).includes(kind))
    // The cell is not repeated: a name typed into the wrong column must not reach the report (domain §7).
    throw new Error(`kind must be one of ${courseKinds.join(', ')}`);
  const careTeam = Object.fromEntries(
    roles
      .filter((r) => row[r])
      .map((r) => [r, { mailbox: row[r]!, ...(row[`${r}.manager`] ? { manager: row[`${r}.manager`] } : {}) }]),
  );
  const flags = Object.fromEntries(
    flagColumns
      .filter((f) => row[f])
      .map((f) => {
        if (row[f] !== 'true' && row[f] !== 'false') throw new Error(`${f} must be true or false`);
        return [f, row[f] === 'true'];
      }),
  );
  return {
    courseRef: row.ref ?? '',
    kind,
    profile: row.profile ?? '',
    careTeam,
    labels: {
      ...(row.hospitalUnit ? { hospitalUnit: row.hospitalUnit } : {}),
      ...(row.municipality ? { municipality: row.municipality } : {}),
    },
    firstEvent: {
      kind: firstEventKinds[kind],
      ...(kind === 'forensic-tud' || kind === 'admission-discharge' ? { hasMunicipalServices: false } : {}),
      ...flags,
      ...(row.at ? { at: row.at } : {}),
    },
  };
}

/** The CSV column a field of the start input comes from (see the columns above). */
export function columnOf(field: string): string {
  if (field === 'courseRef') return 'ref';
  const [head, role, part] = field.split('.');
  if (head === 'labels' && role) return role;
  if (head === 'firstEvent' && role) return role;
  if (head === 'careTeam') return role ? (part === 'manager' ? `${role}.manager` : role) : 'the role columns';
  return field;
}

/** A refused row names each bad column; a refused reference is not repeated as the row's ref. */
function rejectedColumns(issues: Issue[], ref: string): Omit<RowResult, 'row'> {
  const columns = issues.map((i) => columnOf(i.field));
  return {
    ref: columns.includes('ref') ? '' : ref,
    status: 'rejected',
    column: columns[0],
    error: issues.map((issue, k) => `column ${columns[k]}: ${issue.message}`).join('; '),
  };
}

export function readRows(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
}

export async function importCourses(
  client: Client,
  config: Config,
  rows: Record<string, string>[],
  onProgress: (done: number) => void = () => undefined,
): Promise<RowResult[]> {
  const results: RowResult[] = [];
  for (const [i, row] of rows.entries()) {
    const base = { row: i + 2, ref: row.ref ?? '' }; // row 1 is the header
    try {
      // The raw row first: the messages of rowToStart quote the cell they refuse (domain §7).
      const personal = identityNumberIssues(row);
      if (personal.length > 0) throw new InputRejected('Invalid row', personal);
      // startCourseWorkflow runs every check (domain/edge.ts `checkStart`) before anything is started.
      await startCourseWorkflow(client, config, rowToStart(row));
      results.push({ ...base, status: 'started' });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) results.push({ ...base, status: 'exists' });
      else if (err instanceof InputRejected) results.push({ ...base, ...rejectedColumns(err.issues, base.ref) });
      else results.push({ ...base, status: 'rejected', error: (err as Error).message });
    }
    onProgress(i + 1);
  }
  return results;
}
