// LT-* (domain.md §4.6): the long-term coordinated course. Instants are worked out in Oslo time (see
// test/helpers/engine.ts).
import { advance, openObligations } from '../../domain';
import { Course, DAY, dueInstants, firedFor, mail, runUntil } from '../helpers/engine';

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
