// ADM-REPORT and ADM-REPORT-SUPP (domain.md §4.1, §9.7–§9.8): the municipality's admission report
// and its supplement, each asserted with the instant it falls due and the reminders it sends.
// Instants are worked out in Oslo time (see test/helpers/engine.ts).
import { Course, firedFor, HOUR, mail, manager, runUntil, table } from '../helpers/engine';

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

  it('a report sent before the admission notice counts: opens closed, nobody is reminded (domain §9.7)', () => {
    const c = Course.start('admission-discharge', 'unn', T0);
    c.at('2026-01-05T09:30:00.000Z').rec({ kind: 'messageSent', message: 'admissionReport' });
    c.at(noticeAt).rec({ kind: 'messageSent', message: 'admissionNotice' });
    expect(c.open('ADM-REPORT')).toEqual([]);
    expect(c.closed('ADM-REPORT').map((x) => [x.outcome, x.closedAt])).toEqual([['doneBefore', noticeAt]]);
    expect(firedFor(runUntil(c.s, '2026-01-10T00:00:00.000Z').fired, 'ADM-REPORT')).toEqual([]);
  });
});

describe('ADM-REPORT-SUPP', () => {
  const T0 = '2026-01-05T09:00:00.000Z'; // Mon 5 Jan 2026 10:00 CET

  it('HNT: opens when a supplement is needed, due 24 h after the admission (not the request); case office', () => {
    const c = Course.start('admission-discharge', 'hnt', T0);
    expect(c.open('ADM-REPORT-SUPP')).toEqual([]);
    c.at('2026-01-05T15:00:00.000Z').rec({ kind: 'supplementNeeded' });
    expect(c.due('ADM-REPORT-SUPP')).toEqual(['2026-01-06T09:00:00.000Z']);
    expect(table(runUntil(c.s, '2026-01-08T00:00:00.000Z').fired, 'ADM-REPORT-SUPP')).toEqual([
      ['headsUp', 'caseOffice', mail('caseOffice'), '2026-01-06T07:00:00.000Z', '2026-01-06T09:00:00.000Z'],
      ['due', 'caseOffice', mail('caseOffice'), '2026-01-06T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
      ['escalation', 'caseOffice', manager('caseOffice'), '2026-01-07T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
    ]);
    c.at('2026-01-05T20:00:00.000Z').rec({ kind: 'messageSent', message: 'supplementaryInformation' });
    expect(c.closed('ADM-REPORT-SUPP').map((x) => x.outcome)).toEqual(['done']);
  });

  it('only HNT has it: not under UNN or Ahus', () => {
    for (const profile of ['unn', 'ahus']) {
      const c = Course.start('admission-discharge', profile, T0);
      c.wait(HOUR).rec({ kind: 'supplementNeeded' });
      expect(c.open('ADM-REPORT-SUPP')).toEqual([]);
    }
  });
});
