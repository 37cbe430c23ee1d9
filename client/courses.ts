// Client-side operations on courses, shared by the CLI, the dev launcher and tests.
// A course is validated with the engine's own rules before it starts, so bad input is
// refused with a clear message and no half-started course is left behind (domain §8).
import { randomUUID } from 'node:crypto';
import { WorkflowIdReusePolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import {
  adoptCourse,
  checkSameEvent,
  checkStart,
  containsIdentityNumber,
  eventIdSchema,
  identityNumberIssues,
  InputRejected,
  opaqueKey,
  validateStart,
  type AdoptInput,
  type Adopted,
  type CourseState,
  type StartChecks,
  type StartInput,
} from '../domain';
import { courseWorkflow } from '../workflows';
import {
  courseCode,
  courseStateQuery,
  recordEventUpdate,
  type CourseWorkflowInput,
  type RecordEventResult,
} from '../workflows/contract';
import type { Config } from '../config';
import { signedUrl } from '../activities/feed/token';

export async function startCourseWorkflow(
  client: Client,
  config: Config,
  input: StartInput,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof courseWorkflow>> {
  // Every start goes through here: CLI, import, demo.
  const timelineUrl = signedUrl(config, { kind: 'timeline', courseRef: input.courseRef })?.url;
  const { start, ...options } = startRequest(
    input,
    new Date().toISOString(),
    { courseRefPattern: config.COURSE_REF_PATTERN },
    { timelineUrl },
  );
  return client.workflow.start(courseWorkflow, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowId: start.courseRef,
    // A course reference names one course for good: never reused, even after it ended.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    ...options,
  });
}

/**
 * A start as it is sent, checked as of `now` by the checks the workflow runs and the edge's own
 * (domain/edge.ts `checkStart`: no identity number, the reference pattern, labels from the
 * profile's lists, domain §7), so a bad start is refused before anything reaches Temporal. Its
 * first event is dated `now` when it has no instant of its own (it happened when it was sent, not
 * when a worker first runs the course: a start that waits for a worker keeps its instant), and it
 * goes as every course's start does (`courseStart`), from the engine's one decision on it. `run`
 * is the rest of the workflow's input.
 */
export function startRequest(
  input: StartInput,
  now: string,
  checks: StartChecks = {},
  run: Pick<CourseWorkflowInput, 'timelineUrl' | 'continueAsNewAfterEvents'> = {},
) {
  const { started } = checkStart(input, { ...checks, now });
  const start: StartInput = { ...input, firstEvent: { ...input.firstEvent, at: input.firstEvent.at ?? now } };
  return { start, ...courseStart({ start, ...run }, started.state) };
}

/**
 * Starts a course already under way (domain §9.6), checked on the client with the same domain
 * function the workflow runs (`adoptCourse`: the facts in date order, each as of its own date) and
 * the edge's checks of a start (`validateStart`, on the start with its first fact undated), so
 * contradicting facts start nothing. Returns what is overdue at adoption as of now, as the
 * workflow computes it moments later.
 */
export async function adoptCourseWorkflow(
  client: Client,
  config: Config,
  input: AdoptInput,
): Promise<{ handle: WorkflowHandleWithFirstExecutionRunId<typeof courseWorkflow>; adopted: Adopted }> {
  // First, and alone: the engine's messages may quote what they refuse (domain §7).
  const personal = identityNumberIssues(input);
  if (personal.length > 0) throw new InputRejected('Invalid adoption', personal);
  const now = new Date().toISOString();
  const adopted = adoptCourse(input, now);
  const { at: _at, by: _by, ...firstEvent } = adopted.state.events[0]! as unknown as Record<string, unknown>;
  for (const field of ['seq', 'recordedAt', 'adopted', 'id']) delete firstEvent[field];
  const start = validateStart({ ...input.start, firstEvent }, { courseRefPattern: config.COURSE_REF_PATTERN });
  const timelineUrl = signedUrl(config, { kind: 'timeline', courseRef: start.courseRef })?.url;
  const handle = await client.workflow.start(courseWorkflow, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowId: start.courseRef,
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    ...courseStart({ adopt: input, timelineUrl }, adopted.state),
  });
  return { handle, adopted };
}

/**
 * Every course's start options besides its id and queue: its input `run`, stamped with the code it
 * is started for (`courseCode`: the worker records no patch marker for it, docs/versioning.md
 * "v13"), and its summary and details at the top of the course in the Temporal UI (no patient data:
 * the reference is opaque). No search attributes: the first workflow task upserts them
 * (workflows/course.ts `publish`). Sent with the start, they cost the server a visibility write of
 * their own, which slowed starts by about a tenth on this machine, while the first task's write of
 * the worker's build id carries them (docs/versioning.md "v14"). No `TemporalChangeVersion` either:
 * the stamp in the input names the code. The same for a course started here, adopted, or moved from
 * another server (client/export.ts).
 */
export function courseStart(
  run: CourseWorkflowInput,
  state: CourseState,
): {
  args: [CourseWorkflowInput];
  staticSummary: string;
  staticDetails: string;
} {
  return {
    args: [{ ...run, code: courseCode }],
    staticSummary: `${state.kind} course ${state.courseRef} under agreement profile ${state.profile}`,
    staticDetails: [
      `Course **${state.courseRef}** (${state.kind}), agreement profile **${state.profile}**.`,
      state.labels.hospitalUnit ? `Hospital unit: ${state.labels.hospitalUnit}.` : '',
      state.labels.municipality ? `Municipality: ${state.labels.municipality}.` : '',
      'Open obligations are in the current details below; query `courseState` for the full view.',
    ]
      .filter(Boolean)
      .join('\n'),
  };
}

/**
 * The event itself is checked by the update's validator (domain/edge.ts `validateEvent`); the
 * reference here, since "not found" errors repeat it (domain §7).
 *
 * Every event goes with an id (its own, or a new one) that is also the update's id, so a call
 * retried with the same id after a timeout or a lost answer records it once and raises its
 * alerts once: Temporal answers a repeated update id within a run, the workflow's own check
 * after continue-as-new (domain/decide.ts `alreadyRecorded`).
 */
export async function recordEvent(client: Client, courseRef: string, event: unknown): Promise<RecordEventResult> {
  const sent = withEventId(event);
  const updateId = updateIdOf(sent);
  const result = await client.workflow
    .getHandle(opaqueRef(courseRef))
    .executeUpdate(recordEventUpdate, { args: [sent], ...(updateId ? { updateId } : {}) });
  // Temporal answers an update id it has seen in this run with that update's outcome, whatever this
  // one carries: other content under a recorded id is refused here, as the workflow does after
  // continue-as-new (domain/decide.ts `checkSameEvent`).
  if (updateId) checkSameEvent(result.event, sent);
  return result;
}

/** The event with a new random id when it has none. */
export function withEventId(event: unknown): unknown {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return event;
  return (event as { id?: unknown }).id === undefined ? { ...event, id: newEventId() } : event;
}

/**
 * A new random event id. A random UUID names no one, but about one in 18,000 holds, among its hex
 * digits, eleven that pass as an identity number, which the validator refuses in any field
 * (domain §7, domain/identity.ts): such a draw is made again, so a new id is never refused.
 */
export function newEventId(draw: () => string = randomUUID): string {
  let id = draw();
  while (containsIdentityNumber(id)) id = draw();
  return id;
}

/**
 * The update id for the event's id, only when the validator will accept that id. Update ids are
 * kept unencrypted in the history, so it is the id's digest (domain/identity.ts `opaqueKey`): the
 * same id gives the same update id, and a name given as an id stays out (domain §7).
 */
function updateIdOf(event: unknown): string | undefined {
  const parsed = eventIdSchema().safeParse((event as { id?: unknown } | null)?.id);
  return parsed.success && !containsIdentityNumber(parsed.data) ? `event-${opaqueKey(parsed.data)}` : undefined;
}

export async function showCourse(client: Client, courseRef: string) {
  return client.workflow.getHandle(opaqueRef(courseRef)).query(courseStateQuery);
}

function opaqueRef(courseRef: string): string {
  const personal = identityNumberIssues(courseRef, ['courseRef']);
  if (personal.length > 0) throw new InputRejected('Invalid course reference', personal);
  return courseRef;
}
