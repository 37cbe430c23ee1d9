// Read-only views of a course: what the CLI, the Temporal UI and the digest show.
import { calendarDaysBetween, formatOslo, type Instant } from './calendar';
import { rule } from './catalogue';
import type { RecordedEvent } from './events';
import type { CourseKind, CourseState, Phase, Role } from './model';
import { missingSteps } from './obligations';
import { responsibleRoles } from './recipients';

/** DIS-WAITING: calendar days a discharge-ready patient has waited after day 0, all periods summed. */
export function waitingDays(s: CourseState, now: Instant): number {
  return s.waiting.reduce((sum, w) => sum + Math.max(0, calendarDaysBetween(w.from, w.to ?? now)), 0);
}

export interface ObligationView {
  key: string;
  rule: string;
  title: string;
  source: string;
  occurrence: number;
  openedAt: Instant;
  dueAt: Instant;
  dueOslo: string;
  overdue: boolean;
  missing: string[];
  who: Role[];
}
export function openObligations(s: CourseState, now: Instant): ObligationView[] {
  return [...s.obligations]
    .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.key.localeCompare(b.key)))
    .map((o) => {
      const r = rule(o.rule);
      return {
        key: o.key,
        rule: o.rule,
        title: r.title.en,
        source: r.source,
        occurrence: o.occurrence,
        openedAt: o.openedAt,
        dueAt: o.dueAt,
        dueOslo: formatOslo(o.dueAt, 'en'),
        overdue: o.dueAt <= now,
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

export interface CourseView {
  courseRef: string;
  kind: CourseKind;
  profile: string;
  phase: Phase;
  startedAt: Instant;
  now: Instant;
  openObligations: ObligationView[];
  overdueCount: number;
  nextDeadline?: Instant;
  waitingDays: number;
  overrides: CourseState['overrides'];
  deliveryFailures: CourseState['deliveryFailures'];
  eventCount: number;
  recentEvents: RecordedEvent[];
}
export function courseView(s: CourseState, now: Instant): CourseView {
  const open = openObligations(s, now);
  return {
    courseRef: s.courseRef,
    kind: s.kind,
    profile: s.profile,
    phase: s.phase,
    startedAt: s.startedAt,
    now,
    openObligations: open,
    overdueCount: open.filter((o) => o.overdue).length,
    nextDeadline: open.find((o) => !o.overdue)?.dueAt,
    waitingDays: waitingDays(s, now),
    overrides: s.overrides,
    deliveryFailures: s.deliveryFailures,
    eventCount: s.events.length,
    recentEvents: s.events.slice(-10),
  };
}
