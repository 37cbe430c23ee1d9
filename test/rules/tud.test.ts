// TUD-* (domain.md §4.5): after the discharge to TUD, the recurring meetings, dialogues, plan
// updates and ERM reports over three years, and the alerts. Instants are worked out in Oslo time
// (see test/helpers/engine.ts).
import type { CareTeam } from '../../domain';
import { careTeam } from '../helpers/fixtures';
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
  REF,
  runUntil,
  table,
  threeYearsAfterTud,
  TUD_AT,
} from '../helpers/engine';

describe('TUD-MEETING', () => {
  const expected = [
    '2026-06-10T10:00:00.000Z', // +3 months (12:00 CEST)
    '2026-09-10T10:00:00.000Z', // +6 months
    '2027-03-10T11:00:00.000Z', // +12 months (12:00 CET)
    '2027-09-10T10:00:00.000Z',
    '2028-03-10T11:00:00.000Z',
    '2028-09-10T10:00:00.000Z',
    '2029-03-10T11:00:00.000Z', // +36 months
  ];

  it('two meetings due in the first six months (at +3 and +6 months), then one every six months: exact instants over three years', () => {
    const { course, fired, state } = threeYearsAfterTud();
    expect(course.open('TUD-MEETING').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ['TUD-MEETING#1', TUD_AT, expected[0]],
      ['TUD-MEETING#2', TUD_AT, expected[1]],
    ]);
    expect(dueInstants(fired, 'TUD-MEETING')).toEqual(expected);
    // Each reaches the clinician and the municipal coordinator: heads-up 14 days before, at the deadline, escalation 24 h after.
    expect(table(fired, 'TUD-MEETING').filter((r) => r[4] === expected[2])).toEqual([
      ['headsUp', 'responsibleClinician', mail('responsibleClinician'), '2027-02-24T11:00:00.000Z', expected[2]],
      ['headsUp', 'municipalCoordinator', mail('municipalCoordinator'), '2027-02-24T11:00:00.000Z', expected[2]],
      ['due', 'responsibleClinician', mail('responsibleClinician'), expected[2], expected[2]],
      ['due', 'municipalCoordinator', mail('municipalCoordinator'), expected[2], expected[2]],
      ['escalation', 'responsibleClinician', manager('responsibleClinician'), '2027-03-11T11:00:00.000Z', expected[2]],
      ['escalation', 'municipalCoordinator', manager('municipalCoordinator'), '2027-03-11T11:00:00.000Z', expected[2]],
    ]);
    // Nothing was closed, nothing was lost: #1–#7 overdue and #8 (due +42 months) opened at +36 months.
    expect(state.obligations.filter((o) => o.rule === 'TUD-MEETING').map((o) => [o.key, o.openedAt, o.dueAt])).toEqual([
      ...expected.map((due, i) => [`TUD-MEETING#${i + 1}`, i < 2 ? TUD_AT : expected[i - 1], due]),
      ['TUD-MEETING#8', '2029-03-10T11:00:00.000Z', '2029-09-10T10:00:00.000Z'],
    ]);
  });

  it('one meeting closes one occurrence (the oldest), not both of the first six months', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'collaboration' });
    expect(c.closed('TUD-MEETING').map((x) => x.key)).toEqual(['TUD-MEETING#1']);
    c.wait(HOUR).rec({ kind: 'meetingHeld', meeting: 'responsibilityGroup' });
    expect(c.closed('TUD-MEETING').map((x) => x.key)).toEqual(['TUD-MEETING#1', 'TUD-MEETING#2']);
    expect(firedFor(runUntil(c.s, '2026-09-11T00:00:00.000Z').fired, 'TUD-MEETING')).toEqual([]);
  });
});

describe('TUD-DIALOGUE', () => {
  it('monthly for the first six months only, anchored on 31 January (→ end of February, no drift), nothing after', () => {
    const c = forensicAtTud('2026-01-31T09:00:00.000Z', '2025-10-01T08:00:00.000Z'); // Sat 31 Jan 10:00 CET
    const { fired, state } = runUntil(c.s, '2029-02-01T00:00:00.000Z');
    expect(dueInstants(fired, 'TUD-DIALOGUE')).toEqual([
      '2026-02-28T09:00:00.000Z', // last day of February, 10:00 CET
      '2026-03-31T08:00:00.000Z', // 10:00 CEST
      '2026-04-30T08:00:00.000Z',
      '2026-05-31T08:00:00.000Z',
      '2026-06-30T08:00:00.000Z',
      '2026-07-31T08:00:00.000Z',
    ]);
    expect(firedFor(fired, 'TUD-DIALOGUE').every((f) => f.at <= '2026-08-01T08:00:00.000Z')).toBe(true);
    expect(state.obligations.filter((o) => o.rule === 'TUD-DIALOGUE').map((o) => [o.key, o.openedAt])).toEqual([
      ['TUD-DIALOGUE#1', '2026-01-31T09:00:00.000Z'],
      ['TUD-DIALOGUE#2', '2026-02-28T09:00:00.000Z'],
      ['TUD-DIALOGUE#3', '2026-03-31T08:00:00.000Z'],
      ['TUD-DIALOGUE#4', '2026-04-30T08:00:00.000Z'],
      ['TUD-DIALOGUE#5', '2026-05-31T08:00:00.000Z'],
      ['TUD-DIALOGUE#6', '2026-06-30T08:00:00.000Z'],
    ]);
  });

  it('a dialogue before the heads-up closes the month: no reminder for it', () => {
    const c = forensicAtTud('2026-01-31T09:00:00.000Z', '2025-10-01T08:00:00.000Z');
    c.at('2026-02-10T09:00:00.000Z').rec({ kind: 'dialogueHeld' });
    expect(c.closed('TUD-DIALOGUE').map((x) => x.key)).toEqual(['TUD-DIALOGUE#1']);
    const { fired } = runUntil(c.s, '2026-03-31T08:00:00.000Z');
    expect(firedFor(fired, 'TUD-DIALOGUE', 'due').map((f) => [f.r.obligation, f.r.role])).toEqual([
      ['TUD-DIALOGUE#2', 'responsibleClinician'],
      ['TUD-DIALOGUE#2', 'municipalCoordinator'],
    ]);
  });
});

describe('TUD-PLAN', () => {
  it('the protection plan is due for update every year after discharge to TUD, heads-up 30 days before', () => {
    const { fired } = threeYearsAfterTud();
    expect(dueInstants(fired, 'TUD-PLAN')).toEqual([
      '2027-03-10T11:00:00.000Z',
      '2028-03-10T11:00:00.000Z',
      '2029-03-10T11:00:00.000Z',
    ]);
    expect(firedFor(fired, 'TUD-PLAN', 'headsUp').map((f) => [f.r.role, f.at])).toEqual([
      ['responsibleClinician', '2027-02-08T11:00:00.000Z'],
      ['responsibleClinician', '2028-02-09T11:00:00.000Z'],
      ['responsibleClinician', '2029-02-08T11:00:00.000Z'],
    ]);
  });

  it('is closed by the plan updated', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2027-01-15T10:00:00.000Z').rec({ kind: 'planUpdated', plan: 'protection' });
    expect(c.closed('TUD-PLAN').map((x) => [x.key, x.outcome])).toEqual([['TUD-PLAN#1', 'done']]);
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
  it('ERM scores due monthly after discharge to TUD (36 in three years), from the municipal coordinator', () => {
    const { fired } = threeYearsAfterTud();
    const dues = dueInstants(fired, 'TUD-ERM');
    expect(dues).toHaveLength(36);
    expect(dues.slice(0, 3)).toEqual([
      '2026-04-10T10:00:00.000Z',
      '2026-05-10T10:00:00.000Z',
      '2026-06-10T10:00:00.000Z',
    ]);
    expect(dues.at(-1)).toBe('2029-03-10T11:00:00.000Z');
    expect(new Set(firedFor(fired, 'TUD-ERM').map((f) => f.r.role))).toEqual(new Set(['municipalCoordinator']));
  });

  it('a report closes the month; a deterioration alerts the responsible clinician at once', () => {
    const c = forensicAtTud(TUD_AT);
    const plain = c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'ermReported' });
    expect(plain.effects).toEqual([]);
    expect(c.closed('TUD-ERM').map((x) => x.key)).toEqual(['TUD-ERM#1']);
    const worse = c.wait(DAY).rec({ kind: 'ermReported', deterioration: true });
    expect(worse.effects.map((e) => [e.rule, e.kind, e.role, e.recipient])).toEqual([
      ['TUD-ERM', 'alert', 'responsibleClinician', mail('responsibleClinician')],
    ]);
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
