// ADM-NOTICE … ADM-GP (domain.md §4.1, §9.1, §9.5, §9.8): the hospital's messages owed on
// admission, each asserted with the instant it falls due and the reminders it sends. The
// municipality's admission report is in admission-report.test.ts. Instants are worked out in Oslo
// time (see test/helpers/engine.ts).

import { courseView } from '../../domain';
import { Course, firedFor, HOUR, mail, manager, MIN, REF, runUntil, table } from '../helpers/engine';

/** Everything a reminder may carry (domain §7): references, the rule, who, and when; nothing about the patient. */
const REMINDER_FIELDS = [
  'businessKey',
  'courseRef',
  'rule',
  'kind',
  'role',
  'recipient',
  'profile',
  'dueAt',
  'openedAt',
  'obligation',
];

describe('ADM-NOTICE', () => {
  const T0 = '2026-01-05T09:00:00.000Z'; // Mon 5 Jan 2026 10:00 CET

  it('opens on admission of a patient with municipal services: due 24 h later (Ahus), heads-up 4 h before, escalation 24 h after, to the ward', () => {
    const c = Course.start('admission-discharge', 'ahus', T0);
    expect(c.due('ADM-NOTICE')).toEqual(['2026-01-06T09:00:00.000Z']);
    const { fired } = runUntil(c.s, '2026-01-10T00:00:00.000Z');
    expect(table(fired, 'ADM-NOTICE')).toEqual([
      ['headsUp', 'ward', mail('ward'), '2026-01-06T05:00:00.000Z', '2026-01-06T09:00:00.000Z'],
      ['due', 'ward', mail('ward'), '2026-01-06T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
      ['escalation', 'ward', manager('ward'), '2026-01-07T09:00:00.000Z', '2026-01-06T09:00:00.000Z'],
    ]);
    // Each reminder is keyed course + obligation + kind + role and carries no patient data (domain §7).
    const due = firedFor(fired, 'ADM-NOTICE', 'due')[0]!.r;
    expect(due).toMatchObject({
      businessKey: `${REF}/ADM-NOTICE#1/due/ward`,
      courseRef: REF,
      rule: 'ADM-NOTICE',
      kind: 'due',
      role: 'ward',
      recipient: mail('ward'),
      profile: 'ahus',
      dueAt: '2026-01-06T09:00:00.000Z',
      obligation: 'ADM-NOTICE#1',
    });
    expect(Object.keys(due).filter((k) => !REMINDER_FIELDS.includes(k))).toEqual([]);
  });

  it('is not opened for a patient without municipal services', () => {
    const c = Course.start('admission-discharge', 'ahus', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false },
    });
    expect(c.open('ADM-NOTICE')).toEqual([]);
  });

  it('is closed by the admission notice: no reminders after, the view counts it no longer', () => {
    const c = Course.start('forensic-tud', 'ahus', T0);
    expect(
      courseView(c.s, '2026-01-06T10:00:00.000Z').openObligations.find((o) => o.rule === 'ADM-NOTICE')?.overdue,
    ).toBe(true);
    c.at('2026-01-05T12:00:00.000Z').rec({ kind: 'messageSent', message: 'admissionNotice' });
    expect(c.open('ADM-NOTICE')).toEqual([]);
    expect(c.closed('ADM-NOTICE')).toEqual([
      {
        key: 'ADM-NOTICE#1',
        rule: 'ADM-NOTICE',
        openedAt: T0,
        dueAt: '2026-01-06T09:00:00.000Z',
        closedAt: '2026-01-05T12:00:00.000Z',
        outcome: 'done',
        eventSeq: 2,
      },
    ]);
    expect(firedFor(runUntil(c.s, '2026-01-10T00:00:00.000Z').fired, 'ADM-NOTICE')).toEqual([]);
  });
});

describe('ADM-HEALTHINFO', () => {
  const T0 = '2026-01-05T09:00:00.000Z';

  it('opens on admission without services but with an assessed need: due 24 h later', () => {
    const c = Course.start('admission-discharge', 'unn', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, needsMunicipalServices: true },
    });
    expect(c.due('ADM-HEALTHINFO')).toEqual(['2026-01-06T09:00:00.000Z']);
    expect(c.open('ADM-NOTICE')).toEqual([]);
  });

  it('opens when the need is found during the stay: due 24 h after that', () => {
    const c = Course.start('admission-discharge', 'unn', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false },
    });
    expect(c.open('ADM-HEALTHINFO')).toEqual([]);
    c.at('2026-01-07T11:30:00.000Z').rec({ kind: 'servicesNeedFound' });
    expect(c.due('ADM-HEALTHINFO')).toEqual(['2026-01-08T11:30:00.000Z']);
    const { fired } = runUntil(c.s, '2026-01-09T00:00:00.000Z');
    expect(table(fired, 'ADM-HEALTHINFO').map((r) => [r[0], r[3]])).toEqual([
      ['headsUp', '2026-01-08T07:30:00.000Z'],
      ['due', '2026-01-08T11:30:00.000Z'],
    ]);
  });

  it('also for a patient who has services when the needs change (domain §9.8)', () => {
    const c = Course.start('admission-discharge', 'unn', T0); // has municipal services
    expect(c.open('ADM-HEALTHINFO')).toEqual([]);
    c.at('2026-01-06T15:00:00.000Z').rec({ kind: 'servicesNeedFound' });
    expect(c.due('ADM-HEALTHINFO')).toEqual(['2026-01-07T15:00:00.000Z']);
  });

  it('is closed by health information sent', () => {
    const c = Course.start('admission-discharge', 'unn', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, needsMunicipalServices: true },
    });
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'healthInformation' });
    expect(c.closed('ADM-HEALTHINFO').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('ADM-STATUS', () => {
  it('24 h is elapsed time across the spring-forward night: admitted Sat 28 Mar 12:00 CET → due Sun 29 Mar 13:00 CEST', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-03-28T11:00:00.000Z');
    expect(c.due('ADM-STATUS')).toEqual(['2026-03-29T11:00:00.000Z']);
  });

  it('24 h is elapsed time across the fall-back night: admitted Sat 24 Oct 12:00 CEST → due Sun 25 Oct 11:00 CET', () => {
    const c = Course.start('forensic-tud', 'hnt', '2026-10-24T10:00:00.000Z');
    expect(c.due('ADM-STATUS')).toEqual(['2026-10-25T10:00:00.000Z']);
  });

  it('HNT only (domain §9.1): not under UNN or Ahus', () => {
    expect(Course.start('admission-discharge', 'unn', '2026-01-05T09:00:00.000Z').open('ADM-STATUS')).toEqual([]);
    expect(Course.start('forensic-tud', 'ahus', '2026-01-05T09:00:00.000Z').open('ADM-STATUS')).toEqual([]);
  });

  it('one message, not two reminders: where health information is owed, it carries the status (domain §9.8)', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-01-05T09:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, needsMunicipalServices: true },
    });
    expect([c.open('ADM-HEALTHINFO').length, c.open('ADM-STATUS').length]).toEqual([1, 0]);
    // A patient with services gets the status; a health-information message meets it too.
    const h = Course.start('admission-discharge', 'hnt', '2026-01-05T09:00:00.000Z');
    h.wait(HOUR).rec({ kind: 'messageSent', message: 'healthInformation' });
    expect(h.closed('ADM-STATUS').map((x) => x.outcome)).toEqual(['done']);
  });

  it('an assessment not possible within 24 h moves the deadline to the profile default (72 h after admission)', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-01-05T09:00:00.000Z'); // Mon 10:00 CET
    c.at('2026-01-05T15:00:00.000Z').rec({ kind: 'assessmentDeferred' });
    expect(c.due('ADM-STATUS')).toEqual(['2026-01-08T09:00:00.000Z']); // Thu 8 Jan 10:00 CET
  });

  it('is closed by status information; a long-term course owes it only once admitted (domain §9.5)', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-01-05T09:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'statusInformation' });
    expect(c.open('ADM-STATUS')).toEqual([]);
    expect(c.closed('ADM-STATUS').map((x) => x.outcome)).toEqual(['done']);
    const lt = Course.start('long-term-coordinated', 'hnt', '2026-01-05T09:00:00.000Z');
    expect(lt.s.obligations.filter((o) => o.rule.startsWith('ADM-'))).toEqual([]);
    lt.at('2026-02-02T09:00:00.000Z').rec({ kind: 'admission', hasMunicipalServices: true });
    expect(lt.due('ADM-STATUS')).toEqual(['2026-02-03T09:00:00.000Z']);
  });
});

describe('ADM-GP', () => {
  it('opens on a forensic admission only: due after the profile default (24 h), to the responsible clinician', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-05T09:00:00.000Z');
    expect(c.due('ADM-GP')).toEqual(['2026-01-06T09:00:00.000Z']);
    expect(table(runUntil(c.s, '2026-01-06T09:00:00.000Z').fired, 'ADM-GP')).toEqual([
      [
        'headsUp',
        'responsibleClinician',
        mail('responsibleClinician'),
        '2026-01-06T05:00:00.000Z',
        '2026-01-06T09:00:00.000Z',
      ],
      [
        'due',
        'responsibleClinician',
        mail('responsibleClinician'),
        '2026-01-06T09:00:00.000Z',
        '2026-01-06T09:00:00.000Z',
      ],
    ]);
    expect(Course.start('admission-discharge', 'ahus', '2026-01-05T09:00:00.000Z').open('ADM-GP')).toEqual([]);
  });

  it('is closed by the dialogue message to the GP', () => {
    const c = Course.start('forensic-tud', 'ahus', '2026-01-05T09:00:00.000Z');
    c.wait(MIN).rec({ kind: 'messageSent', message: 'gpDialogue' });
    expect(c.closed('ADM-GP').map((x) => x.outcome)).toEqual(['done']);
  });
});
