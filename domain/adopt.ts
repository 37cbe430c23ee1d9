// Adopting a course already under way at go-live (domain §9.6): a start input and the dates of what
// already happened, of any age. The course is built by the engine itself, deciding each fact in date
// order as of its own date (so the back-dating limit of domain/checks.ts, relative to the `now` it is
// given, never bites), then time passes to now without sending what fell due in the past: what is
// overdue at adoption is listed once, in one summary per responsible role, and escalates as usual
// from then on: its escalation delay counts from the adoption.
import { z } from 'zod';
import { formatOslo, parseInstant, type Instant } from './calendar';
import { decide } from './decide';
import type { EventInput } from './events';
import { gateApplies, gateMissing, gatesOf } from './gates';
import {
  copyState,
  isInStay,
  roles,
  type CourseState,
  type Obligation,
  type OverdueAtAdoption,
  type Reminder,
  type Role,
} from './model';
import { close, continueRolling } from './obligations';
import { firstEventKinds } from './phases';
import { loadProfile } from './profiles';
import { responsibleRoles } from './recipients';
import { EventRejected, reject } from './rejections';
import { ruleOf } from './rulebook';
import { startCourse, startInputSchema } from './start';
import { advance } from './time';

/** A start input whose first event may be one of the facts instead, and the facts themselves. */
const adoptInput = z.strictObject({
  start: startInputSchema().extend({ firstEvent: z.record(z.string(), z.unknown()).optional() }),
  /** Events with their real dates (`at` required), in any order: they are decided in date order. */
  facts: z.array(z.record(z.string(), z.unknown())).min(1, 'needs at least one fact'),
  /** Who recorded the facts (an opaque staff id), for the audit trail; a fact's own `by` wins. */
  by: z.string().trim().min(1).max(100).optional(),
});
export type AdoptInput = z.input<typeof adoptInput>;

export interface Adopted {
  state: CourseState;
  /** What was already overdue at adoption, earliest first (also kept in `state.adoption`). */
  overdue: OverdueAtAdoption[];
  /** One `adopted` summary per responsible role with something overdue: the only e-mails sent now. */
  effects: Reminder[];
}

/** Why a gated event passed during adoption: the steps before it happened before the course was recorded. */
export const adoptionOverrideReason =
  'Adopted at go-live: the steps before it were done before the course was recorded';

interface Fact {
  /** 1-based position in the input, to name it in a message. */
  n: number;
  at: Instant;
  event: Record<string, unknown>;
}
const describe = (f: Fact) => `fact ${f.n} (${String(f.event.kind)} at ${formatOslo(f.at, 'en')})`;

/**
 * Builds an adopted course as of `now`, or rejects (EventRejected) naming the facts that contradict
 * each other or the one in the future; nothing is started then.
 */
export function adoptCourse(input: unknown, now: Instant): Adopted {
  const parsed = adoptInput.safeParse(input);
  if (!parsed.success)
    reject(
      `Invalid adoption: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    );
  const { start, facts: raw, by } = parsed.data!;
  const all = [...(start.firstEvent ? [start.firstEvent] : []), ...raw];
  const facts: Fact[] = all.map((event, i) => {
    const n = i + 1;
    const at = typeof event.at === 'string' ? parseInstant(event.at) : undefined;
    if (!at) reject(`fact ${n} (${String(event.kind)}): 'at' must be an ISO-8601 instant with a time zone offset`);
    // Domain §9.6: any age, never in the future.
    if (at! > now) reject(`${describe({ n, at: at!, event })} is in the future (now is ${formatOslo(now, 'en')})`);
    return { n, at: at!, event: { ...event, at: at!, ...(by && event.by === undefined ? { by } : {}) } };
  });
  // Date order; facts of the same instant keep the order they were given in.
  facts.sort((a, b) => a.at.localeCompare(b.at) || a.n - b.n);

  const first = facts[0]!;
  const expected = firstEventKinds[start.kind];
  if (first.event.kind !== expected) {
    const opening = facts.find((f) => f.event.kind === expected);
    reject(
      opening
        ? `${describe(first)} is before ${describe(opening)}: a ${start.kind} course begins with its '${expected}'`
        : `An adopted ${start.kind} course needs its '${expected}' among the facts`,
    );
  }
  let s = startCourse({ ...start, firstEvent: first.event }, first.at).state;
  let previous = first;
  for (const f of facts.slice(1)) {
    try {
      s = advance(s, f.at).state; // as the workflow lets time pass before each event; nothing is sent
      s = decideAsOf(s, f, by);
    } catch (err) {
      if (err instanceof EventRejected) reject(`${describe(f)} cannot follow ${describe(previous)}: ${err.message}`);
      throw err;
    }
    previous = f;
  }
  s = copyState(s);
  for (const e of s.events) {
    e.adopted = true;
    e.recordedAt = now;
  }
  settlePast(s, now);
  // Every heads-up, deadline reminder and escalation whose instant has passed is marked as sent
  // and dropped: no burst of old reminders (domain §9.6).
  s = advance(s, now).state;
  // What is overdue now is told once, in the summaries; if it stays open it escalates as usual
  // from then on, the usual delay after the adoption: not at once, and not never. (No escalation
  // of the past was really sent: an adoption sends nothing but the summaries.)
  for (const o of s.obligations) {
    if (o.dueAt === undefined || o.dueAt > now) continue;
    o.sent = o.sent.filter((kind) => kind !== 'escalation');
    o.escalateFrom = now;
  }
  const overdue: OverdueAtAdoption[] = s.obligations
    .filter((o): o is Obligation & { dueAt: Instant } => o.dueAt !== undefined && o.dueAt <= now)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key))
    .map((o) => ({ obligation: o.key, rule: o.rule, dueAt: o.dueAt, who: responsibleRoles(s, ruleOf(s, o.rule)) }));
  s.adoption = { at: now, ...(by ? { by } : {}), overdue };
  return { state: s, overdue, effects: summaries(s, overdue) };
}

/**
 * Decides one fact as of its own date. The steps the engine needs on the way to it that the facts
 * do not date (a forensic discharge passes through discharge-ready, 000 §3.3) are recorded at the
 * same instant, and a gate whose steps predate the course is passed with a recorded override
 * (domain §4.3): the facts say it happened.
 */
function decideAsOf(s: CourseState, f: Fact, by: string | undefined): CourseState {
  const at = f.at;
  const step = (event: Record<string, unknown>) => passGates(s, event, at, by, (next) => (s = next));
  const kind = f.event.kind;
  if (s.kind === 'forensic-tud' && (kind === 'dischargedToTud' || kind === 'dischargeReady')) {
    if (s.phase === 'admitted' && !(kind === 'dischargedToTud' && s.flags.readmitted))
      step({ kind: 'dischargeProcessStarted', at, ...(by ? { by } : {}) });
    if (kind === 'dischargedToTud' && s.phase === 'dischargeProcess')
      step({ kind: 'dischargeReady', at, ...(by ? { by } : {}) });
  }
  step(f.event);
  return s;
}

function passGates(
  s: CourseState,
  event: Record<string, unknown>,
  at: Instant,
  by: string | undefined,
  set: (s: CourseState) => void,
): void {
  for (const gate of gatesOf(s, event as EventInput)) {
    if (!gateApplies(s, gate) || gateMissing(s, gate).length === 0) continue;
    if (s.overrides.some((o) => o.gate === gate && !o.usedBySeq)) continue;
    s = decide(s, { kind: 'override', gate, reason: adoptionOverrideReason, at, ...(by ? { by } : {}) }, at).state;
  }
  set(decide(s, event, at).state);
}

/**
 * What the facts leave open that belongs to the past (domain §9.6, "adopted in its current phase"):
 * - an "at least every N" duty (§9.4) fulfilled after its deadline: the last fulfilment is what
 *   counts, so the stale occurrence closes and the next falls due N after that fulfilment;
 * - such a duty whose regime ended before now (TUD-DIALOGUE after the first six months): nothing is
 *   due after it;
 * - a one-off duty past its deadline outside the current stay (or with no current stay): the facts
 *   say the course moved on past it.
 * Each closes with outcome `adopted`. Duties of the current stay, and rolling ones, stay open.
 */
function settlePast(s: CourseState, now: Instant): void {
  const profile = loadProfile(s.profile);
  const last = s.events.at(-1)!;
  const closing = { at: now, seq: last.seq };
  const stayStart = isInStay(s.phase) ? s.events.filter((e) => e.kind === 'admission').at(-1)?.at : undefined;
  for (const o of [...s.obligations]) {
    const r = ruleOf(s, o.rule);
    const d = r.deadline;
    if (d.type === 'rolling') {
      const schedule = s.schedules.find((x) => x.rule === r.id);
      if (schedule?.until !== undefined && schedule.until <= now) {
        close(s, o, closing, 'adopted');
        s.schedules = s.schedules.filter((x) => x !== schedule);
        continue;
      }
      const fulfilled = s.closed.filter((c) => c.rule === r.id && c.outcome === 'done').at(-1);
      if (fulfilled && o.dueAt !== undefined && o.dueAt < fulfilled.closedAt) {
        close(s, o, { at: fulfilled.closedAt, seq: fulfilled.eventSeq }, 'adopted');
        continueRolling(s, r, { at: fulfilled.closedAt, seq: fulfilled.eventSeq }, profile);
      }
      continue;
    }
    if (d.type === 'recurring') continue;
    const pastDue = o.dueAt === undefined || o.dueAt <= now;
    if (pastDue && (stayStart === undefined || o.openedAt < stayStart)) close(s, o, closing, 'adopted');
  }
}

/** One summary per responsible role listing that role's overdue duties for the course (domain §9.6). */
function summaries(s: CourseState, overdue: OverdueAtAdoption[]): Reminder[] {
  return roles
    .filter((role: Role) => s.careTeam[role] && overdue.some((o) => o.who.includes(role)))
    .map((role) => {
      const mine = overdue.filter((o) => o.who.includes(role));
      return {
        businessKey: `${s.courseRef}/adoption/adopted/${role}`,
        courseRef: s.courseRef,
        rule: mine[0]!.rule,
        kind: 'adopted' as const,
        role,
        recipient: s.careTeam[role]!.mailbox,
        profile: s.profile,
        overdue: mine.map(({ obligation, rule, dueAt }) => ({ obligation, rule, dueAt })),
      };
    });
}
