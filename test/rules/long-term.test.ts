// LT-* (domain.md §4.6, §9.4, §9.10): the long-term coordinated course. The yearly check and the
// crisis-plan review are rolling (§9.4): each falls due its period after the last time it was done,
// and one never done stays open without opening the next. Instants are worked out in Oslo time (see
// test/helpers/engine.ts).
import { advance, openObligations } from '../../domain';
import { Course, DAY, dueInstants, firedFor, mail, manager, runUntil, table } from '../helpers/engine';

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
  it('yearly from the start, then a year after the last check: 29 Feb 2028 → 28 Feb 2029, to the GP', () => {
    const c = Course.start('long-term-coordinated', 'unn', '2028-02-29T11:00:00.000Z'); // Tue 29 Feb 12:00 CET
    expect(c.due('LT-SOMATIC')).toEqual(['2029-02-28T11:00:00.000Z']);
    // Never checked: it stays open and escalates; no later year opens.
    const { fired, state } = runUntil(c.s, '2032-03-01T00:00:00.000Z');
    expect(dueInstants(fired, 'LT-SOMATIC')).toEqual(['2029-02-28T11:00:00.000Z']);
    expect(firedFor(fired, 'LT-SOMATIC', 'headsUp')).toMatchObject([
      { at: '2029-01-29T11:00:00.000Z', r: { role: 'gp', recipient: mail('gp') } },
    ]);
    expect(state.obligations.filter((o) => o.rule === 'LT-SOMATIC').map((o) => o.key)).toEqual(['LT-SOMATIC#1']);
    // A check on Wed 10 January 2029 10:00 CET: the next is due a year after it, not on 28 February.
    c.at('2029-01-10T09:00:00.000Z').rec({ kind: 'taskDone', rule: 'LT-SOMATIC' });
    expect(c.due('LT-SOMATIC')).toEqual(['2030-01-10T09:00:00.000Z']);
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

  it('a check closes the year and opens the next at once, due a year after the check', () => {
    const c = Course.start('long-term-coordinated', 'unn', '2026-03-15T11:00:00.000Z');
    c.at('2026-09-01T10:00:00.000Z').rec({ kind: 'taskDone', rule: 'LT-SOMATIC' }); // Tue 1 Sep 12:00 CEST
    expect(c.closed('LT-SOMATIC').map((x) => [x.key, x.outcome])).toEqual([['LT-SOMATIC#1', 'done']]);
    expect(c.open('LT-SOMATIC').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['LT-SOMATIC#2', '2026-09-01T10:00:00.000Z', '2027-09-01T10:00:00.000Z'],
    ]);
    // Nothing opens on the anniversary of the start.
    const later = advance(c.s, '2027-03-15T11:00:00.000Z').state;
    expect(later.obligations.filter((o) => o.rule === 'LT-SOMATIC').map((o) => o.key)).toEqual(['LT-SOMATIC#2']);
  });
});

describe('LT-RISK', () => {
  it('closed by the risk mapping when violence risk is not elevated', () => {
    const c = Course.start('long-term-coordinated', 'hnt', '2026-03-15T11:00:00.000Z');
    expect(c.due('LT-RISK')).toEqual(['2026-04-14T10:00:00.000Z']);
    c.wait(DAY).rec({ kind: 'riskAssessed' });
    expect(c.closed('LT-RISK').map((x) => x.outcome)).toEqual(['done']);
    expect(c.open('LT-RISKPLAN')).toEqual([]);
  });

  it('the mapping closes it when violence risk is elevated too; the plan is LT-RISKPLAN (domain §9.10)', () => {
    const c = Course.start('long-term-coordinated', 'hnt', '2026-03-15T11:00:00.000Z');
    c.wait(DAY).rec({ kind: 'riskAssessed', elevatedViolenceRisk: true });
    expect(c.closed('LT-RISK').map((x) => x.outcome)).toEqual(['done']);
    expect(c.open('LT-RISKPLAN')).toHaveLength(1);
  });

  it('mapped again after each discharge from a stay in the course (domain §9.5): due 30 days after it', () => {
    const c = Course.start('long-term-coordinated', 'unn', '2026-03-15T11:00:00.000Z');
    c.wait(DAY).rec({ kind: 'riskAssessed' });
    c.at('2026-05-04T08:00:00.000Z').rec({ kind: 'admission', hasMunicipalServices: true });
    c.at('2026-05-10T08:00:00.000Z').rec({ kind: 'discharged' }); // Sun 10 May 10:00 CEST
    expect(c.open('LT-RISK').map((o) => [o.key, o.dueAt])).toEqual([['LT-RISK#2', '2026-06-09T08:00:00.000Z']]);
  });
});

describe('LT-RISKPLAN', () => {
  it('opens on elevated violence risk recorded at any time: due in 30 days (profile default riskPlan), to both', () => {
    const c = Course.start('long-term-coordinated', 'hnt', '2026-03-15T11:00:00.000Z');
    expect(c.open('LT-RISKPLAN')).toEqual([]);
    c.wait(DAY).rec({ kind: 'riskAssessed' });
    expect(c.open('LT-RISKPLAN')).toEqual([]);
    // Later, after LT-RISK was closed: Wed 1 April 10:00 CEST.
    c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'riskAssessed', elevatedViolenceRisk: true });
    const due = '2026-05-01T08:00:00.000Z'; // Fri 1 May 10:00 CEST
    expect(c.open('LT-RISKPLAN').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['LT-RISKPLAN#1', '2026-04-01T08:00:00.000Z', due],
    ]);
    const mc = 'municipalCoordinator';
    const rc = 'responsibleClinician';
    expect(table(runUntil(c.s, '2026-05-03T00:00:00.000Z').fired, 'LT-RISKPLAN')).toEqual([
      ['headsUp', mc, mail(mc), '2026-04-28T08:00:00.000Z', due],
      ['headsUp', rc, mail(rc), '2026-04-28T08:00:00.000Z', due],
      ['due', mc, mail(mc), due, due],
      ['due', rc, mail(rc), due, due],
      ['escalation', mc, manager(mc), '2026-05-02T08:00:00.000Z', due],
      ['escalation', rc, manager(rc), '2026-05-02T08:00:00.000Z', due],
    ]);
  });

  it('closed by the risk-management plan made', () => {
    const c = Course.start('long-term-coordinated', 'hnt', '2026-03-15T11:00:00.000Z');
    c.wait(DAY).rec({ kind: 'riskAssessed', elevatedViolenceRisk: true });
    c.wait(DAY).rec({ kind: 'planUpdated', plan: 'crisis' });
    expect(c.open('LT-RISKPLAN')).toHaveLength(1);
    c.wait(DAY).rec({ kind: 'planUpdated', plan: 'riskManagement' });
    expect(c.closed('LT-RISKPLAN').map((x) => [x.key, x.outcome])).toEqual([['LT-RISKPLAN#1', 'done']]);
  });
});

describe('LT-CRISISPLAN', () => {
  it('formerly under compulsory care: reviewed 12 months after the start, then after the last review', () => {
    const c = Course.start('long-term-coordinated', 'ahus', '2026-09-01T10:00:00.000Z'); // Tue 1 Sep 12:00 CEST
    const { fired } = runUntil(c.s, '2028-09-02T00:00:00.000Z');
    // Never reviewed: only the first falls due.
    expect(dueInstants(fired, 'LT-CRISISPLAN')).toEqual(['2027-09-01T10:00:00.000Z']);
    c.at('2027-06-15T10:00:00.000Z').rec({ kind: 'planUpdated', plan: 'crisis' }); // Tue 15 June 12:00 CEST
    expect(c.closed('LT-CRISISPLAN').map((x) => x.key)).toEqual(['LT-CRISISPLAN#1']);
    expect(c.due('LT-CRISISPLAN')).toEqual(['2028-06-15T10:00:00.000Z']);
  });

  it('not opened otherwise', () => {
    const c = Course.start('long-term-coordinated', 'ahus', '2026-09-01T10:00:00.000Z', {
      firstEvent: { kind: 'courseStarted' },
    });
    expect(c.open('LT-CRISISPLAN')).toEqual([]);
    expect(c.s.schedules.map((x) => x.rule)).not.toContain('LT-CRISISPLAN');
  });
});
