// The baseline: the Temporal SDK samples' pattern, a workflow that only sleeps until its due
// instant and then calls one activity. Forløpsvakt's figures are read as ratios to this one's.
// Its update only counts: the like-for-like partner of a `recordEvent` round trip.
import { defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BaselineActivities } from './activities';

const { deliver } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '1 minute' });

export interface BareInput {
  businessKey: string;
  dueAt: string;
}

export const bareUpdate = defineUpdate<number>('bareUpdate');

export async function bareWorkflow({ businessKey, dueAt }: BareInput): Promise<void> {
  let updates = 0;
  setHandler(bareUpdate, () => ++updates);
  await sleep(Math.max(1, Date.parse(dueAt) - Date.now()));
  await deliver(businessKey);
}
