// Client-side operations on courses, shared by the CLI, the dev launcher and tests.
// A course is validated with the engine's own rules before it starts, so bad input is
// refused with a clear message and no half-started course is left behind (domain §8).
import { WorkflowIdReusePolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { identityNumberIssues, InputRejected, validateStart, type StartInput } from '../domain';
import { courseWorkflow } from '../workflows';
import { courseStateQuery, recordEventUpdate, type RecordEventResult } from '../workflows/contract';
import type { Config } from '../config';
import { signedUrl } from '../activities/feed/token';

export async function startCourseWorkflow(
  client: Client,
  config: Config,
  input: StartInput,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof courseWorkflow>> {
  // The checks the workflow runs, and the edge's own (domain/edge.ts: no identity number, the
  // configured reference pattern, labels from the profile's lists, domain §7); refusing here keeps
  // a bad start out of Temporal entirely. Every start goes through here: CLI, import, demo.
  const start = validateStart(input, { courseRefPattern: config.COURSE_REF_PATTERN });
  const timelineUrl = signedUrl(config, { kind: 'timeline', courseRef: start.courseRef })?.url;
  return client.workflow.start(courseWorkflow, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    workflowId: start.courseRef,
    // A course reference names one course for good: never reused, even after it ended.
    workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    args: [{ start: input, timelineUrl }],
    // Shown at the top of the course in the Temporal UI (no patient data: the reference is opaque).
    staticSummary: `${start.kind} course ${start.courseRef} under agreement profile ${start.profile}`,
    staticDetails: [
      `Course **${start.courseRef}** (${start.kind}), agreement profile **${start.profile}**.`,
      start.labels.hospitalUnit ? `Hospital unit: ${start.labels.hospitalUnit}.` : '',
      start.labels.municipality ? `Municipality: ${start.labels.municipality}.` : '',
      'Open obligations are in the current details below; query `courseState` for the full view.',
    ]
      .filter(Boolean)
      .join('\n'),
  });
}

/**
 * The event itself is checked by the update's validator (domain/edge.ts `validateEvent`); the
 * reference here, since "not found" errors repeat it (domain §7).
 */
export async function recordEvent(client: Client, courseRef: string, event: unknown): Promise<RecordEventResult> {
  return client.workflow.getHandle(opaqueRef(courseRef)).executeUpdate(recordEventUpdate, { args: [event] });
}

export async function showCourse(client: Client, courseRef: string) {
  return client.workflow.getHandle(opaqueRef(courseRef)).query(courseStateQuery);
}

function opaqueRef(courseRef: string): string {
  const personal = identityNumberIssues(courseRef, ['courseRef']);
  if (personal.length > 0) throw new InputRejected('Invalid course reference', personal);
  return courseRef;
}
