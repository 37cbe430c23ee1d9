// The daily digest: a care-team mailbox with `"digest": true` gets one e-mail at 07:30 Oslo on
// working days listing its open and overdue obligations across courses, instead of one e-mail each.
// The worker creates the schedule that starts it (worker/schedules.ts).
import type { Client } from '@temporalio/client';
import type { DigestItem } from '../domain';
import type { LocalDate } from '../domain';
import { digestQuery, runningCoursesQuery } from '../workflows/contract';
import { renderDigest } from './email/digest';
import type { Links } from './email/shared';
import type { SendMail } from './email/smtp';
import { deliveryFailure, type DeliveryRetry } from './email/failures';

export interface Digest {
  mailbox: string;
  date: LocalDate;
  items: DigestItem[];
}

export function createDigestActivities(deps: { client: Client; send: SendMail; links: Links; retry?: DeliveryRetry }) {
  return {
    /** Every running course's open obligations for digest mailboxes, grouped by mailbox. */
    async collectDigests(date: LocalDate): Promise<Digest[]> {
      const byMailbox = new Map<string, DigestItem[]>();
      for await (const wf of deps.client.workflow.list({
        query: runningCoursesQuery,
      })) {
        const items = await deps.client.workflow.getHandle(wf.workflowId).query(digestQuery);
        for (const item of items) byMailbox.set(item.mailbox, [...(byMailbox.get(item.mailbox) ?? []), item]);
      }
      return [...byMailbox].map(([mailbox, items]) => ({ mailbox, date, items }));
    },
    /** One digest e-mail; the business key (mailbox + date) makes a retry the same message. */
    async sendDigest(digest: Digest): Promise<void> {
      try {
        await deps.send({
          ...renderDigest(digest, deps.links),
          to: digest.mailbox,
          businessKey: `digest/${digest.mailbox}/${digest.date}`,
        });
      } catch (err) {
        throw deliveryFailure(err, deps.retry);
      }
    },
  };
}
export type DigestActivities = ReturnType<typeof createDigestActivities>;
