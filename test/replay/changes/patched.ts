// The same change behind patched(), as docs/versioning.md prescribes: old histories replay.
import { patched } from '@temporalio/workflow';
import { courseWorkflow as released } from '../../../workflows/course';
import { announce } from './unpatched';

export async function courseWorkflow(...args: Parameters<typeof released>): ReturnType<typeof released> {
  if (patched('replay-demo-announce-first')) await announce();
  return released(...args);
}
