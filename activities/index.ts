// Activities do the world's work and are idempotent (design.md §1). Dependencies are injected
// (`createActivities(deps)`) so tests deliver to their own real SMTP server or recorder.
import { log } from '@temporalio/activity';
import type { Reminder } from '../domain/engine';

export type DeliverReminder = (reminder: Reminder) => Promise<void>;

export function createActivities(deps: { deliver: DeliverReminder }) {
  return {
    /** One reminder; its business key makes a retried call deliver the same reminder, not a second one. */
    async sendReminder(reminder: Reminder): Promise<void> {
      await deps.deliver(reminder);
      // One structured line per reminder sent: no patient data, the course reference is opaque.
      const { businessKey, courseRef, rule, kind, role, recipient, dueAt } = reminder;
      log.info('reminder sent', { businessKey, courseRef, rule, kind, role, recipient, dueAt });
    },
  };
}
export type Activities = ReturnType<typeof createActivities>;
