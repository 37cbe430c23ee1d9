// Who is reminded or alerted: each rule names role groups; the care team says who fills them.
import type { Instant } from './calendar';
import type { RecordedEvent } from './events';
import {
  copyState,
  hospitalRoles,
  municipalRoles,
  partyOf,
  roles,
  type CareTeam,
  type CourseState,
  type Obligation,
  type Reminder,
  type ReminderKind,
  type Role,
} from './model';
import { opaqueKey } from './identity';
import type { Rule } from './rule';
import { ruleOf } from './rulebook';

/** The first role of a group that the care team has; else that party's first contact. */
function resolve(team: CareTeam, group: readonly Role[]): Role | undefined {
  const present = group.find((r) => team[r]);
  if (present) return present;
  const party = partyOf(group[0]!);
  const fallback = party === 'hospital' ? hospitalRoles : municipalRoles;
  return fallback.find((r) => team[r]);
}

/** A mailbox that asked for the daily digest gets heads-ups and deadlines there, not one by one. */
const inDigest = (s: CourseState, role: Role, kind: ReminderKind) =>
  s.careTeam[role]?.digest === true && (kind === 'headsUp' || kind === 'due');
export const responsibleRoles = (s: CourseState, r: Rule): Role[] => [
  ...new Set(r.who.map((g) => resolve(s.careTeam, g)).filter((x): x is Role => !!x)),
];

export function remindersFor(s: CourseState, o: Obligation, kind: ReminderKind): Reminder[] {
  const r = ruleOf(s, o.rule);
  return responsibleRoles(s, r)
    .filter((role) => !inDigest(s, role, kind))
    .map((role) => {
      const member = s.careTeam[role]!;
      const recipient = kind === 'escalation' ? (member.manager ?? member.mailbox) : member.mailbox;
      return {
        businessKey: `${s.courseRef}/${o.key}/${kind}/${role}`,
        courseRef: s.courseRef,
        rule: r.id,
        kind,
        role,
        recipient,
        profile: s.profile,
        dueAt: o.dueAt,
        openedAt: o.openedAt,
        obligation: o.key,
      };
    });
}

export function alertsFor(s: CourseState, r: Rule, to: Role[] | 'careTeam', e: RecordedEvent): Reminder[] {
  // Every party the rule names that the care team has; if it has none of them, that party's first contact.
  const named = to === 'careTeam' ? roles.filter((x) => s.careTeam[x]) : to.filter((x) => s.careTeam[x]);
  const wanted =
    named.length > 0 || to === 'careTeam' ? named : [resolve(s.careTeam, to)].filter((x): x is Role => !!x);
  // Keyed by the event's id where it has one: the key is the e-mail's idempotency key (its
  // Message-ID, activities/email/smtp.ts), so an event sent again under its id is the same alert.
  // Events without an id (old courses, a first event without one) keep their sequence number;
  // `event-id-` keeps an id apart from an event number; the id goes in as its digest, as the key is
  // in logs and e-mail headers (domain §7).
  const event = e.id === undefined ? `event-${e.seq}` : `event-id-${opaqueKey(e.id)}`;
  return wanted.map((role) => ({
    businessKey: `${s.courseRef}/${r.id}/${event}/alert/${role}`,
    courseRef: s.courseRef,
    rule: r.id,
    kind: 'alert' as const,
    role,
    recipient: s.careTeam[role]!.mailbox,
    profile: s.profile,
  }));
}

/**
 * A reminder the mail server refused for good: recorded in the course, and the role's manager
 * is told (domain §7: escalation), unless the refused message was already the manager's.
 */
export function recordDeliveryFailure(
  current: CourseState,
  r: Reminder,
  error: string,
  now: Instant,
): { state: CourseState; effects: Reminder[] } {
  const s: CourseState = copyState(current);
  s.deliveryFailures.push({ businessKey: r.businessKey, rule: r.rule, role: r.role, kind: r.kind, at: now, error });
  const manager = s.careTeam[r.role]?.manager;
  const toManager = r.kind === 'escalation' || r.kind === 'deliveryFailed' || !manager || manager === r.recipient;
  const effects: Reminder[] = toManager
    ? []
    : [{ ...r, businessKey: `${r.businessKey}/deliveryFailed`, kind: 'deliveryFailed', recipient: manager }];
  return { state: s, effects };
}
