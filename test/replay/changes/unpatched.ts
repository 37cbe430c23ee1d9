// A workflow change that alters the command sequence (a new timer first) WITHOUT patched():
// the replay test shows that recorded histories catch it.
import { sleep } from '@temporalio/workflow';
import { courseWorkflow as released } from '../../../workflows/course';

export async function courseWorkflow(...args: Parameters<typeof released>): ReturnType<typeof released> {
  await sleep('1 second');
  return released(...args);
}
