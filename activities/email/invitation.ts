// The calendar invitation a meeting reminder carries (domain §7).
import ical, { ICalCalendarMethod } from 'ical-generator';
import { rule, type Reminder } from '../../domain';
import { courseLink, sourceOf, type Links } from './shared';

/**
 * Meeting obligations carry an invitation for the period in which the meeting must be held.
 * The UID is the obligation's, so each new reminder updates the same calendar entry
 * (SEQUENCE grows with the reminder kind).
 */
export function meetingInvitation(r: Reminder, links: Links): string | undefined {
  const rl = rule(r.rule);
  if (!rl.meeting || !r.obligation || !r.dueAt || !r.openedAt) return undefined;
  const calendar = ical({
    prodId: { company: 'Forløpsvakt', product: 'forlopsvakt', language: 'NB' },
    method: ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: `${r.courseRef}/${r.obligation}@forlopsvakt`,
    sequence: sequenceOf[r.kind],
    // UTC instants: unambiguous in every calendar client, no VTIMEZONE needed.
    start: new Date(r.openedAt),
    end: new Date(r.dueAt),
    stamp: new Date(r.openedAt),
    summary: `${rl.id}: ${rl.title.nb} – ${r.courseRef}`,
    description: [`${rl.title.nb} / ${rl.title.en}`, sourceOf(rl, r.profile)?.nb, courseLink(r, links)]
      .filter(Boolean)
      .join('\n'),
    url: courseLink(r, links),
  });
  return calendar.toString();
}
const sequenceOf: Record<Reminder['kind'], number> = {
  headsUp: 0,
  due: 1,
  escalation: 2,
  alert: 0,
  deliveryFailed: 2,
  // An adoption summary names no single obligation, so it never carries an invitation.
  adopted: 0,
};
