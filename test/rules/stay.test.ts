// STAY-* (domain.md §4.2): the obligations during a forensic stay. Instants are worked out in Oslo
// time (see test/helpers/engine.ts).
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
