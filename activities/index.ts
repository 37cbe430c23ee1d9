// Activities do the world's work; the workflow only decides (docs/decisions/0001-engine-is-pure.md).
// They are idempotent, because Temporal runs an activity again after a timeout or a worker crash.
// Dependencies are injected (`createActivities(deps)`) so tests deliver to their own real SMTP
// server or recorder.
import { log, metricMeter } from '@temporalio/activity';
import type { Reminder } from '../domain';
import { deliveryFailure, type DeliveryRetry } from './email/failures';

export type DeliverReminder = (reminder: Reminder) => Promise<void>;

export function createActivities(deps: { deliver: DeliverReminder; retry?: DeliveryRetry }) {
  return {
    /** One reminder; its business key makes a retried call deliver the same reminder, not a second one. */
    async sendReminder(reminder: Reminder): Promise<void> {
      // Prometheus counters (docs/operations.md, "Monitoring"), labelled by rule and reminder kind:
      // nothing personal.
      const tags = { rule: reminder.rule, kind: reminder.kind };
      try {
        await deps.deliver(reminder);
      } catch (err) {
        metricMeter
          .createCounter(
            'forlopsvakt_reminders_failed',
            'attempts',
            'Reminder delivery attempts the mail server did not accept',
          )
          .add(1, tags);
        throw deliveryFailure(err, deps.retry);
      }
      metricMeter
        .createCounter('forlopsvakt_reminders_sent', 'reminders', 'Reminders accepted by the mail server')
        .add(1, tags);
      // One structured line per reminder sent: no patient data, the course reference is opaque.
      const { businessKey, courseRef, rule, kind, role, recipient, dueAt } = reminder;
      log.info('reminder sent', { businessKey, courseRef, rule, kind, role, recipient, dueAt });
    },
  };
}
export type Activities = ReturnType<typeof createActivities>;
