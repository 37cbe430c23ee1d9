// Activities do the world's work and are idempotent (design.md §1). Dependencies are injected
// (`createActivities(deps)`) so tests record reminders with a real implementation of their own.
import { log } from '@temporalio/activity';
import type { Reminder } from '../domain/engine';

export type DeliverReminder = (reminder: Reminder) => Promise<void>;

/** Until e-mail delivery lands (issue 4): one structured log line per reminder, no patient data. */
export const logReminder: DeliverReminder = async (r) => {
  log.info('reminder', { businessKey: r.businessKey, courseRef: r.courseRef, rule: r.rule, kind: r.kind, role: r.role, recipient: r.recipient, dueAt: r.dueAt });
};

export function createActivities(deps: { deliver: DeliverReminder } = { deliver: logReminder }) {
  return {
    /** One reminder; its business key makes a retried call deliver the same reminder, not a second one. */
    async sendReminder(reminder: Reminder): Promise<void> {
      await deps.deliver(reminder);
    },
  };
}
export type Activities = ReturnType<typeof createActivities>;
