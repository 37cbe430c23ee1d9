// `forlopsvakt import <csv>`: bulk start of existing courses. Every row is checked with the
// engine's own rules first; a bad row is reported and starts nothing, and a course that already
// exists is not started again, so re-running the same file is safe.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { firstEventKinds, startCourse, type StartInput } from '../domain';
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

export type RowResult = { row: number; ref: string; status: 'started' | 'exists' | 'rejected'; error?: string };

export function rowToStart(row: Record<string, string>): StartInput {
  const kind = row.kind as CourseKind;
  if (!(courseKinds as readonly string[]).includes(kind))
    throw new Error(`kind must be one of ${courseKinds.join(', ')}; got '${row.kind ?? ''}'`);
  const careTeam = Object.fromEntries(
    roles
      .filter((r) => row[r])
      .map((r) => [r, { mailbox: row[r]!, ...(row[`${r}.manager`] ? { manager: row[`${r}.manager`] } : {}) }]),
  );
  const flags = Object.fromEntries(
    flagColumns
      .filter((f) => row[f])
      .map((f) => {
        if (row[f] !== 'true' && row[f] !== 'false') throw new Error(`${f} must be true or false; got '${row[f]}'`);
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
      const input = rowToStart(row);
      startCourse(input, new Date().toISOString()); // all checks before anything is started
      await startCourseWorkflow(client, config, input);
      results.push({ ...base, status: 'started' });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) results.push({ ...base, status: 'exists' });
      else results.push({ ...base, status: 'rejected', error: (err as Error).message });
    }
    onProgress(i + 1);
  }
  return results;
}
