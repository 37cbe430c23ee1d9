// What the Temporal UI's timeline says about a course's timers and reminder activities: the rule,
// the reminder, whom it is for and when, in Oslo time (domain §6, §7). Summaries are user
// metadata on the commands, not part of what replay compares, so these texts may change freely
// (docs/versioning.md). Nothing personal: only rule ids, reminder kinds and roles.
import {
  formatOsloShort,
  nextWakeUpReason,
  type CourseState,
  type Instant,
  type Reminder,
  type ReminderKind,
  type Role,
  type WakeUpReason,
} from '../domain';

/** Role names short enough for a timeline row (the full titles are `roleTitles`, domain §3). */
export const roleShortNames: Record<Role, string> = {
  responsibleClinician: 'responsible clinician',
  ward: 'ward',
  dps: 'DPS',
  hospitalCoordinator: 'hospital coordinator',
  hospitalCoordinatingUnit: 'hospital coordinating unit',
  caseOffice: 'case office',
  municipalCoordinator: 'municipal coordinator',
  contactPerson: 'contact person',
  municipalCoordinatingUnit: 'municipal coordinating unit',
  emergencyClinic: 'out-of-hours clinic',
  gp: 'GP',
  police: 'police',
  prosecutor: 'prosecutor',
  guardian: 'guardian',
};

const kindNames: Record<ReminderKind, string> = {
  headsUp: 'heads-up',
  due: 'due',
  escalation: 'escalation',
  alert: 'alert',
  deliveryFailed: 'delivery failed',
  adopted: 'overdue at adoption',
};

/** Escalations and refused deliveries go to the role's manager (domain §7). */
const toManager = (kind: ReminderKind) => kind === 'escalation' || kind === 'deliveryFailed';
const recipients = (roles: Role[], kind: ReminderKind): string =>
  roles.length === 0
    ? 'nobody in the care team'
    : roles.map((role) => `${roleShortNames[role]}${toManager(kind) ? ' manager' : ''}`).join(' + ');

const reasonText = (reason: WakeUpReason): string =>
  reason.type === 'reminder'
    ? `${reason.rule} ${kindNames[reason.kind]} → ${recipients(reason.roles, reason.kind)}`
    : `${reason.rule} #${reason.occurrence} opens`;

/**
 * The wake-up timer's summary: the earliest reminder (or scheduled occurrence) it wakes the course
 * for and when, e.g. "ADM-REPORT due → case office, Thu 26 Nov 12:23 (+1 more)"; the year is named
 * when it is not `now`'s.
 */
export function wakeUpSummary(state: CourseState, wake: Instant, now: Instant): string {
  const next = nextWakeUpReason(state);
  const when = formatOsloShort(wake, 'en', now);
  const reasons = next?.at === wake ? next.reasons : [];
  if (reasons.length === 0) return `next wake-up, ${when}`;
  const more = reasons.length > 1 ? ` (+${reasons.length - 1} more)` : '';
  return `${reasonText(reasons[0]!)}, ${when}${more}`;
}

/** A reminder activity's summary, e.g. "ADM-REPORT heads-up → case office, deadline Thu 26 Nov 12:23". */
export function reminderSummary(r: Reminder, now: Instant): string {
  const deadline = r.dueAt ? `, deadline ${formatOsloShort(r.dueAt, 'en', now)}` : '';
  return `${r.rule} ${kindNames[r.kind]} → ${recipients([r.role], r.kind)}${deadline}`;
}
