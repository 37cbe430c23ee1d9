// TUD-* (domain.md §4.5, §9.4, §9.5, §9.10): after the discharge to TUD. The meetings, dialogues,
// plan updates and ERM reports are rolling (§9.4): «No more than N may pass between two
// fulfilments: the next occurrence falls due N after the last fulfilment (or after the anchor when
// there was none yet)». An occurrence never met stays open (overdue, escalated) and opens no
// next one. Instants are worked out in Oslo time (see test/helpers/engine.ts).
import type { CareTeam } from '../../domain';
import { careTeam } from '../helpers/fixtures';
import { admissionSteps, clinicInformed, dischargeProcess, type Ev } from '../helpers/forensic';
import {
  Course,
  DAY,
  dueInstants,
  firedFor,
  forensicAtTud,
  forensicInProcess,
  HOUR,
  mail,
  manager,
  MIN,
  REF,
  runUntil,
  table,
  threeYearsAfterTud,
  TUD_AT,
} from '../helpers/engine';

const dialogue: Ev = { kind: 'dialogueHeld' };
const meeting: Ev = { kind: 'meetingHeld', meeting: 'responsibilityGroup' };

/** Domain §9.5: admitted again from TUD on Mon 20 April 2026 10:00 CEST. */
function readmitted(c: Course): Course {
  c.at('2026-04-20T08:00:00.000Z').rec({ kind: 'admission', hasMunicipalServices: true });
  return c;
}
/**
 * Back to TUD on a new transfer decision on Mon 4 May 10:00 CEST: the clinic told and the plan
 * signed and approved from 09:50 CEST, one step a minute (the plan at 09:51 CEST).
 */
function backToTud(c: Course): Course {
  c.at('2026-05-04T07:50:00.000Z').recAll([
    clinicInformed,
    { kind: 'planUpdated', plan: 'protection', final: true },
    { kind: 'patientSigned' },
    { kind: 'prosecutorApproved' },
  ]);
  c.at('2026-05-04T08:00:00.000Z').rec({ kind: 'dischargedToTud' });
  return c;
}

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

describe('TUD-PLAN', () => {
  // «Samfunnsvernplanen skal oppdateres minimum årlig» (000 §3.4.1, l.555).
  it('due 12 months after the last update, the final plan of the stay included; never made: open, no next year', () => {
    const { course, fired, state } = threeYearsAfterTud();
    // The final plan of the discharge process: 11:14 CET on 10 March 2026, 46 minutes before the discharge.
    expect(course.s.events.filter((e) => e.kind === 'planUpdated').at(-1)?.at).toBe('2026-03-10T10:14:00.000Z');
    const due = '2027-03-10T10:14:00.000Z'; // Wed 10 March 2027 11:14 CET
    expect(course.open('TUD-PLAN').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([['TUD-PLAN#1', TUD_AT, due]]);
    expect(table(fired, 'TUD-PLAN').map((r) => [r[0], r[1], r[3]])).toEqual([
      ['headsUp', 'responsibleClinician', '2027-02-08T10:14:00.000Z'],
      ['due', 'responsibleClinician', due],
      ['escalation', 'responsibleClinician', '2027-03-11T10:14:00.000Z'],
    ]);
    expect(dueInstants(fired, 'TUD-PLAN')).toEqual([due]);
    expect(state.obligations.filter((o) => o.rule === 'TUD-PLAN').map((o) => o.key)).toEqual(['TUD-PLAN#1']);
  });

  it('is closed by the plan updated; the next is due 12 months after that update', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2027-01-15T10:00:00.000Z').rec({ kind: 'planUpdated', plan: 'protection' }); // Fri 15 Jan 11:00 CET
    expect(c.closed('TUD-PLAN').map((x) => [x.key, x.outcome])).toEqual([['TUD-PLAN#1', 'done']]);
    expect(c.open('TUD-PLAN').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['TUD-PLAN#2', '2027-01-15T10:00:00.000Z', '2028-01-15T10:00:00.000Z'],
    ]);
  });

  it('runs through a readmission: the plan for the return is an update; the return opens none (§9.5)', () => {
    const c = backToTud(readmitted(forensicAtTud(TUD_AT)));
    expect(c.closed('TUD-PLAN').map((x) => [x.key, x.outcome, x.closedAt])).toEqual([
      ['TUD-PLAN#1', 'done', '2026-05-04T07:51:00.000Z'],
    ]);
    expect(c.open('TUD-PLAN').map((o) => [o.key, o.dueAt])).toEqual([
      ['TUD-PLAN#2', '2027-05-04T07:51:00.000Z'], // Tue 4 May 2027 09:51 CEST
    ]);
  });
});

describe('TUD-PLAN-INFORM', () => {
  it('a plan update during TUD opens it: partners told within 7 days (profile default planChangesShared)', () => {
    const c = forensicAtTud(TUD_AT);
    // The plans of the discharge process came before TUD.
    expect(c.open('TUD-PLAN-INFORM')).toEqual([]);
    c.at('2026-10-20T08:00:00.000Z').rec({ kind: 'planUpdated', plan: 'protection' }); // Tue 20 Oct 10:00 CEST
    const due = '2026-10-27T09:00:00.000Z'; // Tue 27 Oct 10:00 CET: 7 calendar days across the end of DST
    expect(c.due('TUD-PLAN-INFORM')).toEqual([due]);
    const rc = 'responsibleClinician';
    expect(table(runUntil(c.s, '2026-10-29T00:00:00.000Z').fired, 'TUD-PLAN-INFORM')).toEqual([
      ['headsUp', rc, mail(rc), '2026-10-26T09:00:00.000Z', due],
      ['due', rc, mail(rc), due, due],
      ['escalation', rc, manager(rc), '2026-10-28T09:00:00.000Z', due],
    ]);
  });

  it('closed by the changes shared', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-10-20T08:00:00.000Z').rec({ kind: 'planUpdated', plan: 'protection' });
    c.wait(DAY).rec({ kind: 'messageSent', message: 'planChangesShared' });
    expect(c.closed('TUD-PLAN-INFORM').map((x) => [x.key, x.outcome])).toEqual([['TUD-PLAN-INFORM#1', 'done']]);
    expect(firedFor(runUntil(c.s, '2026-10-29T00:00:00.000Z').fired, 'TUD-PLAN-INFORM')).toEqual([]);
  });
});

describe('TUD-BREACH', () => {
  it('alerts every care-team role at once (including the police), keeps nothing open', () => {
    const c = forensicAtTud(TUD_AT);
    const open = c.s.obligations.length;
    const d = c.wait(DAY).rec({ kind: 'breach' });
    expect(d.effects.map((e) => [e.kind, e.role, e.recipient])).toEqual(
      [
        'responsibleClinician',
        'ward',
        'hospitalCoordinatingUnit',
        'caseOffice',
        'municipalCoordinator',
        'gp',
        'police',
      ].map((role) => ['alert', role, mail(role as keyof CareTeam)]),
    );
    expect(new Set(d.effects.map((e) => e.businessKey)).size).toBe(7);
    expect(d.effects.every((e) => e.rule === 'TUD-BREACH' && e.dueAt === undefined)).toBe(true);
    expect(c.s.obligations).toHaveLength(open);
  });

  it('applies during the discharge process too; not to an admission-discharge course', () => {
    expect(forensicInProcess().rec({ kind: 'breach' }).effects).toHaveLength(7);
    const a = Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z');
    expect(a.wait(HOUR).reject({ kind: 'breach' })).toBe("'breach' does not apply to a admission-discharge course");
  });
});

describe('TUD-MEDICATION', () => {
  it('a refusal of medication alerts the responsible clinician at once', () => {
    const c = forensicAtTud(TUD_AT);
    const d = c.wait(DAY).rec({ kind: 'medicationRefused' });
    expect(d.effects).toEqual([
      {
        businessKey: `${REF}/TUD-MEDICATION/event-${d.event.seq}/alert/responsibleClinician`,
        courseRef: REF,
        profile: 'ahus',
        rule: 'TUD-MEDICATION',
        kind: 'alert',
        role: 'responsibleClinician',
        recipient: mail('responsibleClinician'),
      },
    ]);
  });

  it('falls back to a hospital role when no responsible clinician is named; only after discharge to TUD', () => {
    const { responsibleClinician: _r, ...team } = careTeam;
    const c = forensicAtTud(TUD_AT);
    c.wait(HOUR).rec({ kind: 'careTeamChanged', careTeam: team });
    expect(
      c
        .wait(HOUR)
        .rec({ kind: 'medicationRefused' })
        .effects.map((e) => e.role),
    ).toEqual(['ward']);
    expect(forensicInProcess().reject({ kind: 'medicationRefused' })).toMatch(
      /'medicationRefused' is not allowed in phase 'dischargeProcess'/,
    );
  });
});

describe('TUD-ERM', () => {
  it('due a month after the last report (none: the discharge), to the municipal coordinator; never made: open', () => {
    const { course, fired, state } = threeYearsAfterTud();
    expect(course.due('TUD-ERM')).toEqual(['2026-04-10T10:00:00.000Z']); // Fri 10 April 12:00 CEST
    expect(firedFor(fired, 'TUD-ERM').map((f) => [f.r.kind, f.r.role, f.at])).toEqual([
      ['headsUp', 'municipalCoordinator', '2026-04-07T10:00:00.000Z'],
      ['due', 'municipalCoordinator', '2026-04-10T10:00:00.000Z'],
      ['escalation', 'municipalCoordinator', '2026-04-11T10:00:00.000Z'],
    ]);
    expect(state.obligations.filter((o) => o.rule === 'TUD-ERM').map((o) => o.key)).toEqual(['TUD-ERM#1']);
  });

  it('rolling: the next report due a month after the last; a deterioration alerts the responsible clinician', () => {
    const c = forensicAtTud(TUD_AT);
    const plain = c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'ermReported' }); // Wed 1 April 10:00 CEST
    expect(plain.effects).toEqual([]);
    expect(c.closed('TUD-ERM').map((x) => x.key)).toEqual(['TUD-ERM#1']);
    expect(c.open('TUD-ERM').map((o) => [o.key, o.dueAt])).toEqual([['TUD-ERM#2', '2026-05-01T08:00:00.000Z']]);
    const worse = c.wait(DAY).rec({ kind: 'ermReported', deterioration: true });
    expect(worse.effects.map((e) => [e.rule, e.kind, e.role, e.recipient])).toEqual([
      ['TUD-ERM', 'alert', 'responsibleClinician', mail('responsibleClinician')],
    ]);
    expect(c.open('TUD-ERM').map((o) => [o.key, o.dueAt])).toEqual([['TUD-ERM#3', '2026-05-02T08:00:00.000Z']]);
  });

  it('a report during the discharge process counts: the first is due one month after it', () => {
    const c = Course.start('forensic-tud', 'ahus', '2025-11-03T09:00:00.000Z').wait(MIN).recAll(admissionSteps);
    // The discharge process one step a minute from 11:00 CET, then an ERM report at 11:22 CET.
    c.at('2026-03-10T10:00:00.000Z').recAll([...dischargeProcess, { kind: 'ermReported' }]);
    c.at(TUD_AT).rec({ kind: 'dischargedToTud' });
    expect(c.due('TUD-ERM')).toEqual(['2026-04-10T09:22:00.000Z']); // Fri 10 April 11:22 CEST
  });

  it('paused by a readmission; at the return due one month after it (domain §9.5)', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'ermReported' });
    backToTud(readmitted(c));
    expect(c.closed('TUD-ERM').map((x) => [x.key, x.outcome, x.closedAt])).toEqual([
      ['TUD-ERM#1', 'done', '2026-04-01T08:00:00.000Z'],
      ['TUD-ERM#2', 'cancelled', '2026-04-20T08:00:00.000Z'],
    ]);
    expect(c.open('TUD-ERM').map((o) => [o.key, o.dueAt])).toEqual([['TUD-ERM#3', '2026-06-04T08:00:00.000Z']]);
  });
});

describe('TUD-NOSHOW', () => {
  it('a no-show opens an assessment due 2 days later; closed by taskDone', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-03-20T13:00:00.000Z').rec({ kind: 'noShow' });
    expect(c.due('TUD-NOSHOW')).toEqual(['2026-03-22T13:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2026-03-22T13:00:00.000Z').fired, 'TUD-NOSHOW').map((f) => [f.r.kind, f.r.role, f.at]),
    ).toEqual([
      ['headsUp', 'responsibleClinician', '2026-03-22T09:00:00.000Z'],
      ['due', 'responsibleClinician', '2026-03-22T13:00:00.000Z'],
    ]);
    c.wait(HOUR).rec({ kind: 'taskDone', rule: 'TUD-NOSHOW' });
    expect(c.closed('TUD-NOSHOW').map((x) => x.outcome)).toEqual(['done']);
  });
});
