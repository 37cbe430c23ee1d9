// The course engine: a pure function of (state, event, now) with no I/O and no clock of its own
// (design.md §1). The workflow calls `decide` for each event and `advance` when time passes,
// and runs the effects (reminders) it returns.
import { z } from 'zod';
import {
  add,
  calendarDaysBetween,
  formatOslo,
  parseInstant,
  startOfNextLocalDay,
  subtract,
  windowClosing,
  windowOpening,
  type DurationSpec,
  type Instant,
} from './calendar';
import { catalogue, gateTitles, matches, rule, isRuleId, type Gate, type Rule, type Step } from './catalogue';
import { eventInputSchema, eventKinds, type EventInput, type EventKind, type RecordedEvent } from './events';
import {
  careTeamSchema,
  courseKinds,
  courseRefSchema,
  hospitalRoles,
  municipalRoles,
  partyOf,
  roles,
  type CareTeam,
  type ClosedObligation,
  type CourseKind,
  type CourseState,
  type Obligation,
  type ReminderKind,
  type Role,
} from './model';
import { loadProfile, type Profile } from './profiles';

/** A rejected event or start: the message names the problem; nothing changed (domain §8). */
export class EventRejected extends Error {
  override name = 'EventRejected';
}
const reject = (message: string): never => {
  throw new EventRejected(message);
};

/** One call of the reminder activity (issue 3 §7). No patient data: the course reference is opaque. */
export interface Reminder {
  /** course + obligation/event + kind + role: the idempotency key of the delivery. */
  businessKey: string;
  courseRef: string;
  rule: string;
  kind: ReminderKind;
  role: Role;
  recipient: string;
  dueAt?: Instant;
  /** When the obligation opened: with dueAt, the period a meeting must be held in. */
  openedAt?: Instant;
  /** The obligation this reminds of (absent for an at-once alert). */
  obligation?: string;
}

export interface Decision {
  state: CourseState;
  event: RecordedEvent;
  /** At-once alerts the event raised. */
  effects: Reminder[];
}

// ---- Phases ------------------------------------------------------------------------------------

const ENDED = 'ended';
const anyOpenPhase = '*';
/** Where each event may happen, per course kind, and the phase it leads to. */
interface Transition {
  kinds: readonly CourseKind[];
  from: readonly string[] | ((kind: CourseKind) => readonly string[]);
  to?: (s: CourseState) => string;
}
const inpatient = ['forensic-tud', 'admission-discharge'] as const;
const forensic = ['forensic-tud'] as const;
const all = courseKinds;
const preDischarge = ['admitted', 'dischargeProcess', 'dischargeReady'];
const transitions: Record<EventKind, Transition> = {
  courseStarted: { kinds: ['long-term-coordinated', 'agreement-review'], from: [], to: () => 'active' },
  admission: { kinds: inpatient, from: [], to: () => 'admitted' },
  servicesNeedFound: { kinds: inpatient, from: preDischarge },
  expectedDischargeChanged: { kinds: inpatient, from: preDischarge },
  messageSent: { kinds: all, from: [anyOpenPhase] },
  meetingHeld: { kinds: all, from: [anyOpenPhase] },
  dialogueHeld: { kinds: all, from: [anyOpenPhase] },
  planUpdated: { kinds: all, from: [anyOpenPhase] },
  leaveStarted: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  leaveEnded: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  dischargeProcessStarted: { kinds: forensic, from: ['admitted'], to: () => 'dischargeProcess' },
  // A forensic patient becomes discharge-ready only through the discharge process (000 §3.3).
  dischargeReady: {
    kinds: inpatient,
    from: (k) => [k === 'forensic-tud' ? 'dischargeProcess' : 'admitted'],
    to: () => 'dischargeReady',
  },
  withdrawal: {
    kinds: inpatient,
    from: ['dischargeReady'],
    to: (s) => (s.kind === 'forensic-tud' ? 'dischargeProcess' : 'admitted'),
  },
  answerReceived: { kinds: inpatient, from: ['dischargeReady', 'admitted', 'dischargeProcess'] },
  discharged: { kinds: ['admission-discharge'], from: ['admitted', 'dischargeReady'], to: () => 'discharged' },
  dischargedToTud: { kinds: forensic, from: ['dischargeReady'], to: () => 'tud' },
  breach: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady', 'tud'] },
  medicationRefused: { kinds: forensic, from: ['tud'] },
  noShow: { kinds: forensic, from: ['tud'] },
  ermReported: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady', 'tud'] },
  coordinatorAppointed: { kinds: all, from: [anyOpenPhase] },
  ipStarted: { kinds: inpatient, from: [anyOpenPhase] },
  ipDeclined: { kinds: inpatient, from: [anyOpenPhase] },
  riskAssessed: { kinds: all, from: [anyOpenPhase] },
  patientSigned: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  prosecutorApproved: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  coercionEnded: { kinds: inpatient, from: preDischarge },
  death: { kinds: all, from: [anyOpenPhase], to: () => ENDED },
  careTeamChanged: { kinds: all, from: [anyOpenPhase] },
  courseEnded: { kinds: all, from: [anyOpenPhase], to: () => ENDED },
  taskDone: { kinds: all, from: [anyOpenPhase] },
  override: { kinds: all, from: [anyOpenPhase] },
};
/** The events that may start a course of each kind. */
export const firstEventKinds: Record<CourseKind, EventKind> = {
  'forensic-tud': 'admission',
  'admission-discharge': 'admission',
  'long-term-coordinated': 'courseStarted',
  'agreement-review': 'courseStarted',
};
/** Which gate an event must pass (domain §4.3). */
const gateOf = (s: CourseState, e: EventInput): Gate | undefined =>
  e.kind === 'leaveStarted' && (s.flags.leaves ?? 0) === 0
    ? 'firstLeave'
    : e.kind === 'dischargeReady'
      ? 'dischargeReady'
      : e.kind === 'dischargedToTud'
        ? 'discharge'
        : undefined;

// ---- Start -------------------------------------------------------------------------------------

export const startInputSchema = z.strictObject({
  courseRef: courseRefSchema,
  kind: z.enum(courseKinds),
  profile: z.string(),
  careTeam: careTeamSchema,
  labels: z
    .strictObject({
      // Unit and municipality names only (shown in the Temporal UI): never anything about the patient.
      hospitalUnit: z
        .string()
        .regex(/^[\p{L}\p{N} .-]{1,60}$/u, 'letters, digits, spaces, dots and dashes only')
        .optional(),
      municipality: z
        .string()
        .regex(/^[\p{L} .-]{1,60}$/u, 'letters, spaces, dots and dashes only')
        .optional(),
    })
    .default({}),
  firstEvent: z.record(z.string(), z.unknown()),
});
export type StartInput = z.input<typeof startInputSchema>;

/** Creates a course from its start input and first event, or rejects with a clear message. */
export function startCourse(input: unknown, now: Instant): Decision {
  const parsed = startInputSchema.safeParse(input);
  if (!parsed.success) reject(`Invalid course start: ${describe(parsed.error)}`);
  const start = parsed.data!;
  let profile: Profile;
  try {
    profile = loadProfile(start.profile);
  } catch (err) {
    return reject((err as Error).message);
  }
  const expected = firstEventKinds[start.kind];
  if (start.firstEvent.kind !== expected)
    reject(`A ${start.kind} course starts with a '${expected}' event, not '${String(start.firstEvent.kind)}'`);
  const empty: CourseState = {
    courseRef: start.courseRef,
    kind: start.kind,
    profile: profile.id,
    careTeam: start.careTeam,
    labels: start.labels,
    phase: 'new',
    startedAt: now,
    flags: {},
    obligations: [],
    closed: [],
    schedules: [],
    overrides: [],
    events: [],
    waiting: [],
    deliveryFailures: [],
  };
  const decision = decide(empty, start.firstEvent, now);
  decision.state.startedAt = decision.event.at;
  return decision;
}

// ---- Events ------------------------------------------------------------------------------------

/**
 * Checks an event against the course and returns the new state and its effects; throws
 * EventRejected with a message naming the problem otherwise. The input state is never changed.
 */
export function decide(current: CourseState, input: unknown, now: Instant): Decision {
  const profile = loadProfile(current.profile);
  const e = parseEvent(input);
  const at = eventInstant(current, e, now, profile);
  checkDuplicate(current, e, at);
  checkPhase(current, e);
  const gate = gateOf(current, e);
  if (gate) checkGate(current, gate);
  checkSpecific(current, e);

  const s: CourseState = structuredCloneJson(current);
  const event = { ...e, seq: s.events.length + 1, at, recordedAt: now } as RecordedEvent;
  s.events.push(event);
  const effects: Reminder[] = [];

  if (gate) consumeOverride(s, gate);
  updateFlags(s, event, profile);
  const to = transitions[e.kind].to;
  if (to) s.phase = to(s);

  completeSteps(s, event);
  for (const r of rulesOf(s)) {
    if (r.cancelledBy?.some((m) => matches(m, event))) cancelRule(s, r.id, event);
  }
  for (const r of rulesOf(s)) {
    if (r.opens.some((o) => matches(o.on, event) && (!o.when || o.when(s)))) openRule(s, r, at, profile);
    for (const alert of r.alerts ?? []) if (matches(alert.on, event)) effects.push(...alertsFor(s, r, alert.to, event));
  }
  if (e.kind === 'withdrawal' && current.waiting.some((w) => !w.to)) openRule(s, rule('DIS-WITHDRAW'), at, profile);
  // domain §2: an admission-discharge course ends when the patient has left and the messages are sent.
  if (s.phase === 'discharged' && !s.obligations.some((o) => o.rule === 'DIS-LEAVE')) s.phase = ENDED;
  if (s.phase === ENDED) endCourse(s, event);
  return { state: s, event, effects };
}

function parseEvent(input: unknown): EventInput {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(eventKinds as string[]).includes(kind)) {
    reject(`Unknown event kind ${JSON.stringify(kind)}; known kinds: ${eventKinds.join(', ')}`);
  }
  const parsed = eventInputSchema.safeParse(input);
  if (!parsed.success) reject(`Invalid '${kind as string}' event: ${describe(parsed.error)}`);
  return parsed.data as EventInput;
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`).join('; ');
}

/** Clocks of clients and the workflow differ a little; a minute ahead is not "the future". */
const clockSkewMs = 60_000;
function eventInstant(s: CourseState, e: EventInput, now: Instant, profile: Profile): Instant {
  if (e.at === undefined) return now;
  const at =
    parseInstant(e.at) ??
    reject(
      `'at' must be an ISO-8601 instant with a time zone offset, e.g. 2026-03-02T14:30:00+01:00; got ${JSON.stringify(e.at)}`,
    );
  if (Date.parse(at) > Date.parse(now) + clockSkewMs)
    reject(`'at' ${e.at} is in the future (now is ${formatOslo(now, 'en')})`);
  const earliest = subtract(now, profile.backdateLimit);
  if (at < earliest)
    reject(
      `'at' ${e.at} is earlier than profile '${profile.id}' allows for back-dating (${formatOslo(earliest, 'en')})`,
    );
  const last = s.events.at(-1);
  if (last && at < last.at)
    reject(
      `'at' ${e.at} is before the last recorded event (${last.kind} at ${formatOslo(last.at, 'en')}); events are recorded in order`,
    );
  // Up to a minute ahead is the sender's clock, not the future: record it at `now`, or a later
  // event without `at` (recorded at `now`) would land before it and break the order (domain §8).
  return at > now ? now : at;
}

function checkDuplicate(s: CourseState, e: EventInput, at: Instant): void {
  if (e.id !== undefined && s.events.some((x) => x.id === e.id))
    reject(`Duplicate: an event with id '${e.id}' is already recorded`);
  const same = s.events.find((x) => x.at === at && sameData(x, e));
  if (same)
    reject(`Duplicate: the same '${e.kind}' event at ${formatOslo(at, 'en')} is already recorded (#${same.seq})`);
}
function sameData(recorded: RecordedEvent, e: EventInput): boolean {
  const strip = ({ seq: _s, at: _a, recordedAt: _r, id: _i, by: _b, ...rest }: Record<string, unknown>) =>
    JSON.stringify(rest, Object.keys(rest).sort());
  return strip(recorded as unknown as Record<string, unknown>) === strip(e as unknown as Record<string, unknown>);
}

function checkPhase(s: CourseState, e: EventInput): void {
  const t = transitions[e.kind];
  const from = typeof t.from === 'function' ? t.from(s.kind) : t.from;
  if (s.phase === ENDED) reject(`The course has ended; '${e.kind}' cannot be recorded`);
  if (!t.kinds.includes(s.kind)) reject(`'${e.kind}' does not apply to a ${s.kind} course`);
  if (s.phase === 'new') {
    if (from.length > 0) reject(`A course must start with its first event, not '${e.kind}'`);
    return;
  }
  if (from.length === 0) reject(`'${e.kind}' can only start a course; this course is in phase '${s.phase}'`);
  if (!from.includes(anyOpenPhase) && !from.includes(s.phase))
    reject(`'${e.kind}' is not allowed in phase '${s.phase}' of a ${s.kind} course (allowed in: ${from.join(', ')})`);
}

/** A gate is met when none of its rules is still open (domain §4.3), or an override stands. */
export function gateMissing(s: CourseState, gate: Gate): string[] {
  return s.obligations
    .filter((o) => rule(o.rule).gates?.includes(gate))
    .map(
      (o) =>
        `${o.rule} (${missingSteps(s, o)
          .map((st) => st.title.en)
          .join(', ')})`,
    );
}
function checkGate(s: CourseState, gate: Gate): void {
  const missing = gateMissing(s, gate);
  if (missing.length > 0 && !s.overrides.some((o) => o.gate === gate && !o.usedBySeq)) {
    reject(
      `Gate before ${gateTitles[gate].en} not met; missing: ${missing.join('; ')}. An admin may override with a reason.`,
    );
  }
}
function consumeOverride(s: CourseState, gate: Gate): void {
  const pending = s.overrides.find((o) => o.gate === gate && !o.usedBySeq);
  if (pending) pending.usedBySeq = s.events.length;
}

/** Checks that depend on open obligations: steps in order, tasks and notices that need an open rule. */
function checkSpecific(s: CourseState, e: EventInput): void {
  if (e.kind === 'leaveStarted' && s.flags.onLeave) reject('The patient is already on leave; record leaveEnded first');
  if (e.kind === 'leaveEnded' && !s.flags.onLeave) reject('The patient is not on leave');
  if (e.kind === 'taskDone') {
    if (!isRuleId(e.rule)) reject(`Unknown rule id '${e.rule}'`);
    if (!s.obligations.some((o) => o.rule === e.rule)) reject(`There is no open ${e.rule} obligation on this course`);
  }
  if (e.kind === 'override') {
    const applies = catalogue.some((r) => r.gates?.includes(e.gate) && r.kinds.includes(s.kind));
    if (!applies) reject(`Gate '${e.gate}' does not apply to a ${s.kind} course`);
    if (gateMissing(s, e.gate).length === 0)
      reject(`Gate before ${gateTitles[e.gate].en} is already met; no override needed`);
    if (s.overrides.some((o) => o.gate === e.gate && !o.usedBySeq))
      reject(`An override of gate '${e.gate}' is already recorded and not yet used`);
    if (e.gate === 'firstLeave' && (s.flags.leaves ?? 0) > 0)
      reject('The first leave has already taken place; there is no firstLeave gate to override');
  }
  // Notices that start or stop clocks need the obligation they answer (DIS-READY, DIS-WITHDRAW, DIS-ANSWER).
  const needsOpen: Partial<Record<string, string>> = {
    dischargeReadyNotice: 'DIS-READY',
    withdrawalNotice: 'DIS-WITHDRAW',
  };
  const needed =
    e.kind === 'messageSent' ? needsOpen[e.message] : e.kind === 'answerReceived' ? 'DIS-ANSWER' : undefined;
  if (needed && !s.obligations.some((o) => o.rule === needed))
    reject(
      `'${e.kind}${e.kind === 'messageSent' ? ` ${e.message}` : ''}' needs an open ${needed} obligation, and there is none`,
    );
  const probe = { ...e, seq: 0, at: '', recordedAt: '' } as RecordedEvent;
  for (const o of s.obligations) {
    const r = rule(o.rule);
    if (!r.ordered) continue;
    const index = r.steps.findIndex((st) => st.match.some((m) => matches(m, probe)));
    const earlier = r.steps.slice(0, Math.max(index, 0)).filter((st) => !o.steps.find((x) => x.id === st.id)?.doneAt);
    if (index > 0 && earlier.length > 0)
      reject(`${r.id}: '${r.steps[index]!.title.en}' must come after: ${earlier.map((st) => st.title.en).join(', ')}`);
  }
}

function updateFlags(s: CourseState, e: RecordedEvent, profile: Profile): void {
  const f = s.flags;
  switch (e.kind) {
    case 'admission':
      f.hasMunicipalServices = e.hasMunicipalServices;
      // A forensic course is by definition coercive with complex, long-term needs (000 §3.1).
      f.complexNeeds = s.kind === 'forensic-tud' || e.complexNeeds === true;
      f.coercion = s.kind === 'forensic-tud' || e.coercion === true;
      break;
    case 'courseStarted':
      f.formerCompulsoryCare = e.formerCompulsoryCare === true;
      break;
    case 'leaveStarted':
      f.onLeave = true;
      f.leaves = (f.leaves ?? 0) + 1;
      break;
    case 'leaveEnded':
      f.onLeave = false;
      break;
    case 'riskAssessed':
      f.elevatedViolenceRisk = e.elevatedViolenceRisk === true;
      break;
    case 'coercionEnded':
      f.coercion = false;
      break;
    case 'careTeamChanged':
      s.careTeam = e.careTeam;
      break;
    case 'override':
      s.overrides.push({ gate: e.gate, reason: e.reason, by: e.by, at: e.at, eventSeq: e.seq });
      break;
    case 'messageSent':
      // DIS-WAITING / DIS-DAY0: the waiting clock starts at the notice's effective instant.
      if (e.message === 'dischargeReadyNotice') s.waiting.push({ from: windowOpening(e.at, profile.noticeWindow) });
      break;
    case 'withdrawal':
    case 'discharged':
    case 'dischargedToTud':
    case 'death':
    case 'courseEnded':
      for (const w of s.waiting) if (!w.to) w.to = e.at > w.from ? e.at : w.from;
      break;
  }
}

// ---- Obligations -------------------------------------------------------------------------------

const rulesOf = (s: CourseState) => catalogue.filter((r) => r.kinds.includes(s.kind));
const isRequired = (s: CourseState, st: Step) => !st.requiredWhen || s.flags[st.requiredWhen] === true;
export const missingSteps = (s: CourseState, o: Obligation): Step[] =>
  rule(o.rule).steps.filter((st) => isRequired(s, st) && !o.steps.find((x) => x.id === st.id)?.doneAt);

/**
 * Marks the steps an event completes and closes what is then done. One event serves one
 * occurrence per rule, the oldest: a meeting held closes one meeting obligation, not two
 * (000 §3.4.1 asks for two separate meetings in the first six months).
 */
function completeSteps(s: CourseState, e: RecordedEvent): void {
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

function cancelRule(s: CourseState, ruleId: string, e: RecordedEvent): void {
  // A gate rule still open when its gated event passed on an override was overridden, not done.
  const overridden = s.overrides.some((o) => o.usedBySeq === e.seq && rule(ruleId).gates?.includes(o.gate as Gate));
  for (const o of s.obligations.filter((x) => x.rule === ruleId))
    close(s, o, e, overridden ? 'overridden' : 'cancelled');
  s.schedules = s.schedules.filter((x) => x.rule !== ruleId);
}

function endCourse(s: CourseState, e: RecordedEvent): void {
  for (const o of [...s.obligations]) close(s, o, e, 'cancelled');
  s.schedules = [];
}

/** Opens a rule: a recurring rule gets a schedule, any other rule one occurrence (never two at once). */
function openRule(s: CourseState, r: Rule, at: Instant, profile: Profile): void {
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

function newObligation(r: Rule, occurrence: number, openedAt: Instant, dueAt: Instant): Obligation {
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

function duration(spec: DurationSpec | string, profile: Profile): DurationSpec {
  return typeof spec === 'string' ? profile.deadlines[spec as keyof Profile['deadlines']].duration : spec;
}

function dueFor(r: Rule, at: Instant, profile: Profile): Instant {
  const d = r.deadline;
  switch (d.type) {
    case 'fixed':
      return add(at, d.duration);
    case 'profile':
      return add(at, profile.deadlines[d.key].duration);
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
    default:
      throw new Error(`${r.id}: no single deadline for ${d.type}`);
  }
}

/** Occurrence k of a recurring rule: its window opens and its deadline, from the anchor (no drift). */
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

/** Opens every scheduled occurrence whose window has begun. */
function materialise(s: CourseState, now: Instant, profile: Profile): void {
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

// ---- Time --------------------------------------------------------------------------------------

interface ReminderTimes {
  headsUp?: Instant;
  due: Instant;
  escalation: Instant;
}
function reminderTimes(o: Obligation, profile: Profile): ReminderTimes {
  const r = rule(o.rule);
  const overrides = profile.reminders[o.rule];
  const lead = overrides?.headsUp ?? r.headsUp;
  const headsUp = lead ? subtract(o.dueAt, lead) : undefined;
  return {
    // No heads-up for a deadline shorter than its lead time: the obligation itself is the news.
    headsUp: headsUp && headsUp > o.openedAt ? headsUp : undefined,
    due: o.dueAt,
    escalation: add(o.dueAt, overrides?.escalateAfter ?? profile.escalateAfter),
  };
}

/**
 * Lets time pass to `now`: opens scheduled occurrences and returns the reminders now due
 * (heads-up, at the deadline, escalation), each once. A heads-up that is overtaken by its
 * deadline is not sent.
 */
export function advance(current: CourseState, now: Instant): { state: CourseState; effects: Reminder[] } {
  if (current.phase === ENDED) return { state: current, effects: [] };
  const profile = loadProfile(current.profile);
  const s: CourseState = structuredCloneJson(current);
  materialise(s, now, profile);
  const effects: Reminder[] = [];
  for (const o of s.obligations) {
    const t = reminderTimes(o, profile);
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
    const t = reminderTimes(o, profile);
    if (t.headsUp && !o.sent.includes('headsUp')) candidates.push(t.headsUp);
    if (!o.sent.includes('due')) candidates.push(t.due);
    if (!o.sent.includes('escalation')) candidates.push(t.escalation);
  }
  for (const sch of s.schedules) {
    const w = occurrenceWindow(rule(sch.rule), sch.anchor, sch.next, profile);
    if (w) candidates.push(w.opensAt);
  }
  return candidates.sort()[0];
}

// ---- Recipients ----------------------------------------------------------------------------------

/** The first role of a group that the care team has; else that party's first contact. */
function resolve(team: CareTeam, group: readonly Role[]): Role | undefined {
  const present = group.find((r) => team[r]);
  if (present) return present;
  const party = partyOf(group[0]!);
  const fallback = party === 'hospital' ? hospitalRoles : municipalRoles;
  return fallback.find((r) => team[r]);
}

/** A mailbox that asked for the daily digest gets heads-ups and deadlines there, not one by one (issue 4). */
const inDigest = (s: CourseState, role: Role, kind: ReminderKind) =>
  s.careTeam[role]?.digest === true && (kind === 'headsUp' || kind === 'due');
const responsibleRoles = (s: CourseState, r: Rule): Role[] => [
  ...new Set(r.who.map((g) => resolve(s.careTeam, g)).filter((x): x is Role => !!x)),
];

function remindersFor(s: CourseState, o: Obligation, kind: ReminderKind): Reminder[] {
  const r = rule(o.rule);
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
        dueAt: o.dueAt,
        openedAt: o.openedAt,
        obligation: o.key,
      };
    });
}

function alertsFor(s: CourseState, r: Rule, to: Role[] | 'careTeam', e: RecordedEvent): Reminder[] {
  // Every party the rule names that the care team has; if it has none of them, that party's first contact.
  const named = to === 'careTeam' ? roles.filter((x) => s.careTeam[x]) : to.filter((x) => s.careTeam[x]);
  const wanted =
    named.length > 0 || to === 'careTeam' ? named : [resolve(s.careTeam, to)].filter((x): x is Role => !!x);
  return wanted.map((role) => ({
    businessKey: `${s.courseRef}/${r.id}/event-${e.seq}/alert/${role}`,
    courseRef: s.courseRef,
    rule: r.id,
    kind: 'alert' as const,
    role,
    recipient: s.careTeam[role]!.mailbox,
  }));
}

/**
 * A reminder the mail server refused for good: recorded in the course, and the role's manager
 * is told (issue 4), unless the refused message was already the manager's.
 */
export function recordDeliveryFailure(
  current: CourseState,
  r: Reminder,
  error: string,
  now: Instant,
): { state: CourseState; effects: Reminder[] } {
  const s: CourseState = structuredCloneJson(current);
  s.deliveryFailures.push({ businessKey: r.businessKey, rule: r.rule, role: r.role, kind: r.kind, at: now, error });
  const manager = s.careTeam[r.role]?.manager;
  const toManager = r.kind === 'escalation' || r.kind === 'deliveryFailed' || !manager || manager === r.recipient;
  const effects: Reminder[] = toManager
    ? []
    : [{ ...r, businessKey: `${r.businessKey}/deliveryFailed`, kind: 'deliveryFailed', recipient: manager }];
  return { state: s, effects };
}

// ---- Views ---------------------------------------------------------------------------------------

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
  phase: string;
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

/** Plain-JSON copy: the state is JSON by construction (it travels as a workflow payload). */
function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
