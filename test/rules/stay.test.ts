// STAY-* (domain.md §4.2, §9.4): the obligations during a forensic stay. Instants are worked out in
// Oslo time (see test/helpers/engine.ts).
import { openObligations } from '../../domain';
import {
  Course,
  DAY,
  dueInstants,
  firedFor,
  HOUR,
  mail,
  runUntil,
  table,
  threeYearsAfterTud,
  TUD_AT,
} from '../helpers/engine';

const meeting = { kind: 'meetingHeld', meeting: 'collaboration' };

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
  it('rolling (domain §9.4): due three months after the last meeting, or after the admission before the first', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-15T09:00:00.000Z'); // Thu 15 Jan 10:00 CET
    expect(c.due('STAY-MEETING')).toEqual(['2026-04-15T08:00:00.000Z']); // Wed 15 April 10:00 CEST
    c.at('2026-03-02T09:00:00.000Z').rec(meeting); // Mon 2 March 10:00 CET
    expect(c.open('STAY-MEETING').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['STAY-MEETING#2', '2026-03-02T09:00:00.000Z', '2026-06-02T08:00:00.000Z'], // Tue 2 June 10:00 CEST
    ]);
    c.at('2026-05-20T08:00:00.000Z').rec(meeting); // Wed 20 May 10:00 CEST
    expect(c.due('STAY-MEETING')).toEqual(['2026-08-20T08:00:00.000Z']);
    // Heads-up 7 days before, to the responsible clinician; nothing on the admission's quarter days.
    const { fired } = runUntil(c.s, '2026-08-21T00:00:00.000Z');
    expect(table(fired, 'STAY-MEETING').map((r) => [r[0], r[1], r[3]])).toEqual([
      ['headsUp', 'responsibleClinician', '2026-08-13T08:00:00.000Z'],
      ['due', 'responsibleClinician', '2026-08-20T08:00:00.000Z'],
    ]);
  });

  it('a meeting never held stays open and escalates; no later meeting opens', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-15T09:00:00.000Z');
    const { fired, state } = runUntil(c.s, '2027-01-16T00:00:00.000Z');
    expect(dueInstants(fired, 'STAY-MEETING')).toEqual(['2026-04-15T08:00:00.000Z']);
    expect(firedFor(fired, 'STAY-MEETING').map((f) => [f.r.kind, f.at])).toEqual([
      ['headsUp', '2026-04-08T08:00:00.000Z'],
      ['due', '2026-04-15T08:00:00.000Z'],
      ['escalation', '2026-04-16T08:00:00.000Z'],
    ]);
    expect(state.obligations.filter((o) => o.rule === 'STAY-MEETING').map((o) => o.key)).toEqual(['STAY-MEETING#1']);
  });

  it('stops at discharge to TUD: the open occurrence is cancelled and no schedule remains', () => {
    // Admitted Mon 3 Nov 2025 10:00 CET: #1 due Tue 3 Feb 2026 10:00 CET, met late by the discharge
    // process's meeting on 10 March at 11:13 CET; #2 then due three months after that meeting
    // (Wed 10 June 11:13 CEST), cancelled at the discharge to TUD at 12:00 CET.
    const { course } = threeYearsAfterTud();
    expect(course.closed('STAY-MEETING').map((x) => [x.key, x.dueAt, x.outcome, x.closedAt])).toEqual([
      ['STAY-MEETING#1', '2026-02-03T09:00:00.000Z', 'done', '2026-03-10T10:13:00.000Z'],
      ['STAY-MEETING#2', '2026-06-10T09:13:00.000Z', 'cancelled', TUD_AT],
    ]);
    expect(course.s.schedules.map((x) => x.rule)).not.toContain('STAY-MEETING');
    expect(firedFor(threeYearsAfterTud().fired, 'STAY-MEETING')).toEqual([]);
  });
});
