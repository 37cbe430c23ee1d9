// The daily digest, started by a Temporal Schedule at 07:30 Europe/Oslo, Monday to Friday.
import { proxyActivities } from '@temporalio/workflow';
import { isWorkingDay, localDate } from '../domain';
import type { DigestActivities } from '../activities/digest';
import type { DigestWorkflowInput } from './contract';

const { collectDigests, sendDigest } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '5 minutes',
  retry: {
    initialInterval: '10 seconds',
    maximumInterval: '10 minutes',
    maximumAttempts: 20,
    nonRetryableErrorTypes: ['PermanentDeliveryFailure'],
  },
});

export async function digestWorkflow(input: DigestWorkflowInput = {}): Promise<{ date: string; sent: number }> {
  const date = localDate(new Date().toISOString());
  if (input.skipNonWorkingDays !== false && !isWorkingDay(date)) return { date, sent: 0 };
  const digests = await collectDigests(date);
  const results = await Promise.allSettled(digests.map((d) => sendDigest(d)));
  return { date, sent: results.filter((r) => r.status === 'fulfilled').length };
}
