// Letting time pass: the reminders that fall due, and the next instant anything happens by itself.
import type { Instant } from './calendar';
import { occurrenceWindow, reminderTimes } from './deadlines';
import { copyState, type CourseState, type Obligation, type Reminder, type ReminderKind, type Role } from './model';
import { materialise } from './obligations';
import { ENDED } from './phases';
import { loadProfile } from './profiles';
import { remindersFor, responsibleRoles } from './recipients';
import type { Rule } from './rule';
import { ruleOf } from './rulebook';

/**
 * Lets time pass to `now`: opens scheduled occurrences and returns the reminders now due
 * (heads-up, at the deadline, escalation), each once. A heads-up that is overtaken by its
 * deadline is not sent. A rule that only gates an event has no reminders.
 */
export function advance(current: CourseState, now: Instant): { state: CourseState; effects: Reminder[] } {
  // Every instant at which `letTimePass` changes anything is a candidate (`candidates`): with none
  // by now, the state is returned as it is, not copied. Most wake-ups of a workflow (each event,
  // each start, each replayed task) find nothing due.
  if (!candidates(current).some((c) => c.at <= now)) return { state: current, effects: [] };
  return letTimePass(current, now);
}

/** `advance` without its shortcut: exported for the property test that compares the two (test/rules/property.test.ts). */
export function letTimePass(current: CourseState, now: Instant): { state: CourseState; effects: Reminder[] } {
  if (current.phase === ENDED) return { state: current, effects: [] };
  const profile = loadProfile(current.profile);
  const s: CourseState = copyState(current);
  materialise(s, now, profile);
  const effects: Reminder[] = [];
  for (const o of s.obligations) {
    const t = reminderTimes(o, ruleOf(s, o.rule), profile);
    if (!t) continue;
    const send = (kind: ReminderKind) => {
      o.sent.push(kind);
      effects.push(...remindersFor(s, o, kind));
    };
    if (!o.sent.includes('headsUp') && t.headsUp && t.headsUp <= now) {
      if (now < t.due) send('headsUp');
      else o.sent.push('headsUp');
    }
    if (!o.sent.includes('due') && t.due <= now) send('due');
    if (!o.sent.includes('escalation') && t.escalation <= now) send('escalation');
  }
  return { state: s, effects };
}

/** Something that happens by itself at `at`: a reminder of an open obligation, or a scheduled occurrence opening. */
type Candidate =
  | { at: Instant; type: 'reminder'; o: Obligation; r: Rule; kind: ReminderKind; dueAt: Instant }
  | { at: Instant; type: 'schedule'; rule: string; occurrence: number };

/** Every instant at which the course will wake up by itself, in the order `advance` meets them. */
function candidates(s: CourseState): Candidate[] {
  const profile = loadProfile(s.profile);
  const found: Candidate[] = [];
  for (const o of s.obligations) {
    const r = ruleOf(s, o.rule);
    const t = reminderTimes(o, r, profile);
    if (!t) continue;
    const reminder = (kind: ReminderKind, at: Instant) =>
      found.push({ at, type: 'reminder', o, r, kind, dueAt: t.due });
    if (t.headsUp && !o.sent.includes('headsUp')) reminder('headsUp', t.headsUp);
    if (!o.sent.includes('due')) reminder('due', t.due);
    if (!o.sent.includes('escalation')) reminder('escalation', t.escalation);
  }
  for (const sch of s.schedules) {
    const w = occurrenceWindow(ruleOf(s, sch.rule), sch.anchor, sch.next, profile);
    if (w) found.push({ at: w.opensAt, type: 'schedule', rule: sch.rule, occurrence: sch.next });
  }
  return found;
}

/** The next instant something happens by itself: a reminder falls due or a schedule opens. */
export function nextWakeUp(s: CourseState): Instant | undefined {
  if (s.phase === ENDED) return undefined;
  return candidates(s)
    .map((c) => c.at)
    .sort()[0];
}

/** What one wake-up is for: a reminder of an open obligation, or a scheduled occurrence opening. */
export type WakeUpReason =
  | { type: 'reminder'; rule: string; obligation: string; kind: ReminderKind; roles: Role[]; dueAt: Instant }
  | { type: 'schedule'; rule: string; occurrence: number };

/**
 * Why the course wakes up at `nextWakeUp(s)`: every reminder or schedule that falls at that
 * instant, so the workflow's timer can say what it waits for; it changes nothing.
 */
export function nextWakeUpReason(s: CourseState): { at: Instant; reasons: WakeUpReason[] } | undefined {
  if (s.phase === ENDED) return undefined;
  const all = candidates(s);
  const at = all.map((c) => c.at).sort()[0];
  if (at === undefined) return undefined;
  const reasons = all
    .filter((c) => c.at === at)
    .map((c): WakeUpReason =>
      c.type === 'schedule'
        ? { type: 'schedule', rule: c.rule, occurrence: c.occurrence }
        : {
            type: 'reminder',
            rule: c.o.rule,
            obligation: c.o.key,
            kind: c.kind,
            roles: responsibleRoles(s, c.r),
            dueAt: c.dueAt,
          },
    );
  return { at, reasons };
}
