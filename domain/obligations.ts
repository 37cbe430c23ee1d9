// Obligations: opening a rule's occurrence, completing its steps, closing and cancelling it.
import { add } from './calendar';
import { matches } from './catalogue';
import { dueFor, duration, occurrenceWindow, type DueContext } from './deadlines';
import type { RecordedEvent } from './events';
import type { ClosedObligation, CourseState, Obligation, StepState } from './model';
import { loadProfile, type Profile } from './profiles';
import type { Rule, Step } from './rule';
import { revisionOf, ruleOf } from './rulebook';

const isRequired = (s: CourseState, agreement: string, st: Step) =>
  (!st.requiredWhen || s.flags[st.requiredWhen] === true) && (!st.onlyUnder || st.onlyUnder.includes(agreement));

export function missingSteps(s: CourseState, o: Obligation): Step[] {
  const agreement = loadProfile(s.profile).agreement;
  return ruleOf(s, o.rule).steps.filter(
    (st) => isRequired(s, agreement, st) && !o.steps.find((x) => x.id === st.id)?.doneAt,
  );
}

function stepState(o: Obligation, id: string): StepState {
  let found = o.steps.find((x) => x.id === id);
  if (!found) o.steps.push((found = { id }));
  return found;
}

/**
 * Marks the steps an event completes and closes what is then done. One event serves one
 * occurrence per rule, the oldest: a meeting held closes one meeting obligation, not two
 * (000 §3.4.1 asks for two separate meetings in the first six months).
 */
export function completeSteps(s: CourseState, e: RecordedEvent, profile: Profile): void {
  const served = new Set<string>();
  for (const o of [...s.obligations]) {
    const r = ruleOf(s, o.rule);
    let touched = false;
    for (const st of r.steps) {
      if (served.has(r.id) || !st.match.some((m) => matches(m, e))) continue;
      const mine = stepState(o, st.id);
      if (!mine.doneAt) {
        mine.doneAt = e.at;
        touched = true;
      }
    }
    if (touched) served.add(r.id);
    // Re-check every open obligation: a flag change (e.g. risk no longer elevated) may complete one.
    if ((touched || r.steps.some((st) => st.requiredWhen)) && missingSteps(s, o).length === 0) {
      close(s, o, e, 'done');
      continueRolling(s, r, e, profile);
    }
  }
}

/** The event (or, for an upgrade, the moment and the last event) that closes an obligation. */
type Closing = Pick<RecordedEvent, 'at' | 'seq'>;

export function close(s: CourseState, o: Obligation, e: Closing, outcome: ClosedObligation['outcome']): void {
  s.obligations = s.obligations.filter((x) => x !== o);
  const { key, rule, openedAt, dueAt } = o;
  s.closed.push({ key, rule, openedAt, dueAt, closedAt: e.at, outcome, eventSeq: e.seq });
}

export function cancelRule(s: CourseState, ruleId: string, e: RecordedEvent): void {
  // A gate rule still open when its gated event passed on an override was overridden, not done.
  const gates = ruleOf(s, ruleId).gates ?? [];
  const overridden = s.overrides.some((o) => o.usedBySeq === e.seq && gates.some((g) => g === o.gate));
  for (const o of s.obligations.filter((x) => x.rule === ruleId))
    close(s, o, e, overridden ? 'overridden' : 'cancelled');
  s.schedules = s.schedules.filter((x) => x.rule !== ruleId);
}

/** Closes every open obligation except those of `keep`, and ends every schedule. */
export function endCourse(s: CourseState, e: RecordedEvent, keep?: string): void {
  for (const o of s.obligations.filter((x) => x.rule !== keep)) close(s, o, e, 'cancelled');
  s.schedules = [];
}

/**
 * Opens a rule. A revision-1 recurring rule gets a schedule, a rolling rule its first occurrence(s),
 * any other rule one occurrence (never two at once), which opens already closed when the events
 * that close it were recorded before, in the same stay (domain §9.7).
 */
export function openRule(s: CourseState, r: Rule, e: RecordedEvent, profile: Profile): void {
  const d = r.deadline;
  if (d.type === 'recurring') {
    if (!s.schedules.some((x) => x.rule === r.id)) s.schedules.push({ rule: r.id, anchor: e.at, next: 1 });
    materialise(s, e.at, profile);
    return;
  }
  if (d.type === 'rolling') return openRolling(s, r, e, profile);
  if (d.type === 'immediate' || d.type === 'measure') return;
  if (s.obligations.some((o) => o.rule === r.id)) return;
  const o = newObligation(r, nextOccurrence(s, r.id), e.at, dueFor(d, e.at, profile, dueContext(s, e)));
  s.obligations.push(o);
  if (revisionOf(s) === 1) return;
  for (const st of r.steps.filter((x) => !x.afterOpening)) {
    const earlier = earlierEvents(s, r.id, e).find((x) => st.match.some((m) => matches(m, x)));
    if (earlier) stepState(o, st.id).doneAt = earlier.at;
  }
  if (missingSteps(s, o).length === 0) close(s, o, e, 'doneBefore');
}

/**
 * Domain §9.4: each occurrence falls due `every` after the last fulfilment. Opening the rule again
 * (a return to TUD) starts its regime anew from this event.
 */
function openRolling(s: CourseState, r: Rule, e: RecordedEvent, profile: Profile): void {
  const d = r.deadline;
  if (d.type !== 'rolling') return;
  for (const o of s.obligations.filter((x) => x.rule === r.id)) close(s, o, e, 'cancelled');
  const lastDone = d.fromLastDone ? lastFulfilment(s, r, e) : undefined;
  const anchor = lastDone?.at ?? e.at;
  const until = d.endsAfter ? add(e.at, d.endsAfter) : undefined;
  s.schedules = [...s.schedules.filter((x) => x.rule !== r.id), { rule: r.id, anchor, next: 1, until }];
  const dues = d.firstHalfYear
    ? [add(anchor, duration(d.firstHalfYear.firstDue, profile)), add(anchor, duration(d.every, profile))]
    : [add(anchor, duration(d.every, profile))];
  for (const dueAt of dues) s.obligations.push(newObligation(r, nextOccurrence(s, r.id), e.at, dueAt));
}

/** After a fulfilment of a rolling rule, the next occurrence is due `every` after it. */
export function continueRolling(s: CourseState, r: Rule, e: Closing, profile: Profile): void {
  const d = r.deadline;
  const schedule = s.schedules.find((x) => x.rule === r.id);
  if (d.type !== 'rolling' || !schedule || s.obligations.some((o) => o.rule === r.id)) return;
  const dueAt = add(e.at, duration(d.every, profile));
  if (schedule.until && dueAt > schedule.until) {
    s.schedules = s.schedules.filter((x) => x !== schedule);
    return;
  }
  s.obligations.push(newObligation(r, nextOccurrence(s, r.id), e.at, dueAt));
}

/** Counts the open occurrence's deadline anew from when it opened (ADM-STATUS deferred, domain §9.8). */
export function redate(s: CourseState, r: Rule, e: RecordedEvent, profile: Profile): void {
  if (!r.redatedBy) return;
  for (const o of s.obligations.filter((x) => x.rule === r.id)) {
    const dueAt = dueFor(r.redatedBy.deadline, o.openedAt, profile, dueContext(s, e));
    if (dueAt !== undefined) o.dueAt = dueAt;
  }
}

/** Events of the same stay, after the rule's previous fulfilment, before `e` (domain §9.7). */
function earlierEvents(s: CourseState, ruleId: string, e: RecordedEvent): RecordedEvent[] {
  const lastClosed = s.closed.filter((c) => c.rule === ruleId).at(-1)?.eventSeq ?? 0;
  const since = Math.max(stayStartSeq(s), lastClosed);
  return s.events.filter((x) => x.seq > since && x.seq < e.seq);
}

function lastFulfilment(s: CourseState, r: Rule, e: RecordedEvent): RecordedEvent | undefined {
  return earlierEvents(s, r.id, e)
    .filter((x) => r.steps.some((st) => st.match.some((m) => matches(m, x))))
    .at(-1);
}

const lastAdmission = (s: CourseState) => s.events.filter((x) => x.kind === 'admission').at(-1);

/** The sequence number of the admission that began the current stay; 0 outside any stay. */
export const stayStartSeq = (s: CourseState): number => lastAdmission(s)?.seq ?? 0;

function dueContext(s: CourseState, e: RecordedEvent): DueContext {
  return { event: e, admittedAt: lastAdmission(s)?.at ?? s.startedAt };
}

const nextOccurrence = (s: CourseState, ruleId: string) =>
  1 + s.closed.filter((c) => c.rule === ruleId).length + s.obligations.filter((o) => o.rule === ruleId).length;

export function newObligation(r: Rule, occurrence: number, openedAt: string, dueAt: string | undefined): Obligation {
  return {
    key: `${r.id}#${occurrence}`,
    rule: r.id,
    occurrence,
    openedAt,
    ...(dueAt !== undefined ? { dueAt } : {}),
    steps: r.steps.map((st) => ({ id: st.id })),
    sent: [],
  };
}

/** Opens every scheduled occurrence of a revision-1 recurring rule whose window has begun. */
export function materialise(s: CourseState, now: string, profile: Profile): void {
  for (const sch of s.schedules) {
    const r = ruleOf(s, sch.rule);
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
