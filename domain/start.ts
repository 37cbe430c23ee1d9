// Starting a course: the start input (validated at the edge and again in the workflow) and the
// course's first event.
import { z } from 'zod';
import type { Instant } from './calendar';
import { decide, type Decision } from './decide';
import { careTeamSchema, courseKinds, courseRefSchema, type CourseState } from './model';
import { currentRevision, type Revision } from './rulebook';
import { firstEventKinds } from './phases';
import { loadProfile, type Profile } from './profiles';
import { describeIssues, reject } from './rejections';

const startInput = z.strictObject({
  courseRef: courseRefSchema(),
  kind: z.enum(courseKinds),
  profile: z.string(),
  careTeam: careTeamSchema(),
  labels: z
    .strictObject({
      // Unit and municipality names only (shown in the Temporal UI): never anything about the patient.
      hospitalUnit: z
        .string()
        .regex(/^[\p{L}\p{N} .-]{1,60}$/u, 'letters, digits, spaces, dots and dashes only')
        .optional(),
      municipality: z
        .string()
        .regex(/^[\p{L} .-]{1,60}$/u, 'letters, spaces, dots and dashes only')
        .optional(),
    })
    .default({}),
  firstEvent: z.record(z.string(), z.unknown()),
});
export const startInputSchema = () => startInput;
export type StartInput = z.input<typeof startInput>;

/**
 * Creates a course from its start input and first event, or rejects with a clear message. New
 * courses run under the current revision of the rules; a workflow replaying a course started
 * before revision 2 passes 1.
 */
export function startCourse(input: unknown, now: Instant, revision: Revision = currentRevision): Decision {
  const parsed = startInput.safeParse(input);
  if (!parsed.success) reject(`Invalid course start: ${describeIssues(parsed.error)}`);
  const start = parsed.data!;
  let profile: Profile;
  try {
    profile = loadProfile(start.profile);
  } catch (err) {
    return reject((err as Error).message);
  }
  const expected = firstEventKinds[start.kind];
  if (start.firstEvent.kind !== expected)
    reject(`A ${start.kind} course starts with a '${expected}' event, not '${String(start.firstEvent.kind)}'`);
  const empty: CourseState = {
    ...(revision === 2 ? { revision } : {}),
    courseRef: start.courseRef,
    kind: start.kind,
    profile: profile.id,
    careTeam: start.careTeam,
    labels: start.labels,
    phase: 'new',
    startedAt: now,
    flags: {},
    obligations: [],
    closed: [],
    schedules: [],
    overrides: [],
    events: [],
    waiting: [],
    deliveryFailures: [],
  };
  const decision = decide(empty, start.firstEvent, now);
  decision.state.startedAt = decision.event.at;
  return decision;
}

/**
 * A start as the workflow takes it: a first event dated after `now` is recorded at `now`. The
 * client dates an undated first event with its own clock when it sends the start, and checks a
 * given date against that clock (client/courses.ts `startRequest`): a client clock ahead of the
 * server's is not the future, and a course never fails on its input (domain §8).
 */
export function startAsOf(input: unknown, now: Instant): unknown {
  const first = (input as { firstEvent?: Record<string, unknown> } | null)?.firstEvent;
  if (typeof first?.at !== 'string' || !(Date.parse(first.at) > Date.parse(now))) return input;
  return { ...(input as object), firstEvent: { ...first, at: now } };
}
