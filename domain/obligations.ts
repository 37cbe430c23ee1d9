// Obligations: opening a rule's occurrence, completing its steps, closing and cancelling it.
import type { Instant } from './calendar';
import { catalogue, matches, rule, type Rule, type Step } from './catalogue';
import { dueFor, occurrenceWindow } from './deadlines';
import type { RecordedEvent } from './events';
import type { ClosedObligation, CourseState, Obligation } from './model';
import type { Gate } from './catalogue';
import type { Profile } from './profiles';

export const rulesOf = (s: CourseState) => catalogue.filter((r) => r.kinds.includes(s.kind));
const isRequired = (s: CourseState, st: Step) => !st.requiredWhen || s.flags[st.requiredWhen] === true;
export const missingSteps = (s: CourseState, o: Obligation): Step[] =>
  rule(o.rule).steps.filter((st) => isRequired(s, st) && !o.steps.find((x) => x.id === st.id)?.doneAt);

/**
 * Marks the steps an event completes and closes what is then done. One event serves one
 * occurrence per rule, the oldest: a meeting held closes one meeting obligation, not two
 * (000 §3.4.1 asks for two separate meetings in the first six months).
 */
export function completeSteps(s: CourseState, e: RecordedEvent): void {
  const served = new Set<string>();
  for (const o of [...s.obligations]) {
    const r = rule(o.rule);
    let touched = false;
    for (const st of r.steps) {
      const mine = o.steps.find((x) => x.id === st.id)!;
      if (!served.has(r.id) && !mine.doneAt && st.match.some((m) => matches(m, e))) {
        mine.doneAt = e.at;
        touched = true;
      }
    }
    if (touched) served.add(r.id);
    // Re-check every open obligation: a flag change (e.g. risk no longer elevated) may complete one.
    if ((touched || r.steps.some((st) => st.requiredWhen)) && missingSteps(s, o).length === 0) close(s, o, e, 'done');
  }
}

function close(s: CourseState, o: Obligation, e: RecordedEvent, outcome: ClosedObligation['outcome']): void {
  s.obligations = s.obligations.filter((x) => x !== o);
  s.closed.push({
    key: o.key,
    rule: o.rule,
    openedAt: o.openedAt,
    dueAt: o.dueAt,
    closedAt: e.at,
    outcome,
    eventSeq: e.seq,
  });
}

export function cancelRule(s: CourseState, ruleId: string, e: RecordedEvent): void {
  // A gate rule still open when its gated event passed on an override was overridden, not done.
  const overridden = s.overrides.some((o) => o.usedBySeq === e.seq && rule(ruleId).gates?.includes(o.gate as Gate));
  for (const o of s.obligations.filter((x) => x.rule === ruleId))
    close(s, o, e, overridden ? 'overridden' : 'cancelled');
  s.schedules = s.schedules.filter((x) => x.rule !== ruleId);
}

export function endCourse(s: CourseState, e: RecordedEvent): void {
  for (const o of [...s.obligations]) close(s, o, e, 'cancelled');
  s.schedules = [];
}

/** Opens a rule: a recurring rule gets a schedule, any other rule one occurrence (never two at once). */
export function openRule(s: CourseState, r: Rule, at: Instant, profile: Profile): void {
  const d = r.deadline;
  if (d.type === 'recurring') {
    if (!s.schedules.some((x) => x.rule === r.id)) s.schedules.push({ rule: r.id, anchor: at, next: 1 });
    materialise(s, at, profile);
    return;
  }
  if (d.type === 'immediate' || d.type === 'measure') return;
  if (s.obligations.some((o) => o.rule === r.id)) return;
  const occurrence = 1 + s.closed.filter((c) => c.rule === r.id).length;
  const dueAt = dueFor(r, at, profile);
  s.obligations.push(newObligation(r, occurrence, at, dueAt));
}

export function newObligation(r: Rule, occurrence: number, openedAt: Instant, dueAt: Instant): Obligation {
  return {
    key: `${r.id}#${occurrence}`,
    rule: r.id,
    occurrence,
    openedAt,
    dueAt,
    steps: r.steps.map((st) => ({ id: st.id })),
    sent: [],
  };
}

/** Opens every scheduled occurrence whose window has begun. */
export function materialise(s: CourseState, now: Instant, profile: Profile): void {
  for (const sch of s.schedules) {
    const r = rule(sch.rule);
    for (
      let w = occurrenceWindow(r, sch.anchor, sch.next, profile);
      w && w.opensAt <= now;
      w = occurrenceWindow(r, sch.anchor, sch.next, profile)
    ) {
      s.obligations.push(newObligation(r, sch.next, w.opensAt, w.dueAt));
      sch.next += 1;
    }
  }
}
