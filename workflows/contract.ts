// The course workflow's contract, shared by the workflow, the worker and every client
// (the samples-typescript pattern: one module of defineUpdate/defineQuery constants).
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AdoptInput,
  CourseState,
  CourseView,
  DigestItem,
  Phase,
  RecordedEvent,
  Role,
  StartInput,
} from '../domain';

export const courseWorkflowType = 'courseWorkflow';
/** The visibility query of every running course. */
export const runningCoursesQuery = `WorkflowType = '${courseWorkflowType}' AND ExecutionStatus = 'Running'`;

/**
 * The code a course started now runs: the newest combined patch marker of `workflows/course.ts`.
 * The client stamps it on the start (`CourseWorkflowInput.code`), so the course records no marker
 * of its own (docs/versioning.md "v13").
 */
export const courseCode = 'course-code-2026-12-7';

export interface CourseWorkflowInput {
  /**
   * The code the client started the course for (`courseCode`). A worker on that code runs it so
   * without recording a patch marker; any other worker ignores it and records its own.
   */
  code?: string;
  /** A new course: validated by the client with the same schema before it starts. */
  start?: StartInput;
  /**
   * A course already under way, adopted at go-live (domain §9.6): its start and the dates of what
   * already happened, validated by the client with the same domain function (`adoptCourse`).
   */
  adopt?: AdoptInput;
  /** A course carried over by continue-as-new (timers re-arm from its absolute due instants). */
  state?: CourseState;
  /** Continue as new at this history length at the latest (the SDK may suggest it earlier). */
  continueAsNewAfterEvents?: number;
  /** The course's timeline page on the worker's feed server, linked from its details (signed by the client). */
  timelineUrl?: string;
}

export interface CourseOutcome {
  courseRef: string;
  phase: Phase;
  events: number;
  waitingDays: number;
}

export interface RecordEventResult {
  seq: number;
  phase: Phase;
  event: RecordedEvent;
}

/** Record an event; the validator rejects bad input before anything is written to history. */
export const recordEventUpdate = defineUpdate<RecordEventResult, [unknown]>('recordEvent');
/** The course: phase, open obligations with due instants in Oslo time, DIS-WAITING. */
export const courseStateQuery = defineQuery<CourseView>('courseState');
/** Every recorded event with who and when, for the audit trail. */
export const eventsQuery = defineQuery<RecordedEvent[]>('events');
/** Open obligations for the care team's digest mailboxes. */
export const digestQuery = defineQuery<DigestItem[]>('digest');
/**
 * Each care-team role's mailbox (staff or functional addresses, never the patient's: domain §7), so
 * the calendar feed can give a mailbox the deadlines of its roles. Managers and flags stay inside.
 */
export const mailboxesQuery = defineQuery<Partial<Record<Role, string>>>('mailboxes');
/**
 * What the course would continue as new with (its whole state, not its history), so that
 * `forlopsvakt export` can carry it to another Temporal server, where `forlopsvakt import
 * --from-export` starts it with this input (client/export.ts).
 */
export const exportStateQuery = defineQuery<CourseWorkflowInput>('exportState');

export const digestWorkflowType = 'digestWorkflow';
export const digestScheduleId = 'forlopsvakt-daily-digest';
export interface DigestWorkflowInput {
  /** The schedule runs Monday to Friday; public holidays are skipped here (domain §6). */
  skipNonWorkingDays?: boolean;
}
