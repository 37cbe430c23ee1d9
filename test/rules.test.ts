// Fast unit tests of the pure course engine (no Temporal): one describe block per rule id of
// domain.md §4, each asserting when the rule fires (exact instants and reminder effects), what
// closes it, or that it blocks / alerts at once; then general validation (domain §8), the
// catalogue and profiles against domain.md, and a fast-check property over random event
// sequences for every course kind.
//
// Expected instants are worked out by hand in Oslo time: CET = UTC+1, CEST = UTC+2.
// DST 2026: CEST from Sun 29 March 02:00 to Sun 25 October 03:00.
// Easter 2026: Maundy Thursday 2 April, Good Friday 3 April, Easter Monday 6 April;
// Ascension Day 14 May, Whit Monday 25 May.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import {
  advance,
  courseView,
  decide,
  EventRejected,
  gateMissing,
  nextWakeUp,
  openObligations,
  startCourse,
  waitingDays,
  type Decision,
  type Reminder,
} from '../domain/engine';
import { catalogue, ruleIds } from '../domain/catalogue';
import { messageKinds, meetingKinds, planKinds } from '../domain/events';
import type { CareTeam, CourseKind, CourseState } from '../domain/model';
import { loadProfile, parseProfile, profileIds, shippedProfiles } from '../domain/profiles';
import { careTeam, identityNumberLike, startInput } from './helpers/fixtures';
import { admissionSteps, afterTud, beforeFirstLeave, dischargeProcess } from './helpers/forensic';

// ---- Helpers -------------------------------------------------------------------------------------

type Ev = Record<string, unknown>;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const plus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
const REF = 'test-2026-000123';

/** A course and a clock: `rec` lets time pass to `now` (as the workflow does), then records the event. */
class Course {
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
  due(rule: string): string[] {
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

interface Fired {
  at: string;
  r: Reminder;
}
/** Lets time pass the way the workflow does (sleep until nextWakeUp, then advance) and collects every reminder with the instant it fired. */
function runUntil(s: CourseState, until: string): { state: CourseState; fired: Fired[] } {
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
const firedFor = (fired: Fired[], rule: string, kind?: string) =>
  fired.filter((f) => f.r.rule === rule && (!kind || f.r.kind === kind));
/** [kind, role, recipient, fired at, due at] of a rule's reminders. */
const table = (fired: Fired[], rule: string) =>
  firedFor(fired, rule).map((f) => [f.r.kind, f.r.role, f.r.recipient, f.at, f.r.dueAt]);
const dueInstants = (fired: Fired[], rule: string) => [...new Set(firedFor(fired, rule, 'due').map((f) => f.at))];

/** Everything a reminder may carry (domain §7): references, the rule, who, and when; nothing about the patient. */
const REMINDER_FIELDS = [
  'businessKey',
  'courseRef',
  'rule',
  'kind',
  'role',
  'recipient',
  'dueAt',
  'openedAt',
  'obligation',
];
const mail = (role: keyof CareTeam) => careTeam[role]!.mailbox;
const manager = (role: keyof CareTeam) => careTeam[role]!.manager;

/** Admitted at `admittedAt`, discharge process run in the hour before `tudAt`, discharged to TUD at `tudAt`. */
function forensicAtTud(tudAt: string, admittedAt = '2025-11-03T09:00:00.000Z', profile = 'ahus'): Course {
  const c = Course.start('forensic-tud', profile, admittedAt).wait(MIN).recAll(admissionSteps);
  c.at(plus(tudAt, -HOUR)).recAll(dischargeProcess);
  c.at(tudAt).rec({ kind: 'dischargedToTud' });
  return c;
}
/** A forensic course whose discharge process started at `at` (2026-01-06 11:00 CET by default). */
function forensicInProcess(profile = 'ahus', at = '2026-01-06T10:00:00.000Z'): Course {
  const c = Course.start('forensic-tud', profile, '2026-01-05T09:00:00.000Z').wait(MIN).recAll(admissionSteps);
  c.at(at).rec({ kind: 'dischargeProcessStarted' });
  return c.wait(MIN);
}
/** An admission-discharge course: admitted two days earlier, discharge-ready two minutes and updated health information one minute before the notice at `noticeAt`. */
function noticeSent(profile: string, noticeAt: string): Course {
  const c = Course.start('admission-discharge', profile, plus(noticeAt, -2 * DAY));
  c.at(plus(noticeAt, -2 * MIN)).rec({ kind: 'dischargeReady' });
  c.wait(MIN).rec({ kind: 'messageSent', message: 'healthInformation' });
  c.at(noticeAt).rec({ kind: 'messageSent', message: 'dischargeReadyNotice' });
  return c;
}

// One forensic course to TUD on Tue 10 March 2026 12:00 CET, left alone for three years:
// shared by the recurring TUD rules (memoised: the run is the slow part).
const TUD_AT = '2026-03-10T11:00:00.000Z';
let tudRun: { course: Course; state: CourseState; fired: Fired[] } | undefined;
function threeYearsAfterTud() {
  if (!tudRun) {
    const course = forensicAtTud(TUD_AT);
    const { state, fired } = runUntil(course.s, '2029-03-11T00:00:00.000Z');
    tudRun = { course, state, fired };
  }
  return tudRun;
}

// ---- 4.1 Admission -------------------------------------------------------------------------------

describe('ADM-NOTICE', () => {
  const T0 = '2026-01-05T09:00:00.000Z'; // Mon 5 Jan 2026 10:00 CET

  it('opens on admission of a patient with municipal services: due 24 h later (Ahus), heads-up 4 h before, escalation 24 h after, to the ward', () => {
    const c = Course.start('admission-discharge', 'ahus', T0);
    expect(c.due('ADM-NOTICE')).toEqual(['2026-01-06T09:00:00.000Z']);
    const { fired } = runUntil(c.s, '2026-01-10T00:00:00.000Z');
    expect(table(fired, 'ADM-NOTICE')).toEqual([
      ['headsUp', 'ward', mail('ward'), '2026-01-06T05:00:00.000Z', '2026-01-06T09:00:00.000Z'],
      ['due', 'ward', mail('ward'), '2026-01-06T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
      ['escalation', 'ward', manager('ward'), '2026-01-07T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
    ]);
    // Each reminder is keyed course + obligation + kind + role and carries no patient data (domain §7).
    const due = firedFor(fired, 'ADM-NOTICE', 'due')[0]!.r;
    expect(due).toMatchObject({
      businessKey: `${REF}/ADM-NOTICE#1/due/ward`,
      courseRef: REF,
      rule: 'ADM-NOTICE',
      kind: 'due',
      role: 'ward',
      recipient: mail('ward'),
      dueAt: '2026-01-06T09:00:00.000Z',
      obligation: 'ADM-NOTICE#1',
    });
    expect(Object.keys(due).filter((k) => !REMINDER_FIELDS.includes(k))).toEqual([]);
  });

  it('is not opened for a patient without municipal services', () => {
    const c = Course.start('admission-discharge', 'ahus', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false },
    });
    expect(c.open('ADM-NOTICE')).toEqual([]);
  });

  it('is closed by the admission notice: no reminders after, the view counts it no longer', () => {
    const c = Course.start('forensic-tud', 'ahus', T0);
    expect(
      courseView(c.s, '2026-01-06T10:00:00.000Z').openObligations.find((o) => o.rule === 'ADM-NOTICE')?.overdue,
    ).toBe(true);
    c.at('2026-01-05T12:00:00.000Z').rec({ kind: 'messageSent', message: 'admissionNotice' });
    expect(c.open('ADM-NOTICE')).toEqual([]);
    expect(c.closed('ADM-NOTICE')).toEqual([
      {
        key: 'ADM-NOTICE#1',
        rule: 'ADM-NOTICE',
        openedAt: T0,
        dueAt: '2026-01-06T09:00:00.000Z',
        closedAt: '2026-01-05T12:00:00.000Z',
        outcome: 'done',
        eventSeq: 2,
      },
    ]);
    expect(firedFor(runUntil(c.s, '2026-01-10T00:00:00.000Z').fired, 'ADM-NOTICE')).toEqual([]);
  });
});

describe('ADM-HEALTHINFO', () => {
  const T0 = '2026-01-05T09:00:00.000Z';

  it('opens on admission without services but with an assessed need: due 24 h later', () => {
    const c = Course.start('admission-discharge', 'unn', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, needsMunicipalServices: true },
    });
    expect(c.due('ADM-HEALTHINFO')).toEqual(['2026-01-06T09:00:00.000Z']);
    expect(c.open('ADM-NOTICE')).toEqual([]);
  });

  it('opens when the need is found during the stay: due 24 h after that', () => {
    const c = Course.start('admission-discharge', 'unn', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false },
    });
    expect(c.open('ADM-HEALTHINFO')).toEqual([]);
    c.at('2026-01-07T11:30:00.000Z').rec({ kind: 'servicesNeedFound' });
    expect(c.due('ADM-HEALTHINFO')).toEqual(['2026-01-08T11:30:00.000Z']);
    const { fired } = runUntil(c.s, '2026-01-09T00:00:00.000Z');
    expect(table(fired, 'ADM-HEALTHINFO').map((r) => [r[0], r[3]])).toEqual([
      ['headsUp', '2026-01-08T07:30:00.000Z'],
      ['due', '2026-01-08T11:30:00.000Z'],
    ]);
  });

  it('is closed by health information sent', () => {
    const c = Course.start('admission-discharge', 'unn', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, needsMunicipalServices: true },
    });
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'healthInformation' });
    expect(c.closed('ADM-HEALTHINFO').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('ADM-STATUS', () => {
  it('24 h is elapsed time across the spring-forward night: admitted Sat 28 Mar 12:00 CET → due Sun 29 Mar 13:00 CEST', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-03-28T11:00:00.000Z');
    expect(c.due('ADM-STATUS')).toEqual(['2026-03-29T11:00:00.000Z']);
  });

  it('24 h is elapsed time across the fall-back night: admitted Sat 24 Oct 12:00 CEST → due Sun 25 Oct 11:00 CET', () => {
    const c = Course.start('forensic-tud', 'unn', '2026-10-24T10:00:00.000Z');
    expect(c.due('ADM-STATUS')).toEqual(['2026-10-25T10:00:00.000Z']);
  });

  it('is closed by status information; a long-term course has no admission rules', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-01-05T09:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'statusInformation' });
    expect(c.open('ADM-STATUS')).toEqual([]);
    expect(c.closed('ADM-STATUS').map((x) => x.outcome)).toEqual(['done']);
    const lt = Course.start('long-term-coordinated', 'hnt', '2026-01-05T09:00:00.000Z');
    expect(lt.s.obligations.filter((o) => o.rule.startsWith('ADM-'))).toEqual([]);
  });
});

describe('ADM-GP', () => {
  it('opens on a forensic admission only: due after the profile default (24 h), to the responsible clinician', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-05T09:00:00.000Z');
    expect(c.due('ADM-GP')).toEqual(['2026-01-06T09:00:00.000Z']);
    expect(table(runUntil(c.s, '2026-01-06T09:00:00.000Z').fired, 'ADM-GP')).toEqual([
      [
        'headsUp',
        'responsibleClinician',
        mail('responsibleClinician'),
        '2026-01-06T05:00:00.000Z',
        '2026-01-06T09:00:00.000Z',
      ],
      [
        'due',
        'responsibleClinician',
        mail('responsibleClinician'),
        '2026-01-06T09:00:00.000Z',
        '2026-01-06T09:00:00.000Z',
      ],
    ]);
    expect(Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z').open('ADM-GP')).toEqual([]);
  });

  it('is closed by the dialogue message to the GP', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-05T09:00:00.000Z');
    c.wait(MIN).rec({ kind: 'messageSent', message: 'gpDialogue' });
    expect(c.closed('ADM-GP').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('ADM-REPORT', () => {
  const T0 = '2026-01-05T09:00:00.000Z';
  const noticeAt = '2026-01-05T10:00:00.000Z'; // Mon 11:00 CET

  it('HNT: due 4 h after the admission notice, heads-up 1 h before, escalation 2 h after (profile override)', () => {
    const c = Course.start('admission-discharge', 'hnt', T0);
    expect(c.open('ADM-REPORT')).toEqual([]); // opens on the notice, not on admission
    c.at(noticeAt).rec({ kind: 'messageSent', message: 'admissionNotice' });
    expect(c.due('ADM-REPORT')).toEqual(['2026-01-05T14:00:00.000Z']);
    expect(table(runUntil(c.s, '2026-01-10T00:00:00.000Z').fired, 'ADM-REPORT')).toEqual([
      ['headsUp', 'caseOffice', mail('caseOffice'), '2026-01-05T13:00:00.000Z', '2026-01-05T14:00:00.000Z'],
      ['due', 'caseOffice', mail('caseOffice'), '2026-01-05T14:00:00.000Z', '2026-01-05T14:00:00.000Z'],
      ['escalation', 'caseOffice', manager('caseOffice'), '2026-01-05T16:00:00.000Z', '2026-01-05T14:00:00.000Z'],
    ]);
  });

  it('UNN: due 24 h after the admission notice, escalation after the default 24 h', () => {
    const c = Course.start('admission-discharge', 'unn', T0);
    c.at(noticeAt).rec({ kind: 'messageSent', message: 'admissionNotice' });
    expect(c.due('ADM-REPORT')).toEqual(['2026-01-06T10:00:00.000Z']);
    expect(table(runUntil(c.s, '2026-01-10T00:00:00.000Z').fired, 'ADM-REPORT').map((r) => [r[0], r[2], r[3]])).toEqual(
      [
        ['headsUp', mail('caseOffice'), '2026-01-06T09:00:00.000Z'],
        ['due', mail('caseOffice'), '2026-01-06T10:00:00.000Z'],
        ['escalation', manager('caseOffice'), '2026-01-07T10:00:00.000Z'],
      ],
    );
  });

  it('is closed by the admission report', () => {
    const c = Course.start('admission-discharge', 'hnt', T0);
    c.at(noticeAt).rec({ kind: 'messageSent', message: 'admissionNotice' });
    c.wait(2 * HOUR).rec({ kind: 'messageSent', message: 'admissionReport' });
    expect(c.closed('ADM-REPORT').map((x) => [x.outcome, x.closedAt])).toEqual([['done', '2026-01-05T12:00:00.000Z']]);
  });
});

describe('ADM-DISCHARGE-CHANGE', () => {
  it('opens on a changed expected discharge time: due after the profile default (24 h); closed by the update', () => {
    const c = Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z');
    expect(c.open('ADM-DISCHARGE-CHANGE')).toEqual([]);
    c.at('2026-01-08T14:15:00.000Z').rec({ kind: 'expectedDischargeChanged' });
    expect(c.due('ADM-DISCHARGE-CHANGE')).toEqual(['2026-01-09T14:15:00.000Z']);
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'dischargeChangeUpdate' });
    expect(c.closed('ADM-DISCHARGE-CHANGE').map((x) => x.outcome)).toEqual(['done']);
  });

  it('a second change opens a second occurrence', () => {
    const c = Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'expectedDischargeChanged' });
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'dischargeChangeUpdate' });
    c.wait(HOUR).rec({ kind: 'expectedDischargeChanged' });
    expect(c.open('ADM-DISCHARGE-CHANGE').map((o) => o.key)).toEqual(['ADM-DISCHARGE-CHANGE#2']);
  });
});

describe('ADM-DEATH', () => {
  it('alerts the municipality at once, ends the course and cancels every open obligation and schedule', () => {
    const c = forensicInProcess('unn');
    const openBefore = c.s.obligations.map((o) => o.key);
    expect(openBefore.length).toBeGreaterThan(0);
    const d = c.rec({ kind: 'death' });
    // Every municipal party in the care team (the fixture has the case office and the coordinator).
    expect(d.effects).toEqual(
      (['caseOffice', 'municipalCoordinator'] as const).map((role) => ({
        businessKey: `${REF}/ADM-DEATH/event-${d.event.seq}/alert/${role}`,
        courseRef: REF,
        rule: 'ADM-DEATH',
        kind: 'alert',
        role,
        recipient: mail(role),
      })),
    );
    expect(c.s.phase).toBe('ended');
    expect(c.s.obligations).toEqual([]);
    expect(c.s.schedules).toEqual([]);
    const cancelled = c.s.closed.filter((x) => x.eventSeq === d.event.seq);
    expect(cancelled.map((x) => x.key).sort()).toEqual([...openBefore].sort());
    expect(cancelled.every((x) => x.outcome === 'cancelled')).toBe(true);
    // Nothing fires any more, and nothing more can be recorded.
    expect(advance(c.s, '2030-01-01T00:00:00.000Z').effects).toEqual([]);
    expect(nextWakeUp(c.s)).toBeUndefined();
    expect(c.reject({ kind: 'messageSent', message: 'deathNotice' })).toMatch(/The course has ended/);
  });

  it('reaches a municipal role when the team has no case office; never a hospital role', () => {
    const { caseOffice: _c, ...team } = careTeam;
    const c = Course.start('long-term-coordinated', 'hnt', '2026-01-05T09:00:00.000Z', { careTeam: team });
    const d = c.wait(HOUR).rec({ kind: 'death' });
    expect(d.effects.map((e) => [e.kind, e.role, e.recipient])).toEqual([
      ['alert', 'municipalCoordinator', mail('municipalCoordinator')],
    ]);
  });
});

describe('ADM-CHILDREN', () => {
  it('opens on admission for both parties: due 72 h later (elapsed across DST), heads-up 12 h before', () => {
    const c = Course.start('admission-discharge', 'ahus', '2026-03-27T11:00:00.000Z'); // Fri 27 Mar 12:00 CET
    expect(c.due('ADM-CHILDREN')).toEqual(['2026-03-30T11:00:00.000Z']); // Mon 30 Mar 13:00 CEST
    const { fired } = runUntil(c.s, '2026-03-30T11:00:00.000Z');
    expect(table(fired, 'ADM-CHILDREN').map((r) => [r[0], r[1], r[3]])).toEqual([
      ['headsUp', 'ward', '2026-03-29T23:00:00.000Z'],
      ['headsUp', 'caseOffice', '2026-03-29T23:00:00.000Z'],
      ['due', 'ward', '2026-03-30T11:00:00.000Z'],
      ['due', 'caseOffice', '2026-03-30T11:00:00.000Z'],
    ]);
  });

  it('is closed by taskDone; a second taskDone has nothing to close', () => {
    const c = Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'taskDone', rule: 'ADM-CHILDREN' });
    expect(c.closed('ADM-CHILDREN').map((x) => x.outcome)).toEqual(['done']);
    expect(c.wait(MIN).reject({ kind: 'taskDone', rule: 'ADM-CHILDREN' })).toBe(
      'There is no open ADM-CHILDREN obligation on this course',
    );
  });
});

// ---- 4.2 During a forensic stay ------------------------------------------------------------------

describe('STAY-COORD-H', () => {
  it('forensic admission: due 14 calendar days later keeping the local time across DST, to the hospital coordinating unit', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-03-20T11:00:00.000Z'); // Fri 20 Mar 12:00 CET
    expect(c.due('STAY-COORD-H')).toEqual(['2026-04-03T10:00:00.000Z']); // Fri 3 Apr 12:00 CEST
    const { fired } = runUntil(c.s, '2026-04-03T10:00:00.000Z');
    expect(table(fired, 'STAY-COORD-H').map((r) => [r[0], r[1], r[2], r[3]])).toEqual([
      ['headsUp', 'hospitalCoordinatingUnit', mail('hospitalCoordinatingUnit'), '2026-04-01T10:00:00.000Z'],
      ['due', 'hospitalCoordinatingUnit', mail('hospitalCoordinatingUnit'), '2026-04-03T10:00:00.000Z'],
    ]);
  });

  it('admission-discharge only with complex needs; closed by the hospital coordinator, not the municipal one', () => {
    expect(Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z').open('STAY-COORD-H')).toEqual([]);
    const c = Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: true, complexNeeds: true },
    });
    expect(c.due('STAY-COORD-H')).toEqual(['2026-01-19T09:00:00.000Z']);
    c.wait(HOUR).rec({ kind: 'coordinatorAppointed', party: 'municipality' });
    expect(c.open('STAY-COORD-H')).toHaveLength(1);
    c.wait(HOUR).rec({ kind: 'coordinatorAppointed', party: 'hospital' });
    expect(c.open('STAY-COORD-H')).toEqual([]);
  });
});

describe('STAY-COORD-M', () => {
  it('due 14 days after admission, to the municipal coordinating unit (falling back to the case office); closed by the municipal coordinator', () => {
    const c = Course.start('forensic-tud', 'hnt', '2026-01-05T09:00:00.000Z');
    expect(c.due('STAY-COORD-M')).toEqual(['2026-01-19T09:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2026-01-19T09:00:00.000Z').fired, 'STAY-COORD-M', 'due').map((f) => f.r.role),
    ).toEqual(['caseOffice']);
    c.wait(HOUR).rec({ kind: 'coordinatorAppointed', party: 'hospital' });
    expect(c.open('STAY-COORD-M')).toHaveLength(1);
    c.wait(HOUR).rec({ kind: 'coordinatorAppointed', party: 'municipality' });
    expect(c.closed('STAY-COORD-M').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('STAY-IP', () => {
  it('due 30 days after admission to both parties; closed by an IP started', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-05T09:00:00.000Z');
    expect(c.due('STAY-IP')).toEqual(['2026-02-04T09:00:00.000Z']);
    const due = firedFor(runUntil(c.s, '2026-02-04T09:00:00.000Z').fired, 'STAY-IP', 'due');
    expect(due.map((f) => [f.r.role, f.at])).toEqual([
      ['caseOffice', '2026-02-04T09:00:00.000Z'],
      ['hospitalCoordinatingUnit', '2026-02-04T09:00:00.000Z'],
    ]);
    c.wait(DAY).rec({ kind: 'ipStarted' });
    expect(c.closed('STAY-IP').map((x) => x.outcome)).toEqual(['done']);
  });

  it("or by the patient's refusal recorded", () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-05T09:00:00.000Z');
    c.wait(DAY).rec({ kind: 'ipDeclined' });
    expect(c.closed('STAY-IP').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('STAY-RISK', () => {
  it('forensic only: due 14 days after admission; needs both the assessment and the sharing', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-05T09:00:00.000Z');
    expect(c.due('STAY-RISK')).toEqual(['2026-01-19T09:00:00.000Z']);
    c.wait(DAY).rec({ kind: 'riskAssessed' });
    expect(openObligations(c.s, c.now).find((o) => o.rule === 'STAY-RISK')?.missing).toEqual([
      'shared with the municipality',
    ]);
    c.wait(DAY).rec({ kind: 'messageSent', message: 'riskShared' });
    expect(c.closed('STAY-RISK').map((x) => x.outcome)).toEqual(['done']);
    expect(Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z').open('STAY-RISK')).toEqual([]);
  });
});

describe('STAY-MEETING', () => {
  it('recurs every three calendar months from admission (Oslo local time across DST)', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-15T09:00:00.000Z'); // Thu 15 Jan 10:00 CET
    const { fired, state } = runUntil(c.s, '2027-01-16T00:00:00.000Z');
    expect(dueInstants(fired, 'STAY-MEETING')).toEqual([
      '2026-04-15T08:00:00.000Z', // 10:00 CEST
      '2026-07-15T08:00:00.000Z',
      '2026-10-15T08:00:00.000Z',
      '2027-01-15T09:00:00.000Z', // 10:00 CET
    ]);
    // Occurrence k opens when k-1 falls due; heads-up 7 days before, to the responsible clinician.
    expect(state.obligations.filter((o) => o.rule === 'STAY-MEETING').map((o) => [o.key, o.openedAt])).toEqual([
      ['STAY-MEETING#1', '2026-01-15T09:00:00.000Z'],
      ['STAY-MEETING#2', '2026-04-15T08:00:00.000Z'],
      ['STAY-MEETING#3', '2026-07-15T08:00:00.000Z'],
      ['STAY-MEETING#4', '2026-10-15T08:00:00.000Z'],
      ['STAY-MEETING#5', '2027-01-15T09:00:00.000Z'],
    ]);
    expect(firedFor(fired, 'STAY-MEETING', 'headsUp')[0]).toMatchObject({
      at: '2026-04-08T08:00:00.000Z',
      r: { role: 'responsibleClinician' },
    });
  });

  it('stops at discharge to TUD: the open occurrence is cancelled and no schedule remains', () => {
    // Admitted Mon 3 Nov 2025 10:00 CET: #1 due 3 Feb 2026 (closed by the discharge-process meeting),
    // #2 opened 3 Feb, due 3 May, still open at discharge to TUD on 10 March.
    const { course } = threeYearsAfterTud();
    expect(course.closed('STAY-MEETING').map((x) => [x.key, x.dueAt, x.outcome, x.closedAt])).toEqual([
      ['STAY-MEETING#1', '2026-02-03T09:00:00.000Z', 'done', expect.any(String)],
      ['STAY-MEETING#2', '2026-05-03T08:00:00.000Z', 'cancelled', TUD_AT],
    ]);
    expect(course.s.schedules.map((x) => x.rule)).not.toContain('STAY-MEETING');
    expect(firedFor(threeYearsAfterTud().fired, 'STAY-MEETING')).toEqual([]);
  });
});

// ---- 4.3 Discharge process: gates ----------------------------------------------------------------

const FIRST_LEAVE_ALL_MISSING =
  'Gate before the first leave not met; missing: DIS-PLAN-START (protection plan drafted); ' +
  'DIS-PROGRESSION (progression plan approved); DIS-SERVICES (services in place); ' +
  'DIS-ERM-TRAINING (ERM transfer meeting held, municipal staff trained in ERM); DIS-SHADOWING (job shadowing discussed). ' +
  'An admin may override with a reason.';

/** Every first-leave step but the ones matching `skip`, then the first leave must name exactly `missing`. */
function firstLeaveMissing(skip: (e: Ev) => boolean): string {
  const c = forensicInProcess();
  c.recAll(beforeFirstLeave.filter((e) => !skip(e)));
  return c.reject({ kind: 'leaveStarted' });
}

describe('DIS-PLAN-START', () => {
  it('opens with the discharge process (due 60 days later) and blocks the first leave, naming every missing step', () => {
    const c = forensicInProcess();
    expect(c.due('DIS-PLAN-START')).toEqual(['2026-03-07T10:00:00.000Z']); // 6 Jan + 60 days, 11:00 CET
    expect(c.reject({ kind: 'leaveStarted' })).toBe(FIRST_LEAVE_ALL_MISSING);
    expect(gateMissing(c.s, 'firstLeave')).toHaveLength(5);
    expect(firstLeaveMissing((e) => e.plan === 'protection')).toMatch(
      /missing: DIS-PLAN-START \(protection plan drafted\)\. An admin/,
    );
  });

  it('an override with a reason passes the gate once and is recorded; the obligations stay open', () => {
    const c = forensicInProcess();
    expect(c.reject({ kind: 'override', gate: 'firstLeave', reason: 'short' })).toMatch(/reason must say why/);
    const o = c.rec({
      kind: 'override',
      gate: 'firstLeave',
      reason: 'Leave agreed by the clinician and the municipality',
      by: 'admin-7',
    });
    expect(c.s.overrides).toEqual([
      {
        gate: 'firstLeave',
        reason: 'Leave agreed by the clinician and the municipality',
        by: 'admin-7',
        at: o.event.at,
        eventSeq: o.event.seq,
      },
    ]);
    expect(
      c.wait(MIN).reject({ kind: 'override', gate: 'firstLeave', reason: 'A second reason for the same gate' }),
    ).toMatch(/already recorded and not yet used/);
    const leave = c.rec({ kind: 'leaveStarted' });
    expect(c.s.overrides[0]!.usedBySeq).toBe(leave.event.seq);
    expect(gateMissing(c.s, 'firstLeave')).toHaveLength(5);
    // Only the first leave is gated.
    c.wait(MIN).rec({ kind: 'leaveEnded' });
    c.wait(MIN).rec({ kind: 'leaveStarted' });
    expect(c.s.flags.leaves).toBe(2);
  });

  it('is closed by the protection plan drafted', () => {
    const c = forensicInProcess();
    c.rec({ kind: 'planUpdated', plan: 'protection' });
    expect(c.closed('DIS-PLAN-START').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('DIS-PROGRESSION', () => {
  it('blocks the first leave until the progression plan is approved; due 60 days after the process starts, to both parties', () => {
    const c = forensicInProcess();
    expect(c.due('DIS-PROGRESSION')).toEqual(['2026-03-07T10:00:00.000Z']);
    expect(firstLeaveMissing((e) => e.plan === 'progression')).toMatch(
      /missing: DIS-PROGRESSION \(progression plan approved\)\. An admin/,
    );
    const { fired } = runUntil(c.s, '2026-03-07T10:00:00.000Z');
    expect(firedFor(fired, 'DIS-PROGRESSION', 'headsUp').map((f) => [f.r.role, f.at])).toEqual([
      ['responsibleClinician', '2026-02-28T10:00:00.000Z'],
      ['municipalCoordinator', '2026-02-28T10:00:00.000Z'],
    ]);
    c.rec({ kind: 'planUpdated', plan: 'progression' });
    expect(c.open('DIS-PROGRESSION')).toEqual([]);
  });
});

describe('DIS-SERVICES', () => {
  it('blocks the first leave until municipal services are in place; closed by taskDone', () => {
    expect(firstLeaveMissing((e) => e.rule === 'DIS-SERVICES')).toMatch(
      /missing: DIS-SERVICES \(services in place\)\. An admin/,
    );
    const c = forensicInProcess();
    c.recAll(beforeFirstLeave);
    expect(c.closed('DIS-SERVICES').map((x) => x.outcome)).toEqual(['done']);
    expect(gateMissing(c.s, 'firstLeave')).toEqual([]);
    c.rec({ kind: 'leaveStarted' });
    expect(c.s.flags.onLeave).toBe(true);
  });
});

describe('DIS-ERM-TRAINING', () => {
  it('needs the transfer meeting and the training; gates the first leave and the discharge', () => {
    expect(firstLeaveMissing((e) => e.rule === 'DIS-ERM-TRAINING')).toMatch(
      /missing: DIS-ERM-TRAINING \(municipal staff trained in ERM\)\. An admin/,
    );
    const c = forensicInProcess();
    c.rec({ kind: 'meetingHeld', meeting: 'ermTransfer' });
    expect(gateMissing(c.s, 'discharge')).toContain('DIS-ERM-TRAINING (municipal staff trained in ERM)');
    c.wait(MIN).rec({ kind: 'taskDone', rule: 'DIS-ERM-TRAINING' });
    expect(c.closed('DIS-ERM-TRAINING').map((x) => x.outcome)).toEqual(['done']);
    expect(gateMissing(c.s, 'discharge').join()).not.toMatch(/DIS-ERM-TRAINING/);
  });
});

describe('DIS-SHADOWING', () => {
  it('blocks the first leave until job shadowing is discussed; reminds the ward and the case office', () => {
    expect(firstLeaveMissing((e) => e.rule === 'DIS-SHADOWING')).toMatch(
      /missing: DIS-SHADOWING \(job shadowing discussed\)\. An admin/,
    );
    const c = forensicInProcess();
    const { fired } = runUntil(c.s, '2026-03-07T10:00:00.000Z');
    expect(firedFor(fired, 'DIS-SHADOWING', 'due').map((f) => [f.r.role, f.at])).toEqual([
      ['ward', '2026-03-07T10:00:00.000Z'],
      ['caseOffice', '2026-03-07T10:00:00.000Z'],
    ]);
  });
});

/** A forensic course discharge-ready with everything done except the events matching `skip`. */
function readyForTud(skip: (e: Ev) => boolean = () => false): Course {
  const c = forensicInProcess();
  c.recAll(dischargeProcess.slice(1).filter((e) => !skip(e)));
  return c;
}

describe('DIS-VICTIMS', () => {
  it('blocks the discharge to TUD until victims and bereaved are notified', () => {
    const c = readyForTud((e) => e.rule === 'DIS-VICTIMS');
    expect(c.s.phase).toBe('dischargeReady');
    expect(c.reject({ kind: 'dischargedToTud' })).toBe(
      'Gate before discharge to TUD not met; missing: DIS-VICTIMS (notified). An admin may override with a reason.',
    );
    c.rec({ kind: 'taskDone', rule: 'DIS-VICTIMS' });
    c.wait(MIN).rec({ kind: 'dischargedToTud' });
    expect(c.s.phase).toBe('tud');
  });
});

describe('DIS-EMERGENCY', () => {
  it('opens at each leave (due 2 h later, heads-up 1 h before, to the ward) and at the discharge to TUD', () => {
    const c = forensicInProcess().recAll(beforeFirstLeave);
    c.at('2026-01-10T09:00:00.000Z').rec({ kind: 'leaveStarted' });
    expect(c.due('DIS-EMERGENCY')).toEqual(['2026-01-10T11:00:00.000Z']);
    expect(table(runUntil(c.s, '2026-01-10T11:00:00.000Z').fired, 'DIS-EMERGENCY')).toEqual([
      ['headsUp', 'ward', mail('ward'), '2026-01-10T10:00:00.000Z', '2026-01-10T11:00:00.000Z'],
      ['due', 'ward', mail('ward'), '2026-01-10T11:00:00.000Z', '2026-01-10T11:00:00.000Z'],
    ]);
    c.wait(30 * MIN).rec({ kind: 'messageSent', message: 'emergencyClinicInformed' });
    c.wait(HOUR).rec({ kind: 'leaveEnded' });
    c.wait(HOUR).rec({ kind: 'leaveStarted' });
    expect(c.open('DIS-EMERGENCY').map((o) => o.key)).toEqual(['DIS-EMERGENCY#2']);
    expect(
      forensicAtTud(TUD_AT)
        .open('DIS-EMERGENCY')
        .map((o) => [o.openedAt, o.dueAt]),
    ).toEqual([[TUD_AT, '2026-03-10T13:00:00.000Z']]);
  });
});

describe('DIS-LEAVE-FEEDBACK', () => {
  it('opens when a leave ends: feedback due 24 h later from the municipal coordinator', () => {
    const c = forensicInProcess().recAll(beforeFirstLeave);
    c.rec({ kind: 'leaveStarted' });
    const d = c.at('2026-01-10T18:00:00.000Z').rec({ kind: 'leaveEnded' });
    expect(d.effects).toEqual([]);
    expect(c.due('DIS-LEAVE-FEEDBACK')).toEqual(['2026-01-11T18:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2026-01-11T18:00:00.000Z').fired, 'DIS-LEAVE-FEEDBACK').map((f) => [
        f.r.kind,
        f.r.role,
        f.at,
      ]),
    ).toEqual([
      ['headsUp', 'municipalCoordinator', '2026-01-11T14:00:00.000Z'],
      ['due', 'municipalCoordinator', '2026-01-11T18:00:00.000Z'],
    ]);
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'leaveFeedback' });
    expect(c.closed('DIS-LEAVE-FEEDBACK').map((x) => x.outcome)).toEqual(['done']);
  });

  it('a breach of leave conditions alerts the responsible clinician at once', () => {
    const c = forensicInProcess().recAll(beforeFirstLeave);
    c.rec({ kind: 'leaveStarted' });
    const d = c.wait(HOUR).rec({ kind: 'leaveEnded', breach: true });
    expect(d.effects).toEqual([
      {
        businessKey: `${REF}/DIS-LEAVE-FEEDBACK/event-${d.event.seq}/alert/responsibleClinician`,
        courseRef: REF,
        rule: 'DIS-LEAVE-FEEDBACK',
        kind: 'alert',
        role: 'responsibleClinician',
        recipient: mail('responsibleClinician'),
      },
    ]);
    expect(c.open('DIS-LEAVE-FEEDBACK')).toHaveLength(1);
  });
});

describe('DIS-PROSECUTOR', () => {
  it('steps in order: the plan final, then the patient signs, then the prosecutor approves', () => {
    const c = forensicInProcess();
    expect(c.reject({ kind: 'patientSigned' })).toBe(
      "DIS-PROSECUTOR: 'signed by the patient' must come after: protection plan final",
    );
    c.rec({ kind: 'planUpdated', plan: 'protection', final: true });
    expect(c.wait(MIN).reject({ kind: 'prosecutorApproved' })).toBe(
      "DIS-PROSECUTOR: 'approved by the prosecutor' must come after: signed by the patient",
    );
    c.rec({ kind: 'patientSigned' });
    c.wait(MIN).rec({ kind: 'prosecutorApproved' });
    expect(c.closed('DIS-PROSECUTOR').map((x) => x.outcome)).toEqual(['done']);
  });

  it('blocks the discharge to TUD until the prosecutor has approved', () => {
    const c = readyForTud((e) => e.kind === 'prosecutorApproved');
    expect(c.reject({ kind: 'dischargedToTud' })).toBe(
      'Gate before discharge to TUD not met; missing: DIS-PROSECUTOR (approved by the prosecutor). An admin may override with a reason.',
    );
  });
});

describe('DIS-COERCION', () => {
  it('forensic: blocks discharge-ready until coercive measures have ended', () => {
    const c = forensicInProcess();
    c.recAll(
      dischargeProcess
        .slice(
          1,
          dischargeProcess.findIndex((e) => e.kind === 'dischargeReady'),
        )
        .filter((e) => e.kind !== 'coercionEnded'),
    );
    expect(c.reject({ kind: 'dischargeReady' })).toBe(
      'Gate before discharge-ready not met; missing: DIS-COERCION (coercion ended). An admin may override with a reason.',
    );
    c.rec({ kind: 'coercionEnded' });
    c.wait(MIN).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });

  it('admission-discharge with coercion: opens at admission; an override passes the gate once only', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-01-05T09:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: true, coercion: true },
    });
    expect(c.due('DIS-COERCION')).toEqual(['2026-03-06T09:00:00.000Z']);
    c.wait(DAY);
    expect(c.reject({ kind: 'dischargeReady' })).toMatch(/missing: DIS-COERCION \(coercion ended\)/);
    expect(c.reject({ kind: 'override', gate: 'discharge', reason: 'not a gate of this kind of course' })).toBe(
      "Gate 'discharge' does not apply to a admission-discharge course",
    );
    c.rec({ kind: 'override', gate: 'dischargeReady', reason: 'Coercion continues under a separate decision' });
    const ready = c.wait(MIN).rec({ kind: 'dischargeReady' });
    expect(c.s.overrides.map((o) => [o.gate, o.usedBySeq])).toEqual([['dischargeReady', ready.event.seq]]);
    expect(c.open('DIS-COERCION')).toHaveLength(1);
    c.wait(MIN).rec({ kind: 'withdrawal' });
    expect(c.wait(MIN).reject({ kind: 'dischargeReady' })).toMatch(/Gate before discharge-ready not met/);
    c.rec({ kind: 'coercionEnded' });
    expect(c.wait(MIN).reject({ kind: 'override', gate: 'dischargeReady', reason: 'no longer needed at all' })).toBe(
      'Gate before discharge-ready is already met; no override needed',
    );
    c.rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });

  it('admission-discharge without coercion: no gate', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-01-05T09:00:00.000Z');
    expect(c.open('DIS-COERCION')).toEqual([]);
    c.wait(HOUR).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });
});

describe('DIS-MEETING', () => {
  it('blocks the discharge to TUD until the collaboration meeting is held; an override passes it and is recorded', () => {
    const c = readyForTud((e) => e.meeting === 'collaboration');
    expect(c.reject({ kind: 'dischargedToTud' })).toBe(
      'Gate before discharge to TUD not met; missing: DIS-MEETING (meeting held). An admin may override with a reason.',
    );
    const o = c.rec({ kind: 'override', gate: 'discharge', reason: 'Meeting held by phone, minutes to follow' });
    const d = c.wait(MIN).rec({ kind: 'dischargedToTud' });
    expect(c.s.overrides).toEqual([
      {
        gate: 'discharge',
        reason: 'Meeting held by phone, minutes to follow',
        at: o.event.at,
        eventSeq: o.event.seq,
        usedBySeq: d.event.seq,
      },
    ]);
    // The override passes the gate; the discharge ends the preparation, recorded as overridden (not done).
    expect(c.open('DIS-MEETING')).toEqual([]);
    expect(c.s.closed.filter((x) => x.rule === 'DIS-MEETING').map((x) => [x.key, x.outcome, x.eventSeq])).toEqual([
      ['DIS-MEETING#1', 'overridden', d.event.seq],
    ]);

    expect(c.s.phase).toBe('tud');
  });

  it('due 60 days after the process starts; closed by the collaboration meeting', () => {
    const c = forensicInProcess();
    expect(c.due('DIS-MEETING')).toEqual(['2026-03-07T10:00:00.000Z']);
    c.rec({ kind: 'meetingHeld', meeting: 'collaboration' });
    expect(c.closed('DIS-MEETING').map((x) => x.outcome)).toEqual(['done']);
  });
});

// ---- 4.4 Discharge messaging ---------------------------------------------------------------------

describe('DIS-READY', () => {
  const readyAt = (profile: string, at: string) => {
    const c = Course.start('admission-discharge', profile, plus(at, -2 * DAY));
    c.at(at).rec({ kind: 'dischargeReady' });
    return c;
  };

  it('HNT window 08–15, Friday 22 May 2026 before Whit Monday: 14:59 is inside (due 15:00 today), 15:00 is outside (due Tue 26 May 15:00)', () => {
    expect(readyAt('hnt', '2026-05-22T12:59:00.000Z').due('DIS-READY')).toEqual(['2026-05-22T13:00:00.000Z']);
    expect(readyAt('hnt', '2026-05-22T13:00:00.000Z').due('DIS-READY')).toEqual(['2026-05-26T13:00:00.000Z']);
  });

  it('UNN window 08–14, same Friday: 13:59 is inside (due 14:00 today), 14:00 is outside (due Tue 26 May 14:00)', () => {
    expect(readyAt('unn', '2026-05-22T11:59:00.000Z').due('DIS-READY')).toEqual(['2026-05-22T12:00:00.000Z']);
    expect(readyAt('unn', '2026-05-22T12:00:00.000Z').due('DIS-READY')).toEqual(['2026-05-26T12:00:00.000Z']);
  });

  it('Wednesday 1 April 2026, the day before Maundy Thursday, 14:30 CEST: inside for HNT, outside for UNN (→ Tue 7 April after Easter)', () => {
    expect(readyAt('hnt', '2026-04-01T12:30:00.000Z').due('DIS-READY')).toEqual(['2026-04-01T13:00:00.000Z']);
    expect(readyAt('unn', '2026-04-01T12:30:00.000Z').due('DIS-READY')).toEqual(['2026-04-07T12:00:00.000Z']);
    expect(readyAt('unn', '2026-04-01T11:59:00.000Z').due('DIS-READY')).toEqual(['2026-04-01T12:00:00.000Z']);
  });

  it('in winter time: Thu 24 Dec 2026 14:59 CET is inside for HNT; 15:00 CET waits for Mon 28 Dec', () => {
    expect(readyAt('hnt', '2026-12-24T13:59:00.000Z').due('DIS-READY')).toEqual(['2026-12-24T14:00:00.000Z']);
    expect(readyAt('hnt', '2026-12-24T14:00:00.000Z').due('DIS-READY')).toEqual(['2026-12-28T14:00:00.000Z']);
  });

  it('reminds the ward 2 h before the window closes, at the close, and escalates 24 h later', () => {
    const c = readyAt('hnt', '2026-05-22T13:00:00.000Z');
    expect(table(runUntil(c.s, '2026-05-30T00:00:00.000Z').fired, 'DIS-READY')).toEqual([
      ['headsUp', 'ward', mail('ward'), '2026-05-26T11:00:00.000Z', '2026-05-26T13:00:00.000Z'],
      ['due', 'ward', mail('ward'), '2026-05-26T13:00:00.000Z', '2026-05-26T13:00:00.000Z'],
      ['escalation', 'ward', manager('ward'), '2026-05-27T13:00:00.000Z', '2026-05-26T13:00:00.000Z'],
    ]);
  });

  it('updated health information first, then the notice; the notice closes it; a notice needs an open DIS-READY', () => {
    const none = Course.start('admission-discharge', 'hnt', '2026-05-20T08:00:00.000Z');
    expect(none.wait(HOUR).reject({ kind: 'messageSent', message: 'dischargeReadyNotice' })).toBe(
      "'messageSent dischargeReadyNotice' needs an open DIS-READY obligation, and there is none",
    );
    const c = readyAt('hnt', '2026-05-22T08:00:00.000Z');
    expect(c.wait(MIN).reject({ kind: 'messageSent', message: 'dischargeReadyNotice' })).toBe(
      "DIS-READY: 'discharge-ready notice sent' must come after: updated health information sent",
    );
    c.rec({ kind: 'messageSent', message: 'healthInformation' });
    expect(c.open('DIS-READY')).toHaveLength(1);
    c.wait(MIN).rec({ kind: 'messageSent', message: 'dischargeReadyNotice' });
    expect(c.closed('DIS-READY').map((x) => x.outcome)).toEqual(['done']);
  });

  it('a withdrawal before the notice cancels it (and opens no DIS-WITHDRAW)', () => {
    const c = readyAt('unn', '2026-05-22T08:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'withdrawal' });
    expect(c.closed('DIS-READY').map((x) => x.outcome)).toEqual(['cancelled']);
    expect(c.open('DIS-WITHDRAW')).toEqual([]);
    expect(c.s.phase).toBe('admitted');
  });
});

describe('DIS-ANSWER', () => {
  it('UNN: on working days until 15:00; a notice at 13:59 (inside 08–14) is answered by 15:00 the same Friday', () => {
    const c = noticeSent('unn', '2026-05-22T11:59:00.000Z');
    expect(c.due('DIS-ANSWER')).toEqual(['2026-05-22T13:00:00.000Z']);
  });

  it('UNN: a notice at 14:00 counts from Tuesday 08:00 after Whit Monday → answer by Tue 26 May 15:00', () => {
    const c = noticeSent('unn', '2026-05-22T12:00:00.000Z');
    expect(c.due('DIS-ANSWER')).toEqual(['2026-05-26T13:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2026-05-26T13:00:00.000Z').fired, 'DIS-ANSWER').map((f) => [f.r.kind, f.r.role, f.at]),
    ).toEqual([
      ['headsUp', 'caseOffice', '2026-05-26T12:00:00.000Z'],
      ['due', 'caseOffice', '2026-05-26T13:00:00.000Z'],
    ]);
  });

  it('HNT: elapsed from the notice (profile default 2 h): 14:59 → 16:59; 15:00 → from Tue 08:00 → 10:00', () => {
    expect(noticeSent('hnt', '2026-05-22T12:59:00.000Z').due('DIS-ANSWER')).toEqual(['2026-05-22T14:59:00.000Z']);
    expect(noticeSent('hnt', '2026-05-22T13:00:00.000Z').due('DIS-ANSWER')).toEqual(['2026-05-26T08:00:00.000Z']);
  });

  it('across the autumn DST change: a notice Fri 23 Oct 16:00 CEST counts from Mon 26 Oct 08:00 CET', () => {
    expect(noticeSent('hnt', '2026-10-23T14:00:00.000Z').due('DIS-ANSWER')).toEqual(['2026-10-26T09:00:00.000Z']);
    expect(noticeSent('unn', '2026-10-23T14:00:00.000Z').due('DIS-ANSWER')).toEqual(['2026-10-26T14:00:00.000Z']);
  });

  it("is closed by the municipality's answer; an answer with nothing to answer is rejected", () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'answerReceived' });
    expect(c.closed('DIS-ANSWER').map((x) => x.outcome)).toEqual(['done']);
    expect(c.wait(MIN).reject({ kind: 'answerReceived' })).toBe(
      "'answerReceived' needs an open DIS-ANSWER obligation, and there is none",
    );
  });
});

describe('DIS-DAY0', () => {
  it('HNT: a notice inside the window must be received by the end of that day; outside, by the end of the next working day', () => {
    expect(noticeSent('hnt', '2026-05-22T12:59:00.000Z').due('DIS-DAY0')).toEqual(['2026-05-22T22:00:00.000Z']); // Sat 00:00 CEST
    expect(noticeSent('hnt', '2026-05-22T13:00:00.000Z').due('DIS-DAY0')).toEqual(['2026-05-26T22:00:00.000Z']); // Wed 27 00:00 CEST
  });

  it('UNN: the same with its 08–14 window', () => {
    expect(noticeSent('unn', '2026-05-22T11:59:00.000Z').due('DIS-DAY0')).toEqual(['2026-05-22T22:00:00.000Z']);
    expect(noticeSent('unn', '2026-05-22T12:00:00.000Z').due('DIS-DAY0')).toEqual(['2026-05-26T22:00:00.000Z']);
  });

  it('the end of a day 0 in winter time (Mon 26 Oct 2026, after the fall-back) is 23:00 UTC', () => {
    expect(noticeSent('unn', '2026-10-23T14:00:00.000Z').due('DIS-DAY0')).toEqual(['2026-10-26T23:00:00.000Z']);
  });

  it('closed by the discharge; cancelled by a withdrawal', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    c.wait(5 * HOUR).rec({ kind: 'discharged' });
    expect(c.closed('DIS-DAY0').map((x) => [x.outcome, x.closedAt])).toEqual([['done', '2026-05-22T15:00:00.000Z']]);
    const w = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    w.wait(HOUR).rec({ kind: 'withdrawal' });
    expect(w.closed('DIS-DAY0').map((x) => x.outcome)).toEqual(['cancelled']);
  });
});

describe('DIS-WITHDRAW', () => {
  it('a withdrawal after the notice opens it (due 1 h later, to the ward), cancels the answer and day 0, and stops the clock', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    c.at('2026-05-22T12:00:00.000Z').rec({ kind: 'withdrawal' });
    expect(c.due('DIS-WITHDRAW')).toEqual(['2026-05-22T13:00:00.000Z']);
    expect(c.s.phase).toBe('admitted');
    expect([...c.closed('DIS-ANSWER'), ...c.closed('DIS-DAY0')].map((x) => [x.rule, x.outcome])).toEqual([
      ['DIS-ANSWER', 'cancelled'],
      ['DIS-DAY0', 'cancelled'],
    ]);
    expect(c.s.waiting).toEqual([{ from: '2026-05-22T10:00:00.000Z', to: '2026-05-22T12:00:00.000Z' }]);
    expect(
      firedFor(runUntil(c.s, '2026-05-22T13:00:00.000Z').fired, 'DIS-WITHDRAW').map((f) => [f.r.kind, f.r.role, f.at]),
    ).toEqual([['due', 'ward', '2026-05-22T13:00:00.000Z']]);
    c.wait(10 * MIN).rec({ kind: 'messageSent', message: 'withdrawalNotice' });
    expect(c.closed('DIS-WITHDRAW').map((x) => x.outcome)).toEqual(['done']);
  });

  it('a withdrawal notice with no withdrawal is rejected; withdrawal is only possible while discharge-ready', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    expect(c.wait(MIN).reject({ kind: 'messageSent', message: 'withdrawalNotice' })).toBe(
      "'messageSent withdrawalNotice' needs an open DIS-WITHDRAW obligation, and there is none",
    );
    const a = Course.start('admission-discharge', 'hnt', '2026-05-20T08:00:00.000Z');
    expect(a.wait(HOUR).reject({ kind: 'withdrawal' })).toMatch(/'withdrawal' is not allowed in phase 'admitted'/);
  });
});

describe('DIS-LEAVE', () => {
  it('opens when the patient leaves: three messages due 2 h later; the course ends when all are sent', () => {
    const c = noticeSent('unn', '2026-05-22T10:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'answerReceived' });
    c.at('2026-05-22T14:00:00.000Z').rec({ kind: 'discharged' });
    expect(c.s.phase).toBe('discharged');
    expect(c.due('DIS-LEAVE')).toEqual(['2026-05-22T16:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2026-05-22T16:00:00.000Z').fired, 'DIS-LEAVE').map((f) => [f.r.kind, f.r.role, f.at]),
    ).toEqual([
      ['headsUp', 'ward', '2026-05-22T15:00:00.000Z'],
      ['due', 'ward', '2026-05-22T16:00:00.000Z'],
    ]);
    c.wait(MIN).rec({ kind: 'messageSent', message: 'dischargeReport' });
    c.wait(MIN).rec({ kind: 'messageSent', message: 'dischargeSummary' });
    expect(openObligations(c.s, c.now).find((o) => o.rule === 'DIS-LEAVE')?.missing).toEqual([
      'discharged notice sent',
    ]);
    const last = c.wait(MIN).rec({ kind: 'messageSent', message: 'dischargedNotice' });
    expect(c.closed('DIS-LEAVE').map((x) => x.outcome)).toEqual(['done']);
    // domain §2: the course ends; what was still open is cancelled, never lost.
    expect(c.s.phase).toBe('ended');
    expect(c.s.obligations).toEqual([]);
    expect(
      c.s.closed
        .filter((x) => x.eventSeq === last.event.seq && x.outcome === 'cancelled')
        .map((x) => x.rule)
        .sort(),
    ).toEqual(['ADM-CHILDREN', 'ADM-NOTICE', 'ADM-STATUS']);
  });

  it('also on discharge to TUD (forensic)', () => {
    expect(forensicAtTud(TUD_AT).due('DIS-LEAVE')).toEqual(['2026-03-10T13:00:00.000Z']);
  });
});

describe('DIS-WAITING', () => {
  it('counts the calendar days after day 0 until the discharge (HNT, notice inside the window)', () => {
    const c = noticeSent('hnt', '2026-05-22T12:59:00.000Z'); // Fri 14:59 CEST
    expect(c.s.waiting).toEqual([{ from: '2026-05-22T12:59:00.000Z' }]);
    expect(waitingDays(c.s, '2026-05-22T21:00:00.000Z')).toBe(0);
    expect(waitingDays(c.s, '2026-05-26T08:00:00.000Z')).toBe(4);
    c.at('2026-05-27T07:00:00.000Z').rec({ kind: 'discharged' });
    expect(courseView(c.s, '2026-06-30T10:00:00.000Z').waitingDays).toBe(5);
  });

  it('a notice outside the window counts from the next working day; a withdrawal stops the clock; a new notice restarts it', () => {
    const c = noticeSent('hnt', '2026-05-22T13:00:00.000Z'); // Fri 15:00 CEST → day 0 is Tue 26 May
    expect(c.s.waiting).toEqual([{ from: '2026-05-26T06:00:00.000Z' }]);
    expect(waitingDays(c.s, '2026-05-25T10:00:00.000Z')).toBe(0);
    expect(waitingDays(c.s, '2026-05-28T10:00:00.000Z')).toBe(2);
    c.at('2026-05-28T10:00:00.000Z').rec({ kind: 'withdrawal' });
    expect(waitingDays(c.s, '2026-06-01T07:00:00.000Z')).toBe(2);
    c.at('2026-06-01T08:00:00.000Z').rec({ kind: 'dischargeReady' }); // Mon 1 Jun 10:00 CEST
    c.wait(MIN).rec({ kind: 'messageSent', message: 'healthInformation' });
    c.wait(MIN).rec({ kind: 'messageSent', message: 'dischargeReadyNotice' });
    expect(waitingDays(c.s, '2026-06-03T12:00:00.000Z')).toBe(4);
    c.at('2026-06-04T08:00:00.000Z').rec({ kind: 'discharged' });
    expect(c.s.waiting).toEqual([
      { from: '2026-05-26T06:00:00.000Z', to: '2026-05-28T10:00:00.000Z' },
      { from: '2026-06-01T08:02:00.000Z', to: '2026-06-04T08:00:00.000Z' },
    ]);
    expect(waitingDays(c.s, '2026-07-01T00:00:00.000Z')).toBe(5);
  });

  it('UNN counts a 14:30 notice from the next working day (its window ends at 14:00)', () => {
    const c = noticeSent('unn', '2026-05-22T12:30:00.000Z');
    expect(c.s.waiting).toEqual([{ from: '2026-05-26T06:00:00.000Z' }]);
    expect(waitingDays(c.s, '2026-05-28T10:00:00.000Z')).toBe(2);
  });

  it('is a measure, never an obligation with reminders', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    expect(c.open('DIS-WAITING')).toEqual([]);
    expect(firedFor(runUntil(c.s, '2026-06-30T00:00:00.000Z').fired, 'DIS-WAITING')).toEqual([]);
  });
});

// ---- 4.5 After discharge to TUD ------------------------------------------------------------------

describe('TUD-MEETING', () => {
  const expected = [
    '2026-06-10T10:00:00.000Z', // +3 months (12:00 CEST)
    '2026-09-10T10:00:00.000Z', // +6 months
    '2027-03-10T11:00:00.000Z', // +12 months (12:00 CET)
    '2027-09-10T10:00:00.000Z',
    '2028-03-10T11:00:00.000Z',
    '2028-09-10T10:00:00.000Z',
    '2029-03-10T11:00:00.000Z', // +36 months
  ];

  it('two meetings due in the first six months (at +3 and +6 months), then one every six months: exact instants over three years', () => {
    const { course, fired, state } = threeYearsAfterTud();
    expect(course.open('TUD-MEETING').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['TUD-MEETING#1', TUD_AT, expected[0]],
      ['TUD-MEETING#2', TUD_AT, expected[1]],
    ]);
    expect(dueInstants(fired, 'TUD-MEETING')).toEqual(expected);
    // Each reaches the clinician and the municipal coordinator: heads-up 14 days before, at the deadline, escalation 24 h after.
    expect(table(fired, 'TUD-MEETING').filter((r) => r[4] === expected[2])).toEqual([
      ['headsUp', 'responsibleClinician', mail('responsibleClinician'), '2027-02-24T11:00:00.000Z', expected[2]],
      ['headsUp', 'municipalCoordinator', mail('municipalCoordinator'), '2027-02-24T11:00:00.000Z', expected[2]],
      ['due', 'responsibleClinician', mail('responsibleClinician'), expected[2], expected[2]],
      ['due', 'municipalCoordinator', mail('municipalCoordinator'), expected[2], expected[2]],
      ['escalation', 'responsibleClinician', manager('responsibleClinician'), '2027-03-11T11:00:00.000Z', expected[2]],
      ['escalation', 'municipalCoordinator', manager('municipalCoordinator'), '2027-03-11T11:00:00.000Z', expected[2]],
    ]);
    // Nothing was closed, nothing was lost: #1–#7 overdue and #8 (due +42 months) opened at +36 months.
    expect(state.obligations.filter((o) => o.rule === 'TUD-MEETING').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ...expected.map((due, i) => [`TUD-MEETING#${i + 1}`, i < 2 ? TUD_AT : expected[i - 1], due]),
      ['TUD-MEETING#8', '2029-03-10T11:00:00.000Z', '2029-09-10T10:00:00.000Z'],
    ]);
  });

  it('one meeting closes one occurrence (the oldest), not both of the first six months', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'collaboration' });
    expect(c.closed('TUD-MEETING').map((x) => x.key)).toEqual(['TUD-MEETING#1']);
    c.wait(HOUR).rec({ kind: 'meetingHeld', meeting: 'responsibilityGroup' });
    expect(c.closed('TUD-MEETING').map((x) => x.key)).toEqual(['TUD-MEETING#1', 'TUD-MEETING#2']);
    expect(firedFor(runUntil(c.s, '2026-09-11T00:00:00.000Z').fired, 'TUD-MEETING')).toEqual([]);
  });
});

describe('TUD-DIALOGUE', () => {
  it('monthly for the first six months only, anchored on 31 January (→ end of February, no drift), nothing after', () => {
    const c = forensicAtTud('2026-01-31T09:00:00.000Z', '2025-10-01T08:00:00.000Z'); // Sat 31 Jan 10:00 CET
    const { fired, state } = runUntil(c.s, '2029-02-01T00:00:00.000Z');
    expect(dueInstants(fired, 'TUD-DIALOGUE')).toEqual([
      '2026-02-28T09:00:00.000Z', // last day of February, 10:00 CET
      '2026-03-31T08:00:00.000Z', // 10:00 CEST
      '2026-04-30T08:00:00.000Z',
      '2026-05-31T08:00:00.000Z',
      '2026-06-30T08:00:00.000Z',
      '2026-07-31T08:00:00.000Z',
    ]);
    expect(firedFor(fired, 'TUD-DIALOGUE').every((f) => f.at <= '2026-08-01T08:00:00.000Z')).toBe(true);
    expect(state.obligations.filter((o) => o.rule === 'TUD-DIALOGUE').map((o) => [o.key, o.openedAt])).toEqual([
      ['TUD-DIALOGUE#1', '2026-01-31T09:00:00.000Z'],
      ['TUD-DIALOGUE#2', '2026-02-28T09:00:00.000Z'],
      ['TUD-DIALOGUE#3', '2026-03-31T08:00:00.000Z'],
      ['TUD-DIALOGUE#4', '2026-04-30T08:00:00.000Z'],
      ['TUD-DIALOGUE#5', '2026-05-31T08:00:00.000Z'],
      ['TUD-DIALOGUE#6', '2026-06-30T08:00:00.000Z'],
    ]);
  });

  it('a dialogue before the heads-up closes the month: no reminder for it', () => {
    const c = forensicAtTud('2026-01-31T09:00:00.000Z', '2025-10-01T08:00:00.000Z');
    c.at('2026-02-10T09:00:00.000Z').rec({ kind: 'dialogueHeld' });
    expect(c.closed('TUD-DIALOGUE').map((x) => x.key)).toEqual(['TUD-DIALOGUE#1']);
    const { fired } = runUntil(c.s, '2026-03-31T08:00:00.000Z');
    expect(firedFor(fired, 'TUD-DIALOGUE', 'due').map((f) => [f.r.obligation, f.r.role])).toEqual([
      ['TUD-DIALOGUE#2', 'responsibleClinician'],
      ['TUD-DIALOGUE#2', 'municipalCoordinator'],
    ]);
  });
});

describe('TUD-PLAN', () => {
  it('the protection plan is due for update every year after discharge to TUD, heads-up 30 days before', () => {
    const { fired } = threeYearsAfterTud();
    expect(dueInstants(fired, 'TUD-PLAN')).toEqual([
      '2027-03-10T11:00:00.000Z',
      '2028-03-10T11:00:00.000Z',
      '2029-03-10T11:00:00.000Z',
    ]);
    expect(firedFor(fired, 'TUD-PLAN', 'headsUp').map((f) => [f.r.role, f.at])).toEqual([
      ['responsibleClinician', '2027-02-08T11:00:00.000Z'],
      ['responsibleClinician', '2028-02-09T11:00:00.000Z'],
      ['responsibleClinician', '2029-02-08T11:00:00.000Z'],
    ]);
  });

  it('is closed by the plan updated', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2027-01-15T10:00:00.000Z').rec({ kind: 'planUpdated', plan: 'protection' });
    expect(c.closed('TUD-PLAN').map((x) => [x.key, x.outcome])).toEqual([['TUD-PLAN#1', 'done']]);
  });
});

describe('TUD-BREACH', () => {
  it('alerts every care-team role at once (including the police), keeps nothing open', () => {
    const c = forensicAtTud(TUD_AT);
    const open = c.s.obligations.length;
    const d = c.wait(DAY).rec({ kind: 'breach' });
    expect(d.effects.map((e) => [e.kind, e.role, e.recipient])).toEqual(
      [
        'responsibleClinician',
        'ward',
        'hospitalCoordinatingUnit',
        'caseOffice',
        'municipalCoordinator',
        'gp',
        'police',
      ].map((role) => ['alert', role, mail(role as keyof CareTeam)]),
    );
    expect(new Set(d.effects.map((e) => e.businessKey)).size).toBe(7);
    expect(d.effects.every((e) => e.rule === 'TUD-BREACH' && e.dueAt === undefined)).toBe(true);
    expect(c.s.obligations).toHaveLength(open);
  });

  it('applies during the discharge process too; not to an admission-discharge course', () => {
    expect(forensicInProcess().rec({ kind: 'breach' }).effects).toHaveLength(7);
    const a = Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z');
    expect(a.wait(HOUR).reject({ kind: 'breach' })).toBe("'breach' does not apply to a admission-discharge course");
  });
});

describe('TUD-MEDICATION', () => {
  it('a refusal of medication alerts the responsible clinician at once', () => {
    const c = forensicAtTud(TUD_AT);
    const d = c.wait(DAY).rec({ kind: 'medicationRefused' });
    expect(d.effects).toEqual([
      {
        businessKey: `${REF}/TUD-MEDICATION/event-${d.event.seq}/alert/responsibleClinician`,
        courseRef: REF,
        rule: 'TUD-MEDICATION',
        kind: 'alert',
        role: 'responsibleClinician',
        recipient: mail('responsibleClinician'),
      },
    ]);
  });

  it('falls back to a hospital role when no responsible clinician is named; only after discharge to TUD', () => {
    const { responsibleClinician: _r, ...team } = careTeam;
    const c = forensicAtTud(TUD_AT);
    c.wait(HOUR).rec({ kind: 'careTeamChanged', careTeam: team });
    expect(
      c
        .wait(HOUR)
        .rec({ kind: 'medicationRefused' })
        .effects.map((e) => e.role),
    ).toEqual(['ward']);
    expect(forensicInProcess().reject({ kind: 'medicationRefused' })).toMatch(
      /'medicationRefused' is not allowed in phase 'dischargeProcess'/,
    );
  });
});

describe('TUD-ERM', () => {
  it('ERM scores due monthly after discharge to TUD (36 in three years), from the municipal coordinator', () => {
    const { fired } = threeYearsAfterTud();
    const dues = dueInstants(fired, 'TUD-ERM');
    expect(dues).toHaveLength(36);
    expect(dues.slice(0, 3)).toEqual([
      '2026-04-10T10:00:00.000Z',
      '2026-05-10T10:00:00.000Z',
      '2026-06-10T10:00:00.000Z',
    ]);
    expect(dues.at(-1)).toBe('2029-03-10T11:00:00.000Z');
    expect(new Set(firedFor(fired, 'TUD-ERM').map((f) => f.r.role))).toEqual(new Set(['municipalCoordinator']));
  });

  it('a report closes the month; a deterioration alerts the responsible clinician at once', () => {
    const c = forensicAtTud(TUD_AT);
    const plain = c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'ermReported' });
    expect(plain.effects).toEqual([]);
    expect(c.closed('TUD-ERM').map((x) => x.key)).toEqual(['TUD-ERM#1']);
    const worse = c.wait(DAY).rec({ kind: 'ermReported', deterioration: true });
    expect(worse.effects.map((e) => [e.rule, e.kind, e.role, e.recipient])).toEqual([
      ['TUD-ERM', 'alert', 'responsibleClinician', mail('responsibleClinician')],
    ]);
  });
});

describe('TUD-NOSHOW', () => {
  it('a no-show opens an assessment due 2 days later; closed by taskDone', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-03-20T13:00:00.000Z').rec({ kind: 'noShow' });
    expect(c.due('TUD-NOSHOW')).toEqual(['2026-03-22T13:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2026-03-22T13:00:00.000Z').fired, 'TUD-NOSHOW').map((f) => [f.r.kind, f.r.role, f.at]),
    ).toEqual([
      ['headsUp', 'responsibleClinician', '2026-03-22T09:00:00.000Z'],
      ['due', 'responsibleClinician', '2026-03-22T13:00:00.000Z'],
    ]);
    c.wait(HOUR).rec({ kind: 'taskDone', rule: 'TUD-NOSHOW' });
    expect(c.closed('TUD-NOSHOW').map((x) => x.outcome)).toEqual(['done']);
  });
});

// ---- 4.6 Long-term coordinated course ------------------------------------------------------------

describe('LT-COORD', () => {
  it('due 30 days after the start (12:00 CET → 12:00 CEST); needs the coordinator and the responsibility group', () => {
    const c = Course.start('long-term-coordinated', 'ahus', '2026-03-15T11:00:00.000Z');
    expect(c.due('LT-COORD')).toEqual(['2026-04-14T10:00:00.000Z']);
    c.wait(DAY).rec({ kind: 'coordinatorAppointed', party: 'municipality' });
    expect(openObligations(c.s, c.now).find((o) => o.rule === 'LT-COORD')?.missing).toEqual([
      'responsibility group established',
    ]);
    c.wait(DAY).rec({ kind: 'meetingHeld', meeting: 'responsibilityGroup' });
    expect(c.closed('LT-COORD').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('LT-SOMATIC', () => {
  it('yearly from the start, anchored on 29 February 2028 without drift (28 Feb, …, 29 Feb 2032), to the GP', () => {
    const c = Course.start('long-term-coordinated', 'unn', '2028-02-29T11:00:00.000Z');
    const { fired } = runUntil(c.s, '2032-03-01T00:00:00.000Z');
    expect(dueInstants(fired, 'LT-SOMATIC')).toEqual([
      '2029-02-28T11:00:00.000Z',
      '2030-02-28T11:00:00.000Z',
      '2031-02-28T11:00:00.000Z',
      '2032-02-29T11:00:00.000Z',
    ]);
    expect(firedFor(fired, 'LT-SOMATIC', 'headsUp')[0]).toMatchObject({
      at: '2029-01-29T11:00:00.000Z',
      r: { role: 'gp', recipient: mail('gp') },
    });
  });

  it('the heads-up 30 days before keeps the Oslo wall-clock time across DST (10:00 CEST due → 10:00 CET heads-up)', () => {
    const c = Course.start('long-term-coordinated', 'unn', '2026-04-15T08:00:00.000Z'); // Wed 15 Apr 10:00 CEST
    expect(c.due('LT-SOMATIC')).toEqual(['2027-04-15T08:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2027-04-15T08:00:00.000Z').fired, 'LT-SOMATIC').map((f) => [f.r.kind, f.at]),
    ).toEqual([
      ['headsUp', '2027-03-16T09:00:00.000Z'],
      ['due', '2027-04-15T08:00:00.000Z'],
    ]);
  });

  it('a check closes the year; the next year opens on its own', () => {
    const c = Course.start('long-term-coordinated', 'unn', '2026-03-15T11:00:00.000Z');
    c.at('2026-09-01T10:00:00.000Z').rec({ kind: 'taskDone', rule: 'LT-SOMATIC' });
    expect(c.open('LT-SOMATIC')).toEqual([]);
    const later = advance(c.s, '2027-03-15T11:00:00.000Z').state;
    expect(later.obligations.filter((o) => o.rule === 'LT-SOMATIC').map((o) => [o.key, o.dueAt])).toEqual([
      ['LT-SOMATIC#2', '2028-03-15T11:00:00.000Z'],
    ]);
  });
});

describe('LT-RISK', () => {
  it('closed by the risk mapping when violence risk is not elevated', () => {
    const c = Course.start('long-term-coordinated', 'hnt', '2026-03-15T11:00:00.000Z');
    expect(c.due('LT-RISK')).toEqual(['2026-04-14T10:00:00.000Z']);
    c.wait(DAY).rec({ kind: 'riskAssessed' });
    expect(c.closed('LT-RISK').map((x) => x.outcome)).toEqual(['done']);
  });

  it('elevated violence risk also needs a risk-management plan', () => {
    const c = Course.start('long-term-coordinated', 'hnt', '2026-03-15T11:00:00.000Z');
    c.wait(DAY).rec({ kind: 'riskAssessed', elevatedViolenceRisk: true });
    expect(openObligations(c.s, c.now).find((o) => o.rule === 'LT-RISK')?.missing).toEqual([
      'risk-management plan made',
    ]);
    c.wait(DAY).rec({ kind: 'planUpdated', plan: 'riskManagement' });
    expect(c.closed('LT-RISK').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('LT-CRISISPLAN', () => {
  it('for a patient formerly under compulsory care: reviewed every 12 months', () => {
    const c = Course.start('long-term-coordinated', 'ahus', '2026-09-01T10:00:00.000Z');
    const { fired } = runUntil(c.s, '2028-09-02T00:00:00.000Z');
    expect(dueInstants(fired, 'LT-CRISISPLAN')).toEqual(['2027-09-01T10:00:00.000Z', '2028-09-01T10:00:00.000Z']);
    c.wait(DAY).rec({ kind: 'planUpdated', plan: 'crisis' });
    expect(c.closed('LT-CRISISPLAN').map((x) => x.key)).toEqual(['LT-CRISISPLAN#1']);
  });

  it('not opened otherwise', () => {
    const c = Course.start('long-term-coordinated', 'ahus', '2026-09-01T10:00:00.000Z', {
      firstEvent: { kind: 'courseStarted' },
    });
    expect(c.open('LT-CRISISPLAN')).toEqual([]);
    expect(c.s.schedules.map((x) => x.rule)).not.toContain('LT-CRISISPLAN');
  });
});

// ---- 4.7 The agreement itself --------------------------------------------------------------------

describe('AGR-REVIEW', () => {
  it('every two years from the agreement, heads-up 60 days before, to both coordinating units', () => {
    const c = Course.start('agreement-review', 'ahus', '2026-09-01T10:00:00.000Z');
    const { fired } = runUntil(c.s, '2032-09-02T00:00:00.000Z');
    expect(dueInstants(fired, 'AGR-REVIEW')).toEqual([
      '2028-09-01T10:00:00.000Z',
      '2030-09-01T10:00:00.000Z',
      '2032-09-01T10:00:00.000Z',
    ]);
    expect(
      firedFor(fired, 'AGR-REVIEW', 'headsUp')
        .slice(0, 2)
        .map((f) => [f.r.role, f.at]),
    ).toEqual([
      ['hospitalCoordinatingUnit', '2028-07-03T10:00:00.000Z'],
      ['caseOffice', '2028-07-03T10:00:00.000Z'],
    ]);
  });

  it('closed by the review meeting; no other rules on this kind', () => {
    const c = Course.start('agreement-review', 'ahus', '2026-09-01T10:00:00.000Z');
    expect(c.s.obligations.map((o) => o.rule)).toEqual(['AGR-REVIEW']);
    c.at('2028-06-01T10:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'agreementReview' });
    expect(c.closed('AGR-REVIEW').map((x) => [x.key, x.outcome])).toEqual([['AGR-REVIEW#1', 'done']]);
  });
});

// ---- General validation (domain §8) --------------------------------------------------------------

describe('validation of events', () => {
  const course = () => Course.start('forensic-tud', 'hnt', '2026-04-01T10:00:00.000Z').at('2026-05-22T10:00:00.000Z');

  it('unknown kind, wrong data, extra fields', () => {
    const c = course();
    expect(c.reject({ kind: 'teleported' })).toMatch(
      /^Unknown event kind "teleported"; known kinds: courseStarted, admission/,
    );
    expect(c.reject(null)).toMatch(/^Unknown event kind undefined/);
    expect(c.reject({ kind: 'messageSent', message: 'postcard' })).toMatch(/^Invalid 'messageSent' event: message: /);
    expect(c.reject({ kind: 'breach', patientName: 'Ola' })).toMatch(/^Invalid 'breach' event: /);
    expect(c.reject({ kind: 'taskDone', rule: 'NOPE-1' })).toBe("Unknown rule id 'NOPE-1'");
  });

  it('wrong phase, wrong course kind, a second first event', () => {
    const c = course();
    expect(c.reject({ kind: 'leaveStarted' })).toBe(
      "'leaveStarted' is not allowed in phase 'admitted' of a forensic-tud course (allowed in: dischargeProcess, dischargeReady)",
    );
    expect(c.reject({ kind: 'discharged' })).toBe("'discharged' does not apply to a forensic-tud course");
    expect(c.reject({ kind: 'admission', hasMunicipalServices: true })).toBe(
      "'admission' can only start a course; this course is in phase 'admitted'",
    );
  });

  it('a date in the future (beyond one minute of clock skew), a date without an offset, out of order', () => {
    const c = course();
    expect(c.reject({ kind: 'breach', at: '2026-05-22T10:02:00Z' })).toMatch(
      /'at' 2026-05-22T10:02:00Z is in the future/,
    );
    expect(c.reject({ kind: 'messageSent', message: 'statusInformation', at: '2026-05-22T12:00:00' })).toMatch(
      /'at' must be an ISO-8601 instant with a time zone offset/,
    );
    c.rec({ kind: 'messageSent', message: 'statusInformation', at: '2026-05-20T10:00:00+02:00' });
    expect(c.s.events.at(-1)!.at).toBe('2026-05-20T08:00:00.000Z');
    expect(c.reject({ kind: 'messageSent', message: 'gpDialogue', at: '2026-05-19T10:00:00+02:00' })).toMatch(
      /is before the last recorded event/,
    );
  });

  it('up to a minute ahead is clock skew: recorded at now, so a later event without `at` still comes after it', () => {
    const c = course();
    c.rec({ kind: 'messageSent', message: 'statusInformation', at: '2026-05-22T10:00:30Z' });
    c.rec({ kind: 'messageSent', message: 'gpDialogue' });
    expect(c.s.events.slice(-2).map((e) => [e.seq, e.at])).toEqual([
      [2, '2026-05-22T10:00:00.000Z'],
      [3, '2026-05-22T10:00:00.000Z'],
    ]);
  });

  it('back-dating within the profile limit (30 days) is accepted, beyond it rejected', () => {
    const c = course();
    // now is Fri 22 May 12:00 CEST; 30 calendar days earlier is Wed 22 April 12:00 CEST.
    expect(c.reject({ kind: 'messageSent', message: 'statusInformation', at: '2026-04-22T09:59:00Z' })).toMatch(
      /earlier than profile 'hnt' allows for back-dating/,
    );
    c.rec({ kind: 'messageSent', message: 'statusInformation', at: '2026-04-22T12:00:00+02:00' });
    expect(c.closed('ADM-STATUS').map((x) => x.closedAt)).toEqual(['2026-04-22T10:00:00.000Z']);
  });

  it('a duplicate id, a duplicate identical event; the same event at another instant is not a duplicate', () => {
    const c = course();
    c.rec({ kind: 'messageSent', message: 'statusInformation', id: 'dips-1' });
    expect(c.wait(MIN).reject({ kind: 'messageSent', message: 'gpDialogue', id: 'dips-1' })).toBe(
      "Duplicate: an event with id 'dips-1' is already recorded",
    );
    c.rec({ kind: 'expectedDischargeChanged' });
    expect(c.reject({ kind: 'expectedDischargeChanged', by: 'someone-else' })).toMatch(
      /^Duplicate: the same 'expectedDischargeChanged' event at .* is already recorded \(#3\)$/,
    );
    c.wait(MIN).rec({ kind: 'expectedDischargeChanged' });
    expect(c.s.events).toHaveLength(4);
  });

  it('ordered steps (DIS-PROSECUTOR): approval before signature is rejected', () => {
    const c = forensicInProcess();
    c.rec({ kind: 'planUpdated', plan: 'protection', final: true });
    expect(c.wait(MIN).reject({ kind: 'prosecutorApproved' })).toMatch(
      /^DIS-PROSECUTOR: 'approved by the prosecutor' must come after: signed by the patient$/,
    );
  });

  it('course start: unknown profile, wrong first event, an identity number as reference', () => {
    const at = '2026-01-05T09:00:00.000Z';
    const fail = (input: unknown) => {
      expect(() => startCourse(input, at)).toThrow(EventRejected);
      try {
        startCourse(input, at);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(fail(startInput('forensic-tud', 'xyz'))).toMatch(/Unknown agreement profile 'xyz'; known: ahus, hnt, unn/);
    expect(fail(startInput('forensic-tud', 'ahus', { firstEvent: { kind: 'courseStarted' } }))).toBe(
      "A forensic-tud course starts with a 'admission' event, not 'courseStarted'",
    );
    expect(fail(startInput('forensic-tud', 'ahus', { courseRef: `pas-${identityNumberLike}` }))).toMatch(
      /courseRef: looks like a national identity number/,
    );
  });
});

// ---- The catalogue and the profiles against domain.md -------------------------------------------

describe('catalogue and profiles', () => {
  /** The rule ids of the table rows `| ID |` in domain.md §4 (the copy in docs/spec, so a clone anywhere can check them). */
  const specIds = (): string[] => {
    const spec = fs.readFileSync(path.resolve(__dirname, '../docs/spec/domain.md'), 'utf8');
    return [...spec.matchAll(/^\| ([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+) \|/gm)].map((m) => m[1]!);
  };

  it('has exactly the 42 rule ids of domain.md §4, each once', () => {
    expect(specIds()).toHaveLength(42);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    expect([...ruleIds].sort()).toEqual([...specIds()].sort());
  });

  it('this file has one describe block per rule id', () => {
    const titles = [...fs.readFileSync(__filename, 'utf8').matchAll(/^describe\('([A-Z][A-Z0-9-]+)'/gm)].map(
      (m) => m[1],
    );
    expect(titles).toEqual(specIds());
  });

  it('every rule names who acts (except the measure and the all-party alert), a source and closing text', () => {
    for (const r of catalogue) {
      expect(r.source).not.toBe('');
      if (!['DIS-WAITING', 'TUD-BREACH', 'TUD-MEDICATION'].includes(r.id)) expect(r.who.length).toBeGreaterThan(0);
    }
  });

  it('each shipped profile validates', () => {
    expect(profileIds).toEqual(expect.arrayContaining(['ahus', 'hnt', 'unn']));
    for (const id of profileIds) {
      expect(() => parseProfile(shippedProfiles[id], id)).not.toThrow();
      expect(loadProfile(id).timeZone).toBe('Europe/Oslo');
    }
    expect(loadProfile('hnt').noticeWindow).toMatchObject({ start: '08:00', end: '15:00' });
    expect(loadProfile('unn').noticeWindow).toMatchObject({ start: '08:00', end: '14:00' });
  });

  it('a broken profile fails with a message naming the field', () => {
    const hnt = shippedProfiles.hnt as Record<string, unknown>;
    expect(() => parseProfile({ ...hnt, noticeWindow: { start: '8am', end: '15:00' } }, "profile 'broken'")).toThrow(
      /Agreement profile 'broken' is invalid: noticeWindow\.start: must be HH:mm/,
    );
    expect(() => parseProfile({ ...hnt, noticeWindow: { start: '15:00', end: '08:00' } })).toThrow(
      /noticeWindow: start must be before end/,
    );
    const deadlines = hnt.deadlines as Record<string, unknown>;
    expect(() =>
      parseProfile({
        ...hnt,
        deadlines: { ...deadlines, admissionReport: { duration: { hours: 4 }, basis: 'agreement' } },
      }),
    ).toThrow(/deadlines\.admissionReport: an agreement deadline needs its source/);
    expect(() => parseProfile({ ...hnt, reminders: { 'ADM-NOPE': { headsUp: { hours: 1 } } } })).toThrow(
      /reminders: names a rule id that is not in the catalogue/,
    );
    expect(() => parseProfile({ ...hnt, timeZone: 'Europe/London' })).toThrow(/timeZone/);
  });
});

// ---- Property: random event sequences -------------------------------------------------------------

describe('property: random event sequences for every course kind', () => {
  const SEED = 20260522;
  const RUNS = 500;
  beforeAll(() => console.log(`rules.test.ts property: fast-check seed ${SEED}, ${RUNS} runs per course kind`));
  const gates = ['firstLeave', 'dischargeReady', 'discharge'] as const;

  const anyEvent: Ev[] = [
    { kind: 'admission', hasMunicipalServices: true },
    { kind: 'courseStarted' },
    { kind: 'servicesNeedFound' },
    { kind: 'expectedDischargeChanged' },
    ...messageKinds.map((message) => ({ kind: 'messageSent', message })),
    ...meetingKinds.map((meeting) => ({ kind: 'meetingHeld', meeting })),
    { kind: 'dialogueHeld' },
    ...planKinds.map((plan) => ({ kind: 'planUpdated', plan })),
    { kind: 'planUpdated', plan: 'protection', final: true },
    { kind: 'leaveStarted' },
    { kind: 'leaveEnded' },
    { kind: 'leaveEnded', breach: true },
    { kind: 'dischargeProcessStarted' },
    { kind: 'dischargeReady' },
    { kind: 'withdrawal' },
    { kind: 'answerReceived' },
    { kind: 'discharged' },
    { kind: 'dischargedToTud' },
    { kind: 'breach' },
    { kind: 'medicationRefused' },
    { kind: 'noShow' },
    { kind: 'ermReported' },
    { kind: 'ermReported', deterioration: true },
    { kind: 'coordinatorAppointed', party: 'hospital' },
    { kind: 'coordinatorAppointed', party: 'municipality' },
    { kind: 'ipStarted' },
    { kind: 'ipDeclined' },
    { kind: 'riskAssessed' },
    { kind: 'riskAssessed', elevatedViolenceRisk: true },
    { kind: 'patientSigned' },
    { kind: 'prosecutorApproved' },
    { kind: 'coercionEnded' },
    {
      kind: 'careTeamChanged',
      careTeam: { ward: { mailbox: 'ward2@hospital.test' }, caseOffice: { mailbox: 'co2@municipality.test' } },
    },
    ...ruleIds.map((rule) => ({ kind: 'taskDone', rule })),
    ...gates.map((gate) => ({ kind: 'override', gate, reason: 'Agreed exception, see the meeting minutes' })),
  ];
  const invalidEvent: unknown[] = [
    { kind: 'teleported' },
    {},
    null,
    'breach',
    42,
    { kind: 42 },
    { kind: 'admission' },
    { kind: 'messageSent', message: 'postcard' },
    { kind: 'override', gate: 'firstLeave', reason: 'short' },
    { kind: 'override', gate: 'never', reason: 'a long enough reason' },
    { kind: 'taskDone', rule: 'NOPE-1' },
    { kind: 'breach', patientName: 'Ola' },
    { kind: 'careTeamChanged', careTeam: {} },
    { kind: 'breach', at: 'yesterday' },
    { kind: 'dialogueHeld', at: '2099-01-01T00:00:00Z' },
    { kind: 'dialogueHeld', at: '2000-01-01T00:00:00Z' },
  ];
  const happyPath: Record<CourseKind, Ev[]> = {
    'forensic-tud': [
      ...dischargeProcess,
      { kind: 'dischargedToTud' },
      ...afterTud,
      { kind: 'meetingHeld', meeting: 'collaboration' },
      { kind: 'dialogueHeld' },
      { kind: 'ermReported' },
      { kind: 'noShow' },
      { kind: 'taskDone', rule: 'TUD-NOSHOW' },
    ],
    'admission-discharge': [
      { kind: 'messageSent', message: 'admissionNotice' },
      { kind: 'messageSent', message: 'admissionReport' },
      { kind: 'messageSent', message: 'statusInformation' },
      { kind: 'taskDone', rule: 'ADM-CHILDREN' },
      { kind: 'dischargeReady' },
      { kind: 'messageSent', message: 'healthInformation' },
      { kind: 'messageSent', message: 'dischargeReadyNotice' },
      { kind: 'answerReceived' },
      { kind: 'withdrawal' },
      { kind: 'messageSent', message: 'withdrawalNotice' },
      { kind: 'discharged' },
      { kind: 'messageSent', message: 'dischargeReport' },
      { kind: 'messageSent', message: 'dischargeSummary' },
      { kind: 'messageSent', message: 'dischargedNotice' },
    ],
    'long-term-coordinated': [
      { kind: 'coordinatorAppointed', party: 'municipality' },
      { kind: 'meetingHeld', meeting: 'responsibilityGroup' },
      { kind: 'taskDone', rule: 'LT-SOMATIC' },
      { kind: 'riskAssessed' },
      { kind: 'riskAssessed', elevatedViolenceRisk: true },
      { kind: 'planUpdated', plan: 'riskManagement' },
      { kind: 'planUpdated', plan: 'crisis' },
    ],
    'agreement-review': [{ kind: 'meetingHeld', meeting: 'agreementReview' }],
  };
  // Long enough for the kind's happy path (forensic: through the discharge process to TUD and on).
  const maxSteps: Record<CourseKind, number> = {
    'forensic-tud': 60,
    'admission-discharge': 40,
    'long-term-coordinated': 30,
    'agreement-review': 20,
  };
  const ending: Ev[] = [{ kind: 'death' }, { kind: 'courseEnded' }];

  /** Stands for the next event of the kind's happy path, so that runs get deep into a course (to TUD and beyond). */
  const NEXT = Symbol('next');
  const stepArb = (kind: CourseKind) =>
    fc.record({
      // Mostly minutes to hours; now and then up to a month, so reminders, escalations and recurrences fall due in between.
      gapMinutes: fc.oneof(
        { weight: 2, arbitrary: fc.constant(0) },
        { weight: 6, arbitrary: fc.integer({ min: 1, max: 180 }) },
        { weight: 2, arbitrary: fc.integer({ min: 60, max: 60 * 24 * 31 }) },
      ),
      event: fc.oneof(
        { weight: 20, arbitrary: fc.constant(NEXT) as fc.Arbitrary<unknown> },
        { weight: 4, arbitrary: fc.constantFrom(...happyPath[kind], ...admissionSteps) as fc.Arbitrary<unknown> },
        { weight: 8, arbitrary: fc.constantFrom(...anyEvent) as fc.Arbitrary<unknown> },
        { weight: 4, arbitrary: fc.constantFrom(...invalidEvent) },
        { weight: 1, arbitrary: fc.constantFrom(...ending) as fc.Arbitrary<unknown> },
      ),
      id: fc.option(fc.constantFrom('x1', 'x2', 'x3'), { freq: 4 }),
      // Back-dated up to 40 days (the limit is 30), or up to 5 minutes ahead (the skew allowance is 1).
      atOffsetMinutes: fc.option(fc.integer({ min: -40 * 24 * 60, max: 5 }), { freq: 4 }),
    });

  // The generator must get deep into each kind of course, or the property says little.
  const deepest: Record<CourseKind, string[]> = {
    'forensic-tud': [
      'leaveEnded',
      'dischargeReady',
      'dischargedToTud',
      'dialogueHeld',
      'noShow',
      'withdrawal',
      'override',
    ],
    'admission-discharge': ['dischargeReady', 'answerReceived', 'withdrawal', 'discharged'],
    'long-term-coordinated': ['coordinatorAppointed', 'riskAssessed', 'planUpdated', 'taskDone'],
    'agreement-review': ['meetingHeld'],
  };

  for (const kind of [
    'forensic-tud',
    'admission-discharge',
    'long-term-coordinated',
    'agreement-review',
  ] as CourseKind[]) {
    it(`${kind}: decide returns or throws EventRejected, rejections change nothing, time never throws, no obligation is lost (seed ${SEED}, ${RUNS} runs)`, () => {
      const reached = new Set<string>();
      fc.assert(
        fc.property(
          fc.constantFrom(...profileIds),
          fc.integer({ min: 0, max: 365 * 24 * 60 }), // start somewhere in 2026: DST, holidays
          fc.array(stepArb(kind), { minLength: 1, maxLength: maxSteps[kind], size: 'max' }),
          (profile, startOffset, steps) => {
            let now = plus('2026-01-01T00:00:00.000Z', startOffset * MIN);
            let s = startCourse(startInput(kind, profile, { courseRef: REF }), now).state;
            const seen = new Set<string>();
            let next = 0;
            let misses = 0;
            const check = () => {
              for (const o of s.obligations) seen.add(o.key);
              const keys = [...s.obligations.map((o) => o.key), ...s.closed.map((c) => c.key)];
              const present = new Set(keys);
              if (present.size !== keys.length)
                throw new Error(`an obligation key is both open and closed, or twice: ${keys.join()}`);
              for (const k of seen) if (!present.has(k)) throw new Error(`obligation ${k} was lost`);
            };
            check();
            for (const step of steps) {
              now = plus(now, step.gapMinutes * MIN);
              const a = advance(s, now);
              s = a.state;
              check();
              const wake = nextWakeUp(s);
              // Everything due by now has been handled: the next wake-up lies ahead.
              if (wake !== undefined && wake <= now) throw new Error(`nextWakeUp ${wake} is not after ${now}`);

              const onPath = step.event === NEXT;
              let event = onPath ? happyPath[kind][next % happyPath[kind].length] : step.event;
              if (!onPath && event && typeof event === 'object' && !Array.isArray(event)) {
                event = {
                  ...event,
                  ...(step.id ? { id: step.id } : {}),
                  ...(step.atOffsetMinutes !== null ? { at: plus(now, step.atOffsetMinutes * MIN) } : {}),
                };
              }
              const before = JSON.stringify(s);
              let result: Decision | undefined;
              try {
                result = decide(s, event, now);
              } catch (err) {
                if (!(err instanceof EventRejected)) throw err;
              }
              if (JSON.stringify(s) !== before)
                throw new Error(`decide changed its input state (event ${JSON.stringify(event)})`);
              // The path moves on when its event is taken, or when random events keep it from being taken.
              if (onPath && (result || ++misses >= 3)) {
                next += 1;
                misses = 0;
              }
              if (result) {
                s = result.state;
                expect(s.events.at(-1)).toBe(result.event);
              }
              check();
            }
            // A second advance to the same instant sends nothing twice.
            const once = advance(s, now);
            if (advance(once.state, now).effects.length > 0)
              throw new Error('advance twice to the same instant sent reminders twice');
            nextWakeUp(once.state);
            courseView(once.state, now);
            for (const g of gates) gateMissing(once.state, g);
            for (const e of s.events) reached.add(e.kind);
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
      expect(deepest[kind].filter((k) => !reached.has(k))).toEqual([]);
    });
  }
});
