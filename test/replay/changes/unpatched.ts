// A workflow change that alters the command sequence (a new activity first) WITHOUT patched():
// the replay test shows that recorded histories catch it. An activity, not a timer: the SDK
// matches a timer by its sequence number alone, so a new timer can pass for the course's own
// first one in a history that starts with it (as a course without a patch marker does).
import { proxyActivities } from '@temporalio/workflow';
import { courseWorkflow as released } from '../../../workflows/course';

export const { announce } = proxyActivities<{ announce(): Promise<void> }>({ startToCloseTimeout: '1 minute' });

export async function courseWorkflow(...args: Parameters<typeof released>): ReturnType<typeof released> {
  await announce();
  return released(...args);
}
