// The pure course engine (no Temporal) driven by hand for the rules tests in test/rules/: a course
// with its own clock, time passing the way the workflow lets it pass, the reminders it fires, and
// the forensic and discharge courses several rule families start from.
//
// Expected instants in those tests are worked out by hand in Oslo time: CET = UTC+1, CEST = UTC+2.
// DST 2026: CEST from Sun 29 March 02:00 to Sun 25 October 03:00.
// Easter 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April;
// Ascension Day 14 May, Whit Monday 25 May.
import {
  advance,
  decide,
  EventRejected,
  nextWakeUp,
  startCourse,
  type CareTeam,
  type CourseKind,
  type CourseState,
  type Decision,
  type Reminder,
} from '../../domain';
import { careTeam, startInput } from './fixtures';
import { admissionSteps, dischargeProcess, type Ev } from './forensic';

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;
export const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
export const REF = 'test-2026-000123';

/** A course and a clock: `rec` lets time pass to `now` (as the workflow does), then records the event. */
export class Course {
  constructor(
    public s: CourseState,
    public now: string,
  ) {}
  static start(
    kind: CourseKind,
    profile: string,
    at: string,
    overrides: Parameters<typeof startInput>[2] = {},
  ): Course {
    return new Course(startCourse(startInput(kind, profile, { courseRef: REF, ...overrides }), at).state, at);
  }
  at(t: string): this {
    this.now = t;
    return this;
  }
  wait(ms: number): this {
    this.now = plus(this.now, ms);
    return this;
  }
  rec(event: Ev): Decision {
    this.s = advance(this.s, this.now).state;
    const d = decide(this.s, event, this.now);
    this.s = d.state;
    return d;
  }
  /** Records each event one minute after the previous one. */
  recAll(events: Ev[]): this {
    for (const e of events) {
      this.rec(e);
      this.wait(MIN);
    }
    return this;
  }
  /** The event is rejected with EventRejected and the state stays deep-equal; returns the message. */
  reject(event: unknown): string {
    return rejected(this.s, event, this.now);
  }
  open(rule: string) {
    return this.s.obligations.filter((o) => o.rule === rule);
  }
  closed(rule: string) {
    return this.s.closed.filter((c) => c.rule === rule);
  }
  due(rule: string): (string | undefined)[] {
    return this.open(rule).map((o) => o.dueAt);
  }
}

function rejected(s: CourseState, event: unknown, now: string): string {
  const before = structuredClone(s);
  let error: unknown;
  try {
    decide(s, event, now);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(EventRejected);
  expect(s).toEqual(before);
  return (error as Error).message;
}

export interface Fired {
  at: string;
  r: Reminder;
}
/** Lets time pass the way the workflow does (sleep until nextWakeUp, then advance) and collects every reminder with the instant it fired. */
export function runUntil(s: CourseState, until: string): { state: CourseState; fired: Fired[] } {
  const fired: Fired[] = [];
  for (let i = 0; i < 20_000; i++) {
    const t = nextWakeUp(s);
    if (t === undefined || t > until) return { state: advance(s, until).state, fired };
    const a = advance(s, t);
    fired.push(...a.effects.map((r) => ({ at: t, r })));
    s = a.state;
  }
  throw new Error('runUntil: time never settled');
}
export const firedFor = (fired: Fired[], rule: string, kind?: string) =>
  fired.filter((f) => f.r.rule === rule && (!kind || f.r.kind === kind));
/** [kind, role, recipient, fired at, due at] of a rule's reminders. */
export const table = (fired: Fired[], rule: string) =>
  firedFor(fired, rule).map((f) => [f.r.kind, f.r.role, f.r.recipient, f.at, f.r.dueAt]);
export const dueInstants = (fired: Fired[], rule: string) => [
  ...new Set(firedFor(fired, rule, 'due').map((f) => f.at)),
];

export const mail = (role: keyof CareTeam) => careTeam[role]!.mailbox;
export const manager = (role: keyof CareTeam) => careTeam[role]!.manager;

/** Admitted at `admittedAt`, discharge process run in the hour before `tudAt`, discharged to TUD at `tudAt`. */
export function forensicAtTud(tudAt: string, admittedAt = '2025-11-03T09:00:00.000Z', profile = 'ahus'): Course {
  const c = Course.start('forensic-tud', profile, admittedAt).wait(MIN).recAll(admissionSteps);
  c.at(plus(tudAt, -HOUR)).recAll(dischargeProcess);
  c.at(tudAt).rec({ kind: 'dischargedToTud' });
  return c;
}
/** A forensic course whose discharge process started at `at` (2026-01-06 11:00 CET by default). */
export function forensicInProcess(profile = 'ahus', at = '2026-01-06T10:00:00.000Z'): Course {
  const c = Course.start('forensic-tud', profile, '2026-01-05T09:00:00.000Z').wait(MIN).recAll(admissionSteps);
  c.at(at).rec({ kind: 'dischargeProcessStarted' });
  return c.wait(MIN);
}
/**
 * An admission-discharge course admitted two days before `readyAt`, its collaboration meeting held and
 * the summary sent the day before: under UNN the meeting gates discharge-ready for a patient with
 * municipal services (DIS-MEETING, domain §9.9), and its summary is owed (DIS-MEETING-SUMMARY).
 */
export function admittedForDischarge(profile: string, readyAt: string): Course {
  const c = Course.start('admission-discharge', profile, plus(readyAt, -2 * DAY));
  c.at(plus(readyAt, -DAY)).rec({ kind: 'meetingHeld', meeting: 'collaboration' });
  c.wait(MIN).rec({ kind: 'messageSent', message: 'meetingSummary' });
  return c.at(readyAt);
}
/**
 * An admission-discharge course (see `admittedForDischarge`): discharge-ready two minutes and updated health
 * information one minute before the notice at `noticeAt`.
 */
export function noticeSent(profile: string, noticeAt: string): Course {
  const c = admittedForDischarge(profile, plus(noticeAt, -2 * MIN));
  c.rec({ kind: 'dischargeReady' });
  c.wait(MIN).rec({ kind: 'messageSent', message: 'healthInformation' });
  c.at(noticeAt).rec({ kind: 'messageSent', message: 'dischargeReadyNotice' });
  return c;
}

// One forensic course to TUD on Tue 10 March 2026 12:00 CET, left alone for three years: the first
// occurrences of the rolling TUD rules stay open, overdue, and open no next one (domain §9.4).
// Shared by STAY-MEETING and the TUD rules (memoised, once per test file).
export const TUD_AT = '2026-03-10T11:00:00.000Z';
let tudRun: { course: Course; state: CourseState; fired: Fired[] } | undefined;
export function threeYearsAfterTud() {
  if (!tudRun) {
    const course = forensicAtTud(TUD_AT);
    const { state, fired } = runUntil(course.s, '2029-03-11T00:00:00.000Z');
    tudRun = { course, state, fired };
  }
  return tudRun;
}
