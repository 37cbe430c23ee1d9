// DIS-READY, DIS-ANSWER, DIS-DAY0 and DIS-RECEIVE (domain.md §4.4, §9.2–§9.3): the discharge-ready
// notice inside or outside the profile's window, the municipality's answer, and the day it receives
// the patient. Expected instants in Oslo time: CET = UTC+1, CEST = UTC+2; DST 2026 from Sun 29 March
// to Sun 25 October; Maundy Thursday 2 April, Good Friday 3 April and Easter Monday 6 April 2026; Whit
// Monday 25 May 2026.
import {
  admittedForDischarge,
  Course,
  firedFor,
  HOUR,
  mail,
  manager,
  MIN,
  noticeSent,
  runUntil,
  table,
} from '../helpers/engine';

describe('DIS-READY', () => {
  const readyAt = (profile: string, at: string) => {
    const c = admittedForDischarge(profile, at);
    c.rec({ kind: 'dischargeReady' });
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

  it('reminds the case office 4 h before the end of day 0, at its end, and its manager 24 h later', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z'); // Fri 12:00 CEST: day 0 ends Sat 00:00 CEST
    expect(table(runUntil(c.s, '2026-05-24T00:00:00.000Z').fired, 'DIS-DAY0')).toEqual([
      ['headsUp', 'caseOffice', mail('caseOffice'), '2026-05-22T18:00:00.000Z', '2026-05-22T22:00:00.000Z'],
      ['due', 'caseOffice', mail('caseOffice'), '2026-05-22T22:00:00.000Z', '2026-05-22T22:00:00.000Z'],
      ['escalation', 'caseOffice', manager('caseOffice'), '2026-05-23T22:00:00.000Z', '2026-05-22T22:00:00.000Z'],
    ]);
  });

  it('HNT only: no UNN or Ahus course gets a same-day deadline (domain §9.2)', () => {
    expect(noticeSent('unn', '2026-05-22T11:59:00.000Z').open('DIS-DAY0')).toEqual([]);
    expect(noticeSent('ahus', '2026-05-22T11:59:00.000Z').open('DIS-DAY0')).toEqual([]);
  });

  it('the end of a day 0 in winter time (Mon 26 Oct 2026, after the fall-back) is 23:00 UTC', () => {
    // Fri 23 Oct 16:00 CEST is after HNT's 08–15 window: day 0 is Mon 26 Oct, in CET.
    expect(noticeSent('hnt', '2026-10-23T14:00:00.000Z').due('DIS-DAY0')).toEqual(['2026-10-26T23:00:00.000Z']);
  });

  it('closed by the discharge; cancelled by a withdrawal', () => {
    const c = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    // Under HNT the discharge report goes before the patient leaves (DIS-LEAVE, domain §9.7).
    c.wait(4 * HOUR).rec({ kind: 'messageSent', message: 'dischargeReport' });
    c.wait(HOUR).rec({ kind: 'discharged' });
    expect(c.closed('DIS-DAY0').map((x) => [x.outcome, x.closedAt])).toEqual([['done', '2026-05-22T15:00:00.000Z']]);
    const w = noticeSent('hnt', '2026-05-22T10:00:00.000Z');
    w.wait(HOUR).rec({ kind: 'withdrawal' });
    expect(w.closed('DIS-DAY0').map((x) => x.outcome)).toEqual(['cancelled']);
  });
});

describe('DIS-RECEIVE', () => {
  const noticeAt = '2026-05-22T10:00:00.000Z'; // Fri 22 May 2026 12:00 CEST

  it('UNN: the answer names the day; if the patient has not left by its end, the case office is reminded', () => {
    const c = noticeSent('unn', noticeAt);
    c.wait(HOUR).rec({ kind: 'answerReceived', receiveOn: '2026-05-27' });
    expect(c.due('DIS-RECEIVE')).toEqual(['2026-05-27T22:00:00.000Z']); // Wed 27 May ends Thu 00:00 CEST
    expect(table(runUntil(c.s, '2026-05-29T00:00:00.000Z').fired, 'DIS-RECEIVE')).toEqual([
      ['headsUp', 'caseOffice', mail('caseOffice'), '2026-05-27T18:00:00.000Z', '2026-05-27T22:00:00.000Z'],
      ['due', 'caseOffice', mail('caseOffice'), '2026-05-27T22:00:00.000Z', '2026-05-27T22:00:00.000Z'],
      ['escalation', 'caseOffice', manager('caseOffice'), '2026-05-28T22:00:00.000Z', '2026-05-27T22:00:00.000Z'],
    ]);
    c.at('2026-05-27T09:00:00.000Z').rec({ kind: 'discharged' });
    expect(c.closed('DIS-RECEIVE').map((x) => [x.outcome, x.closedAt])).toEqual([['done', '2026-05-27T09:00:00.000Z']]);
  });

  it('UNN and Ahus without a day: «så snart som mulig», the profile default of 2 days after the answer', () => {
    for (const profile of ['unn', 'ahus']) {
      const c = noticeSent(profile, noticeAt);
      c.wait(HOUR).rec({ kind: 'answerReceived' });
      expect(c.due('DIS-RECEIVE')).toEqual(['2026-05-24T11:00:00.000Z']); // Sun 24 May 13:00 CEST
    }
  });

  it('HNT: day 0 applies unless the answer names a later day, which replaces it (domain §9.2)', () => {
    const none = noticeSent('hnt', noticeAt);
    none.wait(HOUR).rec({ kind: 'answerReceived' });
    expect([none.due('DIS-DAY0'), none.open('DIS-RECEIVE')]).toEqual([['2026-05-22T22:00:00.000Z'], []]);
    const day0 = noticeSent('hnt', noticeAt);
    day0.wait(HOUR).rec({ kind: 'answerReceived', receiveOn: '2026-05-22' });
    expect([day0.due('DIS-DAY0'), day0.open('DIS-RECEIVE')]).toEqual([['2026-05-22T22:00:00.000Z'], []]);
    const later = noticeSent('hnt', noticeAt);
    later.wait(HOUR).rec({ kind: 'answerReceived', receiveOn: '2026-05-26' });
    expect(later.closed('DIS-DAY0').map((x) => x.outcome)).toEqual(['cancelled']);
    expect(later.due('DIS-RECEIVE')).toEqual(['2026-05-26T22:00:00.000Z']); // Tue 26 May ends Wed 00:00 CEST
  });

  it('cancelled by a withdrawal; the day must be a date', () => {
    const c = noticeSent('unn', noticeAt);
    expect(c.wait(HOUR).reject({ kind: 'answerReceived', receiveOn: '27.05.2026' })).toBe(
      "Invalid 'answerReceived' event: receiveOn: receiveOn must be a date, YYYY-MM-DD",
    );
    c.rec({ kind: 'answerReceived', receiveOn: '2026-05-27' });
    c.wait(MIN).rec({ kind: 'withdrawal' });
    expect(c.closed('DIS-RECEIVE').map((x) => x.outcome)).toEqual(['cancelled']);
  });
});
