// The same change behind patched(), as docs/versioning.md prescribes: old histories replay.
import { patched, sleep } from '@temporalio/workflow';
import { courseWorkflow as released } from '../../../workflows/course';

export async function courseWorkflow(...args: Parameters<typeof released>): ReturnType<typeof released> {
  if (patched('replay-demo-extra-timer')) await sleep('1 second');
  return released(...args);
}
