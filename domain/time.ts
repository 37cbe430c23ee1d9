// Letting time pass: the reminders that fall due, and the next instant anything happens by itself.
import type { Instant } from './calendar';
import { occurrenceWindow, reminderTimes } from './deadlines';
import { copyState, type CourseState, type Reminder, type ReminderKind, type Role } from './model';
import { materialise } from './obligations';
import { ENDED } from './phases';
import { loadProfile } from './profiles';
import { remindersFor, responsibleRoles } from './recipients';
import { ruleOf } from './rulebook';

/**
 * Lets time pass to `now`: opens scheduled occurrences and returns the reminders now due
 * (heads-up, at the deadline, escalation), each once. A heads-up that is overtaken by its
 * deadline is not sent. A rule that only gates an event has no reminders.
 */
export function advance(current: CourseState, now: Instant): { state: CourseState; effects: Reminder[] } {
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

/** The next instant something happens by itself: a reminder falls due or a schedule opens. */
export function nextWakeUp(s: CourseState): Instant | undefined {
  if (s.phase === ENDED) return undefined;
  const profile = loadProfile(s.profile);
  const candidates: Instant[] = [];
  for (const o of s.obligations) {
    const t = reminderTimes(o, ruleOf(s, o.rule), profile);
    if (!t) continue;
    if (t.headsUp && !o.sent.includes('headsUp')) candidates.push(t.headsUp);
    if (!o.sent.includes('due')) candidates.push(t.due);
    if (!o.sent.includes('escalation')) candidates.push(t.escalation);
  }
  for (const sch of s.schedules) {
    const w = occurrenceWindow(ruleOf(s, sch.rule), sch.anchor, sch.next, profile);
    if (w) candidates.push(w.opensAt);
  }
  return candidates.sort()[0];
}

/** What one wake-up is for: a reminder of an open obligation, or a scheduled occurrence opening. */
export type WakeUpReason =
  | { type: 'reminder'; rule: string; obligation: string; kind: ReminderKind; roles: Role[]; dueAt: Instant }
  | { type: 'schedule'; rule: string; occurrence: number };

/**
 * Why the course wakes up at `nextWakeUp(s)`: every reminder or schedule that falls at that
 * instant, in the order `advance` meets them. The same candidates as `nextWakeUp`, labelled, so
 * the workflow's timer can say what it waits for; it changes nothing.
 */
export function nextWakeUpReason(s: CourseState): { at: Instant; reasons: WakeUpReason[] } | undefined {
  if (s.phase === ENDED) return undefined;
  const profile = loadProfile(s.profile);
  const candidates: { at: Instant; reason: WakeUpReason }[] = [];
  for (const o of s.obligations) {
    const r = ruleOf(s, o.rule);
    const t = reminderTimes(o, r, profile);
    if (!t) continue;
    const reminder = (kind: ReminderKind, at: Instant) =>
      candidates.push({
        at,
        reason: {
          type: 'reminder',
          rule: o.rule,
          obligation: o.key,
          kind,
          roles: responsibleRoles(s, r),
          dueAt: t.due,
        },
      });
    if (t.headsUp && !o.sent.includes('headsUp')) reminder('headsUp', t.headsUp);
    if (!o.sent.includes('due')) reminder('due', t.due);
    if (!o.sent.includes('escalation')) reminder('escalation', t.escalation);
  }
  for (const sch of s.schedules) {
    const w = occurrenceWindow(ruleOf(s, sch.rule), sch.anchor, sch.next, profile);
    if (w) candidates.push({ at: w.opensAt, reason: { type: 'schedule', rule: sch.rule, occurrence: sch.next } });
  }
  const at = candidates.map((c) => c.at).sort()[0];
  if (at === undefined) return undefined;
  return { at, reasons: candidates.filter((c) => c.at === at).map((c) => c.reason) };
}
