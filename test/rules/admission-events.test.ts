// ADM-DISCHARGE-CHANGE, ADM-DEATH and ADM-CHILDREN (domain.md §4.1): a changed discharge time, a
// death that ends the course, and children as next of kin. Instants are worked out in Oslo time
// (see test/helpers/engine.ts).
import { advance, nextWakeUp } from '../../domain';
import { careTeam } from '../helpers/fixtures';
import { Course, forensicInProcess, HOUR, mail, MIN, REF, runUntil, table } from '../helpers/engine';

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
