// When things fall due: an obligation's deadline, a recurring rule's occurrences, and the
// instants of its heads-up, deadline reminder and escalation (domain §5–§7, §9.4).
import {
  add,
  endOfLocalDate,
  startOfNextLocalDay,
  subtract,
  windowClosing,
  windowOpening,
  type DurationSpec,
  type Instant,
} from './calendar';
import type { RecordedEvent } from './events';
import type { Obligation } from './model';
import type { Profile } from './profiles';
import type { Deadline, ProfileDeadlineKey, Rule } from './rule';

export function duration(spec: DurationSpec | ProfileDeadlineKey, profile: Profile): DurationSpec {
  return typeof spec === 'string' ? profile.deadlines[spec].duration : spec;
}

/** What a deadline may count from besides the instant the rule opened. */
export interface DueContext {
  event: RecordedEvent;
  /** When the stay began (the last admission), for deadlines counted from the admission. */
  admittedAt: Instant;
}

/** The deadline of one occurrence opened at `at`; undefined for a rule that only gates an event. */
export function dueFor(d: Deadline, at: Instant, profile: Profile, ctx: DueContext): Instant | undefined {
  switch (d.type) {
    case 'fixed':
      return add(at, d.duration);
    case 'profile':
      return add(at, profile.deadlines[d.key].duration);
    case 'sinceAdmission':
      return add(ctx.admittedAt, d.duration);
    // DIS-READY: within the notice window (a decision outside it → the next working day's window).
    case 'noticeWindow':
      return windowClosing(at, profile.noticeWindow);
    // DIS-ANSWER counts from the notice's effective instant (001 vedlegg §3.2b).
    case 'answer': {
      const from = windowOpening(at, profile.noticeWindow);
      return profile.answer.type === 'elapsed'
        ? add(from, profile.answer.duration)
        : windowClosing(from, profile.answer.window);
    }
    // DIS-DAY0: the patient is received the day the notice counts from.
    case 'day0':
      return startOfNextLocalDay(windowOpening(at, profile.noticeWindow));
    // DIS-RECEIVE: by the end of the day the answer named, else "as soon as possible" (domain §9.2).
    case 'reception': {
      const day = ctx.event.kind === 'answerReceived' ? ctx.event.receiveOn : undefined;
      return day ? endOfLocalDate(day) : add(at, profile.deadlines.receptionWithoutDate.duration);
    }
    case 'rolling':
      return add(at, duration(d.every, profile));
    case 'gate':
      return undefined;
    default:
      throw new Error(`no single deadline for ${d.type}`);
  }
}

/** Occurrence k of a revision-1 recurring rule: its window opens and its deadline, from the anchor. */
export function occurrenceWindow(
  r: Rule,
  anchor: Instant,
  k: number,
  profile: Profile,
): { opensAt: Instant; dueAt: Instant } | undefined {
  const d = r.deadline;
  if (d.type !== 'recurring') return undefined;
  if (d.count !== undefined && k > d.count) return undefined;
  const every = duration(d.every, profile);
  const times = (n: number): DurationSpec =>
    Object.fromEntries(Object.entries(every).map(([u, v]) => [u, (v as number) * n]));
  if (d.firstPeriodTwice) {
    // 000 §3.4.1: at least two meetings in the first period, then one each period.
    if (k === 1) return { opensAt: anchor, dueAt: add(anchor, duration(d.firstPeriodTwice, profile)) };
    if (k === 2) return { opensAt: anchor, dueAt: add(anchor, every) };
    return { opensAt: add(anchor, times(k - 2)), dueAt: add(anchor, times(k - 1)) };
  }
  return { opensAt: k === 1 ? anchor : add(anchor, times(k - 1)), dueAt: add(anchor, times(k)) };
}

export interface ReminderTimes {
  headsUp?: Instant;
  due: Instant;
  escalation: Instant;
}

/** When the heads-up, the deadline reminder and the escalation fall; none for a gate-only rule. */
export function reminderTimes(o: Obligation, r: Rule, profile: Profile): ReminderTimes | undefined {
  if (o.dueAt === undefined) return undefined;
  // The profile may set this rule's heads-up lead time and escalation delay.
  const timing = profile.reminders[o.rule];
  const lead = timing?.headsUp ?? r.headsUp;
  const headsUp = lead ? subtract(o.dueAt, lead) : undefined;
  return {
    // No heads-up for a deadline shorter than its lead time: the obligation itself is the news.
    headsUp: headsUp && headsUp > o.openedAt ? headsUp : undefined,
    due: o.dueAt,
    escalation: add(o.escalateFrom ?? o.dueAt, timing?.escalateAfter ?? profile.escalateAfter),
  };
}
