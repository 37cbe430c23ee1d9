// Validation at the edge (domain §8) of what must never carry a person (domain §7): one function for
// a course start (`checkStart`), used by every start (client/courses.ts `startRequest`: the CLI, the
// CSV import, the demo), and one for an event, used by the `recordEvent` update's validator
// (workflows/course.ts). Neither runs when a history replays: `startCourse` and the update handler
// keep their own, older checks, so a course started before these lists and patterns existed
// still replays. No message ever repeats the refused value.
import type { Instant } from './calendar';
import { containsIdentityNumber, identityNumberMessage } from './identity';
import { labelFile, labelListOf } from './labels';
import { profileIds } from './profiles';
import { EventRejected } from './rejections';
import type { Decision } from './decide';
import { startCourse, startInputSchema } from './start';
import type { z } from 'zod';

/** A problem with one field of the input; `field` is its dotted path, e.g. `labels.municipality`. */
export interface Issue {
  field: string;
  message: string;
}

/** A refused start or event, with each field's problem for callers that report per field (client/import.ts). */
export class InputRejected extends EventRejected {
  override name = 'InputRejected';
  constructor(
    what: string,
    readonly issues: Issue[],
  ) {
    super(`${what}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
}

/**
 * The default course reference: a region prefix, a year and a number (`ahus-2026-000123`).
 * COURSE_REF_PATTERN (config/index.ts) replaces it at the client edge.
 */
export const defaultCourseRefPattern = '^[a-z]{2,12}-\\d{4}-\\d{3,6}$';

/** Every string, and every object key, of `value` that holds an identity number, by its path. */
export function identityNumberIssues(value: unknown, path: string[] = []): Issue[] {
  const field = path.length ? path.join('.') : 'input';
  if (typeof value === 'string')
    return containsIdentityNumber(value) ? [{ field, message: identityNumberMessage }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => identityNumberIssues(v, [...path, String(i)]));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    containsIdentityNumber(key)
      ? [{ field, message: `has a key that ${identityNumberMessage}` }]
      : identityNumberIssues(v, [...path, key]),
  );
}

const zodIssues = (error: z.ZodError): Issue[] =>
  error.issues.map((i) => ({ field: i.path.length ? i.path.join('.') : 'input', message: i.message }));

export interface StartChecks {
  /** An anchored regular expression for course references (COURSE_REF_PATTERN); default `defaultCourseRefPattern`. */
  courseRefPattern?: string;
  now?: Instant;
}

/**
 * Checks a course start as every client starts it: no identity number anywhere, the course
 * reference follows the pattern, the labels come from the profile's lists, then the engine's own
 * checks (`startCourse`, as of `checks.now`). Returns the parsed start input and the engine's
 * decision on it (what the client starts the course with: client/courses.ts `startRequest`), or
 * throws `InputRejected` (or the engine's `EventRejected`).
 */
export function checkStart(
  input: unknown,
  checks: StartChecks = {},
): { start: z.infer<ReturnType<typeof startInputSchema>>; started: Decision } {
  const what = 'Invalid course start';
  // First, and alone: the messages of later checks may quote what they refuse.
  const personal = identityNumberIssues(input);
  if (personal.length > 0) throw new InputRejected(what, personal);
  const parsed = startInputSchema().safeParse(input);
  if (!parsed.success) throw new InputRejected(what, zodIssues(parsed.error));
  const start = parsed.data;
  const issues: Issue[] = [];
  const pattern = checks.courseRefPattern ?? defaultCourseRefPattern;
  if (!new RegExp(pattern).test(start.courseRef))
    issues.push({
      field: 'courseRef',
      message: `must follow the course reference pattern ${pattern} (a region prefix, a year and a number, e.g. ahus-2026-000123)`,
    });
  // Named here, not by the engine (`loadProfile` repeats the id): whatever was typed in its place
  // may be a name (domain §7).
  if (!profileIds.includes(start.profile))
    issues.push({ field: 'profile', message: `not an agreement profile (known: ${profileIds.join(', ')})` });
  const lists = labelListOf(start.profile);
  if (lists) {
    const { municipality, hospitalUnit } = start.labels;
    if (municipality !== undefined && !lists.municipalities.includes(municipality))
      issues.push({
        field: 'labels.municipality',
        message: `not a municipality of the ${start.profile} agreement (see ${labelFile(start.profile)})`,
      });
    if (hospitalUnit !== undefined && !lists.hospitalUnits.includes(hospitalUnit))
      issues.push({
        field: 'labels.hospitalUnit',
        message: `not a hospital unit of the ${start.profile} agreement (see ${labelFile(start.profile)})`,
      });
  } else if (profileIds.includes(start.profile) && Object.keys(start.labels).length > 0) {
    issues.push({
      field: 'labels',
      message: `the ${start.profile} profile has no label lists (${labelFile(start.profile)})`,
    });
  }
  if (issues.length > 0) throw new InputRejected(what, issues);
  return { start, started: startCourse(input, checks.now ?? new Date().toISOString()) };
}

/** `checkStart`'s parsed start input alone. */
export const validateStart = (input: unknown, checks: StartChecks = {}) => checkStart(input, checks).start;

/**
 * Checks an event before the engine decides on it (the update validator): no identity number in
 * `by`, an override's `reason`, a care team's mailboxes, or any other field. Throws `InputRejected`.
 */
export function validateEvent(event: unknown): void {
  const personal = identityNumberIssues(event);
  if (personal.length > 0) throw new InputRejected('Invalid event', personal);
}
