// TUD-PLAN, TUD-PLAN-INFORM, TUD-BREACH, TUD-MEDICATION, TUD-ERM and TUD-NOSHOW (domain.md §4.5,
// §9.4, §9.5, §9.10): after the discharge to TUD. The plan updates and ERM reports are rolling
// (§9.4): «No more than N may pass between two fulfilments: the next occurrence falls due N after
// the last fulfilment (or after the anchor when there was none yet)». An occurrence never met stays
// open (overdue, escalated) and opens no next one. The meetings and dialogues are in
// tud-meetings.test.ts. Instants are worked out in Oslo time (see test/helpers/engine.ts).

import type { CareTeam } from '../../domain';
import { careTeam } from '../helpers/fixtures';
import { admissionSteps, dischargeProcess } from '../helpers/forensic';
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
import { backToTud, readmitted } from '../helpers/tud';

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
