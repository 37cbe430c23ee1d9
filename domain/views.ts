// Read-only views of a course: what the CLI, the Temporal UI and the digest show.
import { calendarDaysBetween, formatOslo, type Instant } from './calendar';
import type { RecordedEvent } from './events';
import type { ClosedObligation, CourseKind, CourseState, OverdueAtAdoption, Phase, Role } from './model';
import { missingSteps } from './obligations';
import { loadProfile } from './profiles';
import { responsibleRoles } from './recipients';
import { gateTitles, type Rule } from './rule';
import { isLocalDefault, revisionOf, ruleOf, type Revision } from './rulebook';
import { sourceText } from './sources';

/** DIS-WAITING: calendar days a discharge-ready patient has waited after day 0, all periods summed. */
export function waitingDays(s: CourseState, now: Instant): number {
  return s.waiting.reduce((sum, w) => sum + Math.max(0, calendarDaysBetween(w.from, w.to ?? now)), 0);
}

export interface ObligationView {
  key: string;
  rule: string;
  title: string;
  /** The course's own agreement and national sources, or "Local default" (domain §9.11). */
  source: string;
  localDefault: boolean;
  occurrence: number;
  openedAt: Instant;
  /** Absent for a rule that only gates an event. */
  dueAt?: Instant;
  /** The deadline in Oslo time, or the event it must come before. */
  dueOslo: string;
  overdue: boolean;
  missing: string[];
  who: Role[];
}
/** Deadlines first, earliest first; then the duties that only gate an event. */
const byDue = (a: { dueAt?: Instant; key: string }, b: { dueAt?: Instant; key: string }) =>
  (a.dueAt ?? '~').localeCompare(b.dueAt ?? '~') || a.key.localeCompare(b.key);

/** Where a rule comes from, as staff name it, for a course under `profileId`. */
export function ruleSource(r: Rule, profileId: string, lang: 'nb' | 'en' = 'en'): string {
  return sourceText(r.sources, loadProfile(profileId).agreement, lang);
}

const beforeGate = (r: Rule) => `before ${(r.gates ?? []).map((g) => gateTitles[g].en).join(' / ')}`;

export function openObligations(s: CourseState, now: Instant): ObligationView[] {
  const profile = loadProfile(s.profile);
  return [...s.obligations].sort(byDue).map((o) => {
    const r = ruleOf(s, o.rule);
    return {
      key: o.key,
      rule: o.rule,
      title: r.title.en,
      source: ruleSource(r, s.profile),
      localDefault: isLocalDefault(profile, r),
      occurrence: o.occurrence,
      openedAt: o.openedAt,
      ...(o.dueAt !== undefined ? { dueAt: o.dueAt } : {}),
      dueOslo: o.dueAt !== undefined ? formatOslo(o.dueAt, 'en') : beforeGate(r),
      overdue: o.dueAt !== undefined && o.dueAt <= now,
      missing: missingSteps(s, o).map((st) => st.title.en),
      who: responsibleRoles(s, r),
    };
  });
}

export interface DigestItem {
  mailbox: string;
  role: Role;
  courseRef: string;
  obligation: ObligationView;
}
/** The open obligations of this course for each mailbox that takes the daily digest. */
export function digestItems(s: CourseState, now: Instant): DigestItem[] {
  return openObligations(s, now).flatMap((obligation) =>
    obligation.who
      .filter((role) => s.careTeam[role]?.digest)
      .map((role) => ({ mailbox: s.careTeam[role]!.mailbox, role, courseRef: s.courseRef, obligation })),
  );
}

/** A closed duty (domain §4 "closed by"; §9.7 done before), for the course timeline. */
export type ClosedObligationView = Pick<
  ClosedObligation,
  'key' | 'rule' | 'openedAt' | 'dueAt' | 'closedAt' | 'outcome'
>;
/** How many of the latest closed duties a view carries: a picture's worth, and a small query result. */
export const closedInView = 50;

export interface CourseView {
  courseRef: string;
  kind: CourseKind;
  profile: string;
  phase: Phase;
  /** The revision of the rules the course runs under (domain §9). */
  revision: Revision;
  startedAt: Instant;
  now: Instant;
  openObligations: ObligationView[];
  /** The latest `closedInView` closed duties, in the order they closed. */
  closedObligations: ClosedObligationView[];
  overdueCount: number;
  nextDeadline?: Instant;
  waitingDays: number;
  overrides: CourseState['overrides'];
  deliveryFailures: CourseState['deliveryFailures'];
  eventCount: number;
  recentEvents: RecordedEvent[];
  /** What was already overdue when the course was adopted under way, listed once (domain §9.6). */
  overdueAtAdoption?: OverdueAtAdoption[];
}
export function courseView(s: CourseState, now: Instant): CourseView {
  const open = openObligations(s, now);
  return {
    courseRef: s.courseRef,
    kind: s.kind,
    profile: s.profile,
    phase: s.phase,
    revision: revisionOf(s),
    startedAt: s.startedAt,
    now,
    openObligations: open,
    closedObligations: s.closed.slice(-closedInView).map(({ key, rule, openedAt, dueAt, closedAt, outcome }) => ({
      key,
      rule,
      openedAt,
      ...(dueAt !== undefined ? { dueAt } : {}),
      closedAt,
      outcome,
    })),
    overdueCount: open.filter((o) => o.overdue).length,
    nextDeadline: open.find((o) => o.dueAt !== undefined && !o.overdue)?.dueAt,
    waitingDays: waitingDays(s, now),
    overrides: s.overrides,
    deliveryFailures: s.deliveryFailures,
    eventCount: s.events.length,
    recentEvents: s.events.slice(-10),
    ...(s.adoption ? { overdueAtAdoption: s.adoption.overdue } : {}),
  };
}
