// Adopting a course already under way at go-live (domain §9.6, domain/adopt.ts): built by the
// engine from the facts in date order, each as of its own date; nothing re-sent for the past; what
// is overdue listed once, in one summary per responsible role.
//
// Instants worked out by hand in Oslo time: CEST (UTC+2) in summer, CET (UTC+1) in winter.
import { adoptCourse, advance, courseView, EventRejected, nextWakeUp, type Reminder } from '../../domain';
import { careTeam } from '../helpers/fixtures';

const now = '2026-12-01T09:00:00.000Z';
const start = {
  courseRef: 'ahus-2023-000042',
  kind: 'forensic-tud' as const,
  profile: 'ahus',
  careTeam,
};
/** A forensic patient admitted in 2021, discharged to TUD 2023-06-15, plan last updated 2025-09-01. */
const tudFacts = [
  { kind: 'admission', hasMunicipalServices: true, at: '2021-03-10T10:00:00+01:00' },
  { kind: 'dischargeProcessStarted', at: '2022-11-01T10:00:00+01:00' },
  { kind: 'dischargedToTud', at: '2023-06-15T10:00:00+02:00' },
  { kind: 'meetingHeld', meeting: 'collaboration', at: '2026-10-01T10:00:00+02:00' },
  { kind: 'ermReported', at: '2026-11-20T10:00:00+01:00' },
  { kind: 'planUpdated', plan: 'protection', at: '2025-09-01T10:00:00+02:00' },
];

function rejected(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EventRejected);
    return (err as Error).message;
  }
  throw new Error('expected a rejection');
}

describe('adopting a forensic TUD course discharged in 2023 (domain §9.6)', () => {
  const adopted = adoptCourse({ start, facts: tudFacts, by: 'admin-1' }, now);
  const s = adopted.state;

  it('is in TUD, started at its admission, every fact in the audit trail as adopted by the admin', () => {
    expect(s.phase).toBe('tud');
    expect(s.startedAt).toBe('2021-03-10T09:00:00.000Z');
    const given = s.events.filter((e) => e.kind !== 'override' && e.kind !== 'dischargeReady');
    expect(given.map((e) => e.kind)).toEqual([
      'admission',
      'dischargeProcessStarted',
      'dischargedToTud',
      'planUpdated',
      'meetingHeld',
      'ermReported',
    ]);
    for (const e of s.events) {
      expect(e.adopted).toBe(true);
      expect(e.by).toBe('admin-1');
      expect(e.recordedAt).toBe(now);
    }
  });

  it('counts the next plan update from the last one: due 2026-09-01, overdue, listed once', () => {
    expect(s.obligations.filter((o) => o.rule === 'TUD-PLAN').map((o) => o.dueAt)).toEqual([
      '2026-09-01T08:00:00.000Z',
    ]);
    expect(adopted.overdue.filter((o) => o.rule === 'TUD-PLAN')).toEqual([
      { obligation: 'TUD-PLAN#2', rule: 'TUD-PLAN', dueAt: '2026-09-01T08:00:00.000Z', who: ['responsibleClinician'] },
    ]);
    expect(courseView(s, now).overdueAtAdoption).toEqual(adopted.overdue);
  });

  it('does not restart the first-six-months regime: the next meeting is six months after the last', () => {
    expect(s.obligations.filter((o) => o.rule === 'TUD-MEETING').map((o) => o.dueAt)).toEqual([
      '2027-04-01T08:00:00.000Z',
    ]);
    expect(s.obligations.some((o) => o.rule === 'TUD-DIALOGUE')).toBe(false);
    // The messages at the 2023 discharge belong to the past.
    expect(s.obligations.some((o) => o.rule === 'DIS-LEAVE')).toBe(false);
    expect(adopted.overdue.map((o) => o.rule)).toEqual(['TUD-PLAN']);
  });

  it('sends one summary to the responsible clinician and no old reminder', () => {
    expect(adopted.effects).toEqual<Reminder[]>([
      {
        businessKey: 'ahus-2023-000042/adoption/adopted/responsibleClinician',
        courseRef: 'ahus-2023-000042',
        rule: 'TUD-PLAN',
        kind: 'adopted',
        role: 'responsibleClinician',
        recipient: careTeam.responsibleClinician!.mailbox,
        profile: 'ahus',
        overdue: [{ obligation: 'TUD-PLAN#2', rule: 'TUD-PLAN', dueAt: '2026-09-01T08:00:00.000Z' }],
      },
    ]);
    // Letting time pass to now sends nothing more: every past instant is marked as sent.
    expect(advance(s, now).effects).toEqual([]);
    const plan = s.obligations.find((o) => o.rule === 'TUD-PLAN')!;
    // Its heads-up and deadline reminder are past (the summary told them); it escalates as usual
    // from then on: the profile's delay (24 h) after the adoption, not at once and not never.
    expect(plan.sent).toEqual(['headsUp', 'due']);
    expect(plan.escalateFrom).toBe(now);
    const escalation = new Date(Date.parse(now) + 24 * 3_600_000).toISOString();
    expect(advance(s, new Date(Date.parse(escalation) - 1).toISOString()).effects).toEqual([]);
    expect(advance(s, escalation).effects.map((r) => [r.rule, r.kind, r.role])).toEqual([
      ['TUD-PLAN', 'escalation', 'responsibleClinician'],
    ]);
    // What the course wakes up for next lies ahead.
    expect(nextWakeUp(s)! > now).toBe(true);
  });

  it('leaves no past instant unsent on any open obligation', () => {
    const later = advance(s, now);
    expect(later.effects).toEqual([]);
    for (const o of s.obligations) {
      if (o.dueAt && o.dueAt <= now) expect(o.sent).toContain('due');
    }
  });
});

describe('facts that cannot be', () => {
  it('refuses a discharge before the admission, naming both, and starts nothing', () => {
    const message = rejected(() =>
      adoptCourse(
        {
          start,
          facts: [
            { kind: 'admission', hasMunicipalServices: true, at: '2023-07-01T10:00:00+02:00' },
            { kind: 'dischargedToTud', at: '2023-06-15T10:00:00+02:00' },
          ],
        },
        now,
      ),
    );
    expect(message).toContain('fact 2 (dischargedToTud at Thursday 15 June 2023 10:00');
    expect(message).toContain('fact 1 (admission at Saturday 1 July 2023 10:00');
  });

  it('refuses a readmission before the discharge to TUD, naming both', () => {
    const message = rejected(() =>
      adoptCourse(
        {
          start,
          facts: [
            { kind: 'admission', hasMunicipalServices: true, at: '2021-03-10T10:00:00+01:00' },
            { kind: 'dischargedToTud', at: '2023-06-15T10:00:00+02:00' },
            { kind: 'admission', hasMunicipalServices: true, at: '2022-01-10T10:00:00+01:00' },
          ],
        },
        now,
      ),
    );
    expect(message).toMatch(/^fact 3 \(admission at .*2022.*\) cannot follow fact 1 \(admission at .*2021/);
  });

  it('refuses anything in the future', () => {
    const message = rejected(() =>
      adoptCourse(
        {
          start,
          facts: [
            { kind: 'admission', hasMunicipalServices: true, at: '2021-03-10T10:00:00+01:00' },
            { kind: 'planUpdated', plan: 'protection', at: '2026-12-24T10:00:00+01:00' },
          ],
        },
        now,
      ),
    );
    expect(message).toMatch(/^fact 2 \(planUpdated at .*\) is in the future/);
  });

  it('refuses a fact without a date', () => {
    expect(
      rejected(() => adoptCourse({ start, facts: [{ kind: 'admission', hasMunicipalServices: true }] }, now)),
    ).toContain("fact 1 (admission): 'at'");
  });
});

describe('other kinds', () => {
  it('a long-term course from three years back: what is overdue, one summary per role', () => {
    const adopted = adoptCourse(
      {
        start: { ...start, courseRef: 'ahus-2023-000043', kind: 'long-term-coordinated' },
        facts: [
          { kind: 'courseStarted', formerCompulsoryCare: true, at: '2023-12-01T10:00:00+01:00' },
          { kind: 'taskDone', rule: 'LT-SOMATIC', at: '2025-06-01T10:00:00+02:00' },
        ],
      },
      now,
    );
    expect(adopted.state.phase).toBe('active');
    const somatic = adopted.overdue.filter((o) => o.rule === 'LT-SOMATIC');
    expect(somatic.map((o) => o.dueAt)).toEqual(['2026-06-01T08:00:00.000Z']);
    const roles = adopted.effects.map((e) => e.role);
    expect(new Set(roles).size).toBe(roles.length);
    for (const e of adopted.effects) expect(e.overdue!.length).toBeGreaterThan(0);
    expect(advance(adopted.state, now).effects).toEqual([]);
  });

  it('a stay half-way: the duties of the current stay stay open', () => {
    const adopted = adoptCourse(
      {
        start: { ...start, courseRef: 'ahus-2026-000044', kind: 'admission-discharge' },
        facts: [{ kind: 'admission', hasMunicipalServices: true, at: '2026-11-20T10:00:00+01:00' }],
      },
      now,
    );
    expect(adopted.state.phase).toBe('admitted');
    expect(adopted.overdue.map((o) => o.rule)).toContain('ADM-NOTICE');
    expect(advance(adopted.state, now).effects).toEqual([]);
  });
});
