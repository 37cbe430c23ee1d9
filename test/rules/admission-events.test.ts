// ADM-DISCHARGE-CHANGE, ADM-DEATH and ADM-CHILDREN (domain.md §4.1, §9.10): a changed discharge time,
// a death that ends the course, and children as next of kin. Instants are worked out in Oslo time
// (see test/helpers/engine.ts).
import { advance, nextWakeUp, roles } from '../../domain';
import { careTeam } from '../helpers/fixtures';
import { Course, firedFor, forensicInProcess, HOUR, mail, manager, MIN, REF, runUntil, table } from '../helpers/engine';

describe('ADM-DISCHARGE-CHANGE', () => {
  it('opens on a changed expected discharge time: due after the profile default (24 h); closed by the update', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-01-05T09:00:00.000Z');
    expect(c.open('ADM-DISCHARGE-CHANGE')).toEqual([]);
    c.at('2026-01-08T14:15:00.000Z').rec({ kind: 'expectedDischargeChanged' });
    expect(c.due('ADM-DISCHARGE-CHANGE')).toEqual(['2026-01-09T14:15:00.000Z']);
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'dischargeChangeUpdate' });
    expect(c.closed('ADM-DISCHARGE-CHANGE').map((x) => x.outcome)).toEqual(['done']);
  });

  it('a second change opens a second occurrence', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-01-05T09:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'expectedDischargeChanged' });
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'dischargeChangeUpdate' });
    c.wait(HOUR).rec({ kind: 'expectedDischargeChanged' });
    expect(c.open('ADM-DISCHARGE-CHANGE').map((o) => o.key)).toEqual(['ADM-DISCHARGE-CHANGE#2']);
  });

  it('HNT only (domain §9.1): not under UNN or Ahus', () => {
    for (const profile of ['unn', 'ahus']) {
      const c = Course.start('admission-discharge', profile, '2026-01-05T09:00:00.000Z');
      c.wait(HOUR).rec({ kind: 'expectedDischargeChanged' });
      expect(c.open('ADM-DISCHARGE-CHANGE')).toEqual([]);
    }
  });
});

describe('ADM-DEATH', () => {
  /** Every role the fixture's care team has, in the order of the roles list. */
  const wholeTeam = (team: typeof careTeam) => roles.filter((role) => team[role]);

  it("during a stay: alerts the care team, leaves only the ward's death notice open, ends when it is sent", () => {
    const c = forensicInProcess('hnt');
    const openBefore = c.s.obligations.map((o) => o.key);
    expect(openBefore.length).toBeGreaterThan(0);
    const d = c.at('2026-01-06T12:00:00.000Z').rec({ kind: 'death' }); // Tue 6 Jan 13:00 CET
    expect(d.effects).toEqual(
      wholeTeam(careTeam).map((role) => ({
        businessKey: `${REF}/ADM-DEATH/event-${d.event.seq}/alert/${role}`,
        courseRef: REF,
        rule: 'ADM-DEATH',
        kind: 'alert',
        role,
        recipient: mail(role),
        profile: 'hnt',
      })),
    );
    // HNT vedlegg §1.2k «umiddelbart»: the profile default of 1 h (14:00 CET), to the ward.
    const due = '2026-01-06T13:00:00.000Z';
    expect(c.open('ADM-DEATH').map((o) => [o.key, o.dueAt])).toEqual([['ADM-DEATH#1', due]]);
    expect(c.s.obligations.map((o) => o.rule)).toEqual(['ADM-DEATH']);
    expect(c.s.schedules).toEqual([]);
    const cancelled = c.s.closed.filter((x) => x.eventSeq === d.event.seq);
    expect(cancelled.map((x) => x.key).sort()).toEqual([...openBefore].sort());
    expect(cancelled.every((x) => x.outcome === 'cancelled')).toBe(true);
    expect(table(runUntil(c.s, '2026-01-08T00:00:00.000Z').fired, 'ADM-DEATH')).toEqual([
      ['due', 'ward', mail('ward'), due, due],
      ['escalation', 'ward', manager('ward'), '2026-01-07T13:00:00.000Z', due],
    ]);
    // Only the notice (or an admin ending the course) may be recorded now.
    expect(c.wait(MIN).reject({ kind: 'messageSent', message: 'gpDialogue' })).toBe(
      "The patient has died: record the death notice to the municipality (messageSent deathNotice) or 'courseEnded'",
    );
    const notice = c.rec({ kind: 'messageSent', message: 'deathNotice' });
    expect(c.closed('ADM-DEATH').map((x) => [x.outcome, x.eventSeq])).toEqual([['done', notice.event.seq]]);
    expect(c.s.phase).toBe('ended');
    expect(c.s.obligations).toEqual([]);
    // Nothing fires any more, and nothing more can be recorded.
    expect(advance(c.s, '2030-01-01T00:00:00.000Z').effects).toEqual([]);
    expect(nextWakeUp(c.s)).toBeUndefined();
    expect(c.wait(MIN).reject({ kind: 'messageSent', message: 'deathNotice' })).toMatch(/The course has ended/);
  });

  it('outside a stay: alerts the whole care team and ends the course at once, with no notice owed', () => {
    const { caseOffice: _c, ...team } = careTeam;
    const c = Course.start('long-term-coordinated', 'hnt', '2026-01-05T09:00:00.000Z', { careTeam: team });
    const d = c.wait(HOUR).rec({ kind: 'death' });
    expect(d.effects.map((e) => [e.kind, e.role, e.recipient])).toEqual(
      wholeTeam(team).map((role) => ['alert', role, mail(role)]),
    );
    expect(c.s.phase).toBe('ended');
    expect(c.s.obligations).toEqual([]);
    expect(c.closed('ADM-DEATH')).toEqual([]);
    expect(firedFor(runUntil(c.s, '2026-02-01T00:00:00.000Z').fired, 'ADM-DEATH')).toEqual([]);
  });

  it('an admin may end the course instead of the notice; a labelled local default under UNN and Ahus', () => {
    const c = forensicInProcess('unn');
    c.rec({ kind: 'death' });
    expect(c.open('ADM-DEATH')).toHaveLength(1);
    c.wait(MIN).rec({ kind: 'courseEnded' });
    expect([c.s.phase, c.closed('ADM-DEATH').map((x) => x.outcome)]).toEqual(['ended', ['cancelled']]);
  });
});

describe('ADM-CHILDREN', () => {
  it('opens on admission for both parties: due 72 h later (elapsed across DST), heads-up 12 h before', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-03-27T11:00:00.000Z'); // Fri 27 Mar 12:00 CET
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
    const c = Course.start('admission-discharge', 'unn', '2026-01-05T09:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'taskDone', rule: 'ADM-CHILDREN' });
    expect(c.closed('ADM-CHILDREN').map((x) => x.outcome)).toEqual(['done']);
    expect(c.wait(MIN).reject({ kind: 'taskDone', rule: 'ADM-CHILDREN' })).toBe(
      'There is no open ADM-CHILDREN obligation on this course',
    );
  });
});
