// DIS-WITHDRAW, DIS-LEAVE and DIS-WAITING (domain.md §4.4): how a discharge-ready period ends (a
// withdrawal or the patient leaving) and the waiting days it counts. Instants are worked out in
// Oslo time (see test/helpers/engine.ts; Whit Monday 2026 is 25 May).
import { courseView, openObligations, waitingDays } from '../../domain';
import { Course, firedFor, forensicAtTud, HOUR, MIN, noticeSent, runUntil, TUD_AT } from '../helpers/engine';

const report = { kind: 'messageSent', message: 'dischargeReport' };

describe('DIS-WITHDRAW', () => {
  it('a withdrawal after the notice opens it (due 1 h later, to the ward), cancels the answer, stops the clock', () => {
    const c = noticeSent('unn', '2026-05-22T10:00:00.000Z');
    c.at('2026-05-22T12:00:00.000Z').rec({ kind: 'withdrawal' });
    expect(c.due('DIS-WITHDRAW')).toEqual(['2026-05-22T13:00:00.000Z']);
    expect(c.s.phase).toBe('admitted');
    expect(c.closed('DIS-ANSWER').map((x) => x.outcome)).toEqual(['cancelled']);
    expect(c.s.waiting).toEqual([{ from: '2026-05-22T10:00:00.000Z', to: '2026-05-22T12:00:00.000Z' }]);
    expect(
      firedFor(runUntil(c.s, '2026-05-22T13:00:00.000Z').fired, 'DIS-WITHDRAW').map((f) => [f.r.kind, f.r.role, f.at]),
    ).toEqual([['due', 'ward', '2026-05-22T13:00:00.000Z']]);
    c.wait(10 * MIN).rec({ kind: 'messageSent', message: 'withdrawalNotice' });
    expect(c.closed('DIS-WITHDRAW').map((x) => x.outcome)).toEqual(['done']);
  });

  it('a withdrawal notice with no withdrawal is rejected; withdrawal is only possible while discharge-ready', () => {
    const c = noticeSent('unn', '2026-05-22T10:00:00.000Z');
    expect(c.wait(MIN).reject({ kind: 'messageSent', message: 'withdrawalNotice' })).toBe(
      "'messageSent withdrawalNotice' needs an open DIS-WITHDRAW obligation, and there is none",
    );
    const a = Course.start('admission-discharge', 'unn', '2026-05-20T08:00:00.000Z');
    expect(a.wait(HOUR).reject({ kind: 'withdrawal' })).toMatch(/'withdrawal' is not allowed in phase 'admitted'/);
  });

  it('UNN has it from its agreement; HNT only as a labelled local default (domain §9.1)', () => {
    const localDefault = (profile: string) => {
      const c = noticeSent(profile, '2026-05-22T10:00:00.000Z');
      c.wait(HOUR).rec({ kind: 'withdrawal' });
      return openObligations(c.s, c.now).find((o) => o.rule === 'DIS-WITHDRAW')?.localDefault;
    };
    expect([localDefault('unn'), localDefault('hnt')]).toEqual([false, true]);
  });
});

describe('DIS-LEAVE', () => {
  it('opens when the patient leaves: three messages due 2 h later; the course ends when all are sent', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'answerReceived' });
    // Sent before the departure (domain §9.7): the step counts when DIS-LEAVE opens.
    c.at('2026-05-22T13:30:00.000Z').rec(report);
    c.at('2026-05-22T14:00:00.000Z').rec({ kind: 'discharged' });
    expect(c.s.phase).toBe('discharged');
    expect(c.due('DIS-LEAVE')).toEqual(['2026-05-22T16:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2026-05-22T16:00:00.000Z').fired, 'DIS-LEAVE').map((f) => [f.r.kind, f.r.role, f.at]),
    ).toEqual([
      ['headsUp', 'ward', '2026-05-22T15:00:00.000Z'],
      ['due', 'ward', '2026-05-22T16:00:00.000Z'],
    ]);
    c.wait(MIN).rec({ kind: 'messageSent', message: 'dischargeSummary' });
    expect(openObligations(c.s, c.now).find((o) => o.rule === 'DIS-LEAVE')?.missing).toEqual([
      'discharged notice sent',
    ]);
    const last = c.wait(MIN).rec({ kind: 'messageSent', message: 'dischargedNotice' });
    expect(c.closed('DIS-LEAVE').map((x) => x.outcome)).toEqual(['done']);
    // domain §2: the course ends; what was still open is cancelled, never lost. (ADM-STATUS was met, late, by the
    // health information before the notice: one message serves both, domain §9.8.)
    expect(c.s.phase).toBe('ended');
    expect(c.s.obligations).toEqual([]);
    expect(
      c.s.closed
        .filter((x) => x.eventSeq === last.event.seq && x.outcome === 'cancelled')
        .map((x) => x.rule)
        .sort(),
    ).toEqual(['ADM-CHILDREN', 'ADM-NOTICE']);
  });

  it('HNT: the patient leaves only once the discharge report is sent (domain §9.7); UNN has no such gate', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    expect(c.wait(HOUR).reject({ kind: 'discharged' })).toBe(
      'Gate before the discharge not met; missing: DIS-LEAVE (discharge report sent). ' +
        'An admin may override with a reason.',
    );
    c.rec(report);
    c.wait(MIN).rec({ kind: 'discharged' });
    expect(openObligations(c.s, c.now).find((o) => o.rule === 'DIS-LEAVE')?.missing).toEqual([
      'discharge summary sent',
      'discharged notice sent',
    ]);
    const u = noticeSent('unn', '2026-05-22T10:00:00.000Z');
    u.wait(HOUR).rec({ kind: 'discharged' });
    expect(u.s.phase).toBe('discharged');
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
    c.at('2026-05-27T06:30:00.000Z').rec(report);
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
    c.at('2026-06-04T07:30:00.000Z').rec(report);
    c.at('2026-06-04T08:00:00.000Z').rec({ kind: 'discharged' });
    expect(c.s.waiting).toEqual([
      { from: '2026-05-26T06:00:00.000Z', to: '2026-05-28T10:00:00.000Z' },
      { from: '2026-06-01T08:02:00.000Z', to: '2026-06-04T08:00:00.000Z' },
    ]);
    expect(waitingDays(c.s, '2026-07-01T00:00:00.000Z')).toBe(5);
  });

  it('UNN has no day 0: a 14:30 notice on Fri 22 May (after its 08–14 window) counts from itself (domain §9.9)', () => {
    const c = noticeSent('unn', '2026-05-22T12:30:00.000Z');
    expect(c.s.waiting).toEqual([{ from: '2026-05-22T12:30:00.000Z' }]);
    expect(waitingDays(c.s, '2026-05-28T10:00:00.000Z')).toBe(6); // Thu 28 May
  });

  it('is a measure, never an obligation with reminders', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    expect(c.open('DIS-WAITING')).toEqual([]);
    expect(firedFor(runUntil(c.s, '2026-06-30T00:00:00.000Z').fired, 'DIS-WAITING')).toEqual([]);
  });
});
