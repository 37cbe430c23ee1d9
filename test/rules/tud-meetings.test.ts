// TUD-MEETING and TUD-DIALOGUE (domain.md §4.5, §9.4, §9.5): the meetings and the monthly dialogues
// after the discharge to TUD. Both are rolling (§9.4): «No more than N may pass between two
// fulfilments: the next occurrence falls due N after the last fulfilment (or after the anchor when
// there was none yet)». An occurrence never met stays open (overdue, escalated) and opens no
// next one. Instants are worked out in Oslo time (see test/helpers/engine.ts).
import type { Ev } from '../helpers/forensic';
import {
  firedFor,
  forensicAtTud,
  HOUR,
  mail,
  manager,
  runUntil,
  table,
  threeYearsAfterTud,
  TUD_AT,
} from '../helpers/engine';
import { backToTud, readmitted } from '../helpers/tud';

const dialogue: Ev = { kind: 'dialogueHeld' };
const meeting: Ev = { kind: 'meetingHeld', meeting: 'responsibilityGroup' };

describe('TUD-MEETING', () => {
  // «Samarbeidsmøter og/eller ansvarsgruppemøter bør være hver sjette måned, med minst to møter første
  // halvår etter utskrivelse fra døgn» (000 §3.4.1, l.534–536). Discharged on Tue 10 March 2026 12:00 CET.
  const first = '2026-06-10T10:00:00.000Z'; // +3 months (local default tudFirstMeeting), 12:00 CEST
  const second = '2026-09-10T10:00:00.000Z'; // +6 months, 12:00 CEST

  it('two due by six months (the first at 3 months, a local default); never held: open, escalated, no third', () => {
    const { course, fired, state } = threeYearsAfterTud();
    expect(course.open('TUD-MEETING').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['TUD-MEETING#1', TUD_AT, first],
      ['TUD-MEETING#2', TUD_AT, second],
    ]);
    // To the clinician and the municipal coordinator: heads-up 14 days before, at the deadline,
    // escalation to their managers 24 h after; nothing more in three years.
    const rc = 'responsibleClinician';
    const mc = 'municipalCoordinator';
    expect(table(fired, 'TUD-MEETING')).toEqual([
      ['headsUp', rc, mail(rc), '2026-05-27T10:00:00.000Z', first],
      ['headsUp', mc, mail(mc), '2026-05-27T10:00:00.000Z', first],
      ['due', rc, mail(rc), first, first],
      ['due', mc, mail(mc), first, first],
      ['escalation', rc, manager(rc), '2026-06-11T10:00:00.000Z', first],
      ['escalation', mc, manager(mc), '2026-06-11T10:00:00.000Z', first],
      ['headsUp', rc, mail(rc), '2026-08-27T10:00:00.000Z', second],
      ['headsUp', mc, mail(mc), '2026-08-27T10:00:00.000Z', second],
      ['due', rc, mail(rc), second, second],
      ['due', mc, mail(mc), second, second],
      ['escalation', rc, manager(rc), '2026-09-11T10:00:00.000Z', second],
      ['escalation', mc, manager(mc), '2026-09-11T10:00:00.000Z', second],
    ]);
    expect(state.obligations.filter((o) => o.rule === 'TUD-MEETING').map((o) => o.key)).toEqual([
      'TUD-MEETING#1',
      'TUD-MEETING#2',
    ]);
  });

  it('rolling: each next meeting due six months after the previous meeting, not on the discharge half-years', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-05-20T08:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'collaboration' }); // Wed 20 May 10:00 CEST
    // #1 met; #2 is still open, so no next meeting yet.
    expect(c.due('TUD-MEETING')).toEqual([second]);
    c.at('2026-08-25T08:00:00.000Z').rec(meeting); // Tue 25 Aug 10:00 CEST
    expect(c.open('TUD-MEETING').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['TUD-MEETING#3', '2026-08-25T08:00:00.000Z', '2027-02-25T09:00:00.000Z'], // Thu 25 Feb 2027 10:00 CET
    ]);
    c.at('2027-01-15T09:00:00.000Z').rec(meeting); // Fri 15 Jan 10:00 CET, early
    expect(c.due('TUD-MEETING')).toEqual(['2027-07-15T08:00:00.000Z']); // Thu 15 Jul 10:00 CEST
    // Nothing on 10 March or 10 September 2027 (the discharge's half-years).
    const { fired } = runUntil(c.s, '2027-07-16T00:00:00.000Z');
    expect(firedFor(fired, 'TUD-MEETING').map((f) => [f.r.kind, f.at])).toEqual([
      ['headsUp', '2027-07-01T08:00:00.000Z'],
      ['headsUp', '2027-07-01T08:00:00.000Z'],
      ['due', '2027-07-15T08:00:00.000Z'],
      ['due', '2027-07-15T08:00:00.000Z'],
    ]);
  });

  it('one meeting closes one occurrence (the oldest), not both of the first six months', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'collaboration' });
    expect(c.closed('TUD-MEETING').map((x) => x.key)).toEqual(['TUD-MEETING#1']);
    c.wait(HOUR).rec(meeting); // Wed 1 April 11:00 CEST
    expect(c.closed('TUD-MEETING').map((x) => x.key)).toEqual(['TUD-MEETING#1', 'TUD-MEETING#2']);
    expect(c.due('TUD-MEETING')).toEqual(['2026-10-01T09:00:00.000Z']); // Thu 1 Oct 11:00 CEST
    expect(firedFor(runUntil(c.s, '2026-09-11T00:00:00.000Z').fired, 'TUD-MEETING')).toEqual([]);
  });

  it('keeps running through a readmission; the return to TUD starts the first half-year again (domain §9.5)', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-04-01T08:00:00.000Z').rec(meeting);
    readmitted(c);
    expect(c.due('TUD-MEETING')).toEqual([second]);
    backToTud(c);
    expect(c.closed('TUD-MEETING').map((x) => [x.key, x.outcome])).toEqual([
      ['TUD-MEETING#1', 'done'],
      ['TUD-MEETING#2', 'cancelled'],
    ]);
    expect(c.open('TUD-MEETING').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['TUD-MEETING#3', '2026-05-04T08:00:00.000Z', '2026-08-04T08:00:00.000Z'], // +3 months, 10:00 CEST
      ['TUD-MEETING#4', '2026-05-04T08:00:00.000Z', '2026-11-04T09:00:00.000Z'], // +6 months, 10:00 CET
    ]);
  });
});

describe('TUD-DIALOGUE', () => {
  // «Dialog … bør foregå minst en gang i måneden i første halvår» (000 §3.4.1, l.546–548).
  // Discharged to TUD on Sat 31 January 2026 10:00 CET; the six months end on 31 July 10:00 CEST.
  const tud = () => forensicAtTud('2026-01-31T09:00:00.000Z', '2025-10-01T08:00:00.000Z');

  it('first due a month after the discharge (31 Jan → 28 Feb); never held: open, escalated, no next dialogue', () => {
    const c = tud();
    expect(c.open('TUD-DIALOGUE').map((o) => [o.key, o.dueAt])).toEqual([
      ['TUD-DIALOGUE#1', '2026-02-28T09:00:00.000Z'], // last day of February, 10:00 CET
    ]);
    const { fired, state } = runUntil(c.s, '2029-02-01T00:00:00.000Z');
    expect(firedFor(fired, 'TUD-DIALOGUE').map((f) => [f.r.kind, f.r.role, f.at])).toEqual([
      ['headsUp', 'responsibleClinician', '2026-02-23T09:00:00.000Z'],
      ['headsUp', 'municipalCoordinator', '2026-02-23T09:00:00.000Z'],
      ['due', 'responsibleClinician', '2026-02-28T09:00:00.000Z'],
      ['due', 'municipalCoordinator', '2026-02-28T09:00:00.000Z'],
      ['escalation', 'responsibleClinician', '2026-03-01T09:00:00.000Z'],
      ['escalation', 'municipalCoordinator', '2026-03-01T09:00:00.000Z'],
    ]);
    expect(state.obligations.filter((o) => o.rule === 'TUD-DIALOGUE').map((o) => o.key)).toEqual(['TUD-DIALOGUE#1']);
  });

  it('rolling: due a month after the last dialogue or meeting; nothing due after the first six months', () => {
    const c = tud();
    const steps: [at: string, event: Ev, nextDue: string | undefined][] = [
      ['2026-02-10T09:00:00.000Z', dialogue, '2026-03-10T09:00:00.000Z'], // Tue 10 Feb 10:00 CET → 10 Mar 10:00 CET
      ['2026-03-09T09:00:00.000Z', dialogue, '2026-04-09T08:00:00.000Z'], // → Thu 9 Apr 10:00 CEST
      ['2026-04-08T08:00:00.000Z', meeting, '2026-05-08T08:00:00.000Z'], // «digitale eller fysiske møter» (l.550)
      ['2026-05-07T08:00:00.000Z', dialogue, '2026-06-07T08:00:00.000Z'],
      ['2026-06-05T08:00:00.000Z', dialogue, '2026-07-05T08:00:00.000Z'],
      // 1 August 10:00 CEST would be after 31 July 10:00 CEST: nothing more is due.
      ['2026-07-01T08:00:00.000Z', dialogue, undefined],
    ];
    for (const [at, event, nextDue] of steps) {
      c.at(at).rec(event);
      expect(c.due('TUD-DIALOGUE')).toEqual(nextDue ? [nextDue] : []);
    }
    expect(c.closed('TUD-DIALOGUE').map((x) => [x.key, x.outcome])).toEqual(
      [1, 2, 3, 4, 5, 6].map((k) => [`TUD-DIALOGUE#${k}`, 'done']),
    );
    expect(c.s.schedules.map((x) => x.rule)).not.toContain('TUD-DIALOGUE');
    expect(firedFor(runUntil(c.s, '2029-02-01T00:00:00.000Z').fired, 'TUD-DIALOGUE')).toEqual([]);
  });

  it('a dialogue before the heads-up closes the month: no reminder for it; the next is due a month after it', () => {
    const c = tud();
    c.at('2026-02-10T09:00:00.000Z').rec(dialogue);
    expect(c.closed('TUD-DIALOGUE').map((x) => x.key)).toEqual(['TUD-DIALOGUE#1']);
    const { fired } = runUntil(c.s, '2026-03-31T08:00:00.000Z');
    expect(firedFor(fired, 'TUD-DIALOGUE', 'due').map((f) => [f.r.obligation, f.r.role, f.at])).toEqual([
      ['TUD-DIALOGUE#2', 'responsibleClinician', '2026-03-10T09:00:00.000Z'],
      ['TUD-DIALOGUE#2', 'municipalCoordinator', '2026-03-10T09:00:00.000Z'],
    ]);
  });

  it('paused by a readmission; the return to TUD starts six months of dialogues again (domain §9.5)', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-04-01T08:00:00.000Z').rec(dialogue);
    readmitted(c);
    expect(c.closed('TUD-DIALOGUE').map((x) => [x.key, x.outcome, x.closedAt])).toEqual([
      ['TUD-DIALOGUE#1', 'done', '2026-04-01T08:00:00.000Z'],
      ['TUD-DIALOGUE#2', 'cancelled', '2026-04-20T08:00:00.000Z'],
    ]);
    expect(c.open('TUD-DIALOGUE')).toEqual([]);
    backToTud(c);
    expect(c.open('TUD-DIALOGUE').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['TUD-DIALOGUE#3', '2026-05-04T08:00:00.000Z', '2026-06-04T08:00:00.000Z'], // Thu 4 June 10:00 CEST
    ]);
    // Nothing due after Wed 4 November 10:00 CET.
    expect(c.s.schedules.find((x) => x.rule === 'TUD-DIALOGUE')?.until).toBe('2026-11-04T09:00:00.000Z');
  });
});
