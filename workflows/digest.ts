// The daily digest, started by a Temporal Schedule at 07:30 Europe/Oslo, Monday to Friday.
import { proxyActivities } from '@temporalio/workflow';
import { DateTime } from 'luxon';
import { isWorkingDay, localDate, startOfNextLocalDay, ZONE, type Instant } from '../domain';
import type { DigestActivities } from '../activities/digest';
import type { DigestWorkflowInput } from './contract';

/**
 * 07:30 Oslo on the next working day, when the next digest replaces this one. A digest keeps being
 * retried until it is sent or that instant is near; the retries end a minute before it, so the
 * schedule never skips the next digest for an overlapping run. The next digest lists whatever is
 * still open: nothing of this one is lost.
 */
export function nextDigestAt(now: Instant): Instant {
  let day = startOfNextLocalDay(now);
  while (!isWorkingDay(localDate(day))) day = startOfNextLocalDay(day);
  return DateTime.fromISO(day, { zone: ZONE }).set({ hour: 7, minute: 30 }).toUTC().toISO()!;
}

export async function digestWorkflow(input: DigestWorkflowInput = {}): Promise<{ date: string; sent: number }> {
  const now = new Date().toISOString();
  const date = localDate(now);
  if (input.skipNonWorkingDays !== false && !isWorkingDay(date)) return { date, sent: 0 };
  const { collectDigests, sendDigest } = proxyActivities<DigestActivities>({
    startToCloseTimeout: '5 minutes',
    scheduleToCloseTimeout: Math.max(60_000, Date.parse(nextDigestAt(now)) - Date.parse(now) - 60_000),
    // Delays between attempts are the activities' (DELIVERY_RETRY_*); a refused recipient is not retried.
    retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
  });
  const digests = await collectDigests(date);
  const results = await Promise.allSettled(digests.map((d) => sendDigest(d)));
  return { date, sent: results.filter((r) => r.status === 'fulfilled').length };
}
