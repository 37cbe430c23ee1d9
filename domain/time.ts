// Letting time pass: the reminders that fall due, and the next instant anything happens by itself.
import type { Instant } from './calendar';
import { occurrenceWindow, reminderTimes } from './deadlines';
import { copyState, type CourseState, type Reminder, type ReminderKind } from './model';
import { materialise } from './obligations';
import { ENDED } from './phases';
import { loadProfile } from './profiles';
import { remindersFor } from './recipients';
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
