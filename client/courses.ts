// Client-side operations on courses, shared by the CLI, the dev launcher and tests.
// A course is validated with the engine's own rules before it starts, so bad input is
// refused with a clear message and no half-started course is left behind (domain §8).
import { WorkflowIdReusePolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { startCourse, startInputSchema, type StartInput } from '../domain';
import { courseWorkflow } from '../workflows';
import { courseStateQuery, recordEventUpdate, type RecordEventResult } from '../workflows/contract';
import type { Config } from '../config';
import { signedUrl } from '../activities/feed/token';

export async function startCourseWorkflow(
  client: Client,
  config: Config,
  input: StartInput,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof courseWorkflow>> {
  // The same checks the workflow runs; refusing here keeps a bad start out of Temporal entirely.
  startCourse(input, new Date().toISOString());
  const start = startInputSchema.parse(input);
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

export async function recordEvent(client: Client, courseRef: string, event: unknown): Promise<RecordEventResult> {
  return client.workflow.getHandle(courseRef).executeUpdate(recordEventUpdate, { args: [event] });
}

export async function showCourse(client: Client, courseRef: string) {
  return client.workflow.getHandle(courseRef).query(courseStateQuery);
}
