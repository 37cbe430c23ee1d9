// What the calendar feed reads: every running course, found with the visibility list as `course list`
// finds them, and per course its view (`courseState`) and its care team's mailboxes (`mailboxes`).
// No search attribute names a mailbox (search attributes are never encrypted), so every running
// course is asked; a few at a time, to keep the load on the workers even.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CourseView } from '../../domain';
import { courseStateQuery, eventsQuery, mailboxesQuery, runningCoursesQuery } from '../../workflows/contract';
import type { CourseFeedSource } from './ics';
import { timelineSvg } from './timeline';

export interface CollectedCourses {
  courses: CourseFeedSource[];
  /** Courses whose queries failed (a failing workflow task, a worker without the `mailboxes` query). */
  unreadable: { courseRef: string; error: string }[];
}

/**
 * Calls `read` for every running course (listed with the visibility query as `course list` lists
 * them), `concurrency` at a time: the calendar feed and `forlopsvakt export` read courses this way.
 */
export async function forEachRunningCourse(
  client: Client,
  read: (courseRef: string) => Promise<void>,
  concurrency = 8,
): Promise<void> {
  const refs = new Set<string>();
  for await (const wf of client.workflow.list({ query: runningCoursesQuery })) refs.add(wf.workflowId);
  const queue = [...refs];
  const reader = async () => {
    for (let ref = queue.shift(); ref !== undefined; ref = queue.shift()) await read(ref);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, reader));
}

export async function collectCourses(client: Client, concurrency = 8): Promise<CollectedCourses> {
  const result: CollectedCourses = { courses: [], unreadable: [] };
  const read = async (courseRef: string) => {
    const handle = client.workflow.getHandle(courseRef);
    try {
      const [view, mailboxes] = await Promise.all([handle.query(courseStateQuery), handle.query(mailboxesQuery)]);
      result.courses.push({ view, mailboxes });
    } catch (err) {
      // Gone between the list and the query: nothing of it is open any more.
      if (err instanceof WorkflowNotFoundError) return;
      result.unreadable.push({ courseRef, error: err instanceof Error ? err.message : String(err) });
    }
  };
  await forEachRunningCourse(client, read, concurrency);
  return result;
}

/** One course drawn (activities/feed/timeline.ts), for `course timeline` and the served timeline page. */
export async function courseTimeline(client: Client, courseRef: string): Promise<{ view: CourseView; svg: string }> {
  const handle = client.workflow.getHandle(courseRef);
  const [view, events] = await Promise.all([handle.query(courseStateQuery), handle.query(eventsQuery)]);
  return { view, svg: await timelineSvg(view, events) };
}
