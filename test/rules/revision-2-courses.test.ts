// Revision 2 of the rules (docs/spec/domain.md §9), item by item: each test names its item, quotes
// the agreement's sentence and asserts exact instants. Instants are worked out in Oslo time
// (CET = UTC+1, CEST = UTC+2 from Sun 29 March 2026; Easter 2026: Maundy Thursday 2 April, Easter
// Monday 6 April).
// This file: the rolling rules, stays inside long courses, done-before, the discharge process, death
// and violence risk (§9.4, §9.5, §9.7, §9.9, §9.10); the rest of §9 is in revision-2-messages.test.ts.
import { catalogue, type RecordedEvent } from '../../domain';
import { Course, DAY, forensicAtTud, HOUR, MIN, runUntil, TUD_AT, firedFor } from '../helpers/engine';
import { careTeam } from '../helpers/fixtures';
import { clinicInformed } from '../helpers/forensic';
import { notice } from '../helpers/revision-2';

const lastEventAt = (c: Course, match: (e: RecordedEvent) => boolean) => c.s.events.filter(match).at(-1)!.at;
const finalPlan = (e: RecordedEvent) => e.kind === 'planUpdated' && e.plan === 'protection';
/** Same Oslo wall-clock time a year later; between March 2026 and March 2027 the offset is the same. */
const aYearLater = (iso: string) => `${Number(iso.slice(0, 4)) + 1}${iso.slice(4)}`;

describe('§9.4 "at least every N" is rolling, counted from the last time it was done', () => {
  it('«Samfunnsvernplanen skal oppdateres minimum årlig»: TUD-PLAN 12 months after the final plan, then after an early update', () => {
    const c = forensicAtTud(TUD_AT);
    const final = lastEventAt(c, finalPlan);
    expect(c.due('TUD-PLAN')).toEqual([aYearLater(final)]);
    // Updated early on Tue 1 September 2026 12:00 CEST: next due Wed 1 September 2027 12:00 CEST.
    c.at('2026-09-01T10:00:00.000Z').rec({ kind: 'planUpdated', plan: 'protection' });
    expect(c.due('TUD-PLAN')).toEqual(['2027-09-01T10:00:00.000Z']);
  });

  it('«hver sjette måned, med minst to møter første halvår etter utskrivelse fra døgn»: TUD-MEETING', () => {
    // Discharged to TUD Tue 10 March 2026 12:00 CET: the first due at three months (a local default),
    // the second at six (both 12:00 CEST).
    const c = forensicAtTud(TUD_AT);
    expect(c.due('TUD-MEETING')).toEqual(['2026-06-10T10:00:00.000Z', '2026-09-10T10:00:00.000Z']);
    c.at('2026-05-01T10:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'responsibilityGroup' });
    c.at('2026-08-01T10:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'responsibilityGroup' });
    // Six months after the last meeting: Mon 1 February 2027 12:00 CET.
    expect(c.due('TUD-MEETING')).toEqual(['2027-02-01T11:00:00.000Z']);
  });

  it("«Dialogen kan foregå per telefon, digitale eller fysiske møter»: a meeting counts as the month's dialogue", () => {
    const c = forensicAtTud(TUD_AT);
    expect(c.due('TUD-DIALOGUE')).toEqual(['2026-04-10T10:00:00.000Z']);
    c.at('2026-04-01T10:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'collaboration' });
    expect(c.due('TUD-DIALOGUE')).toEqual(['2026-05-01T10:00:00.000Z']);
  });
});

describe('§9.5 admissions inside long courses', () => {
  it('«Brudd eller forverring kan føre til tiltak og/eller innleggelse»: readmitted from TUD and back on a new transfer decision', () => {
    const c = forensicAtTud(TUD_AT);
    const plan = c.due('TUD-PLAN');
    c.at('2026-06-01T10:00:00.000Z').rec({ kind: 'admission', hasMunicipalServices: true });
    expect(c.s.phase).toBe('admitted');
    // Follow-up outside the ward pauses; the plan and the meetings keep running.
    for (const id of ['TUD-DIALOGUE', 'TUD-ERM']) expect(c.open(id)).toEqual([]);
    expect(c.due('TUD-PLAN')).toEqual(plan);
    expect(c.open('TUD-MEETING')).toHaveLength(2);
    expect(c.open('ADM-NOTICE')).toHaveLength(1);
    // «Påtalemyndighet … skal godkjenne overføringsvedtak»: the way back is gated like the first.
    expect(c.wait(DAY).reject({ kind: 'dischargedToTud' })).toMatch(
      /DIS-EMERGENCY.*DIS-PROSECUTOR|DIS-PROSECUTOR.*DIS-EMERGENCY/,
    );
    c.at('2026-06-15T10:00:00.000Z').recAll([
      clinicInformed,
      { kind: 'planUpdated', plan: 'protection', final: true },
      { kind: 'patientSigned' },
      { kind: 'prosecutorApproved' },
    ]);
    c.at('2026-06-15T10:10:00.000Z').rec({ kind: 'dischargedToTud' });
    expect(c.s.phase).toBe('tud');
    // The first-half-year regime starts again: meetings at three and six months (Mon 15 June
    // 12:10 CEST → Tue 15 September 12:10 CEST and Tue 15 December 12:10 CET), dialogue monthly.
    expect(c.due('TUD-MEETING')).toEqual(['2026-09-15T10:10:00.000Z', '2026-12-15T11:10:00.000Z']);
    expect(c.due('TUD-DIALOGUE')).toEqual(['2026-07-15T10:10:00.000Z']);
    // The protection plan made final in the stay restarts its year (rolling, §9.4).
    expect(c.due('TUD-PLAN')).toEqual([aYearLater('2026-06-15T10:01:00.000Z')]);
  });

  it('a long-term course has stays of its own: admission duties in, risk mapped again after the discharge', () => {
    const c = Course.start('long-term-coordinated', 'unn', '2026-03-02T08:00:00.000Z');
    c.wait(DAY).rec({ kind: 'riskAssessed' });
    c.at('2026-04-01T08:00:00.000Z').rec({ kind: 'admission', hasMunicipalServices: true });
    expect(c.s.phase).toBe('admitted');
    expect(c.due('ADM-NOTICE')).toEqual(['2026-04-02T08:00:00.000Z']);
    c.wait(DAY).recAll([
      { kind: 'meetingHeld', meeting: 'collaboration' },
      { kind: 'dischargeReady' },
      { kind: 'messageSent', message: 'healthInformation' },
      { kind: 'messageSent', message: 'dischargeReadyNotice' },
      { kind: 'answerReceived' },
    ]);
    c.at('2026-04-03T08:00:00.000Z').rec({ kind: 'discharged' });
    expect(c.s.phase).toBe('active');
    expect(c.open('LT-RISK').map((o) => o.openedAt)).toEqual(['2026-04-03T08:00:00.000Z']);
  });
});

describe('§9.7 done before counts', () => {
  it('UNN «Kommunen kan sende innleggelsesrapport før mottatt melding om innlagt pasient»: opens closed, nobody reminded', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-03-02T08:00:00.000Z');
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'admissionReport' });
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'admissionNotice' });
    expect(c.open('ADM-REPORT')).toEqual([]);
    expect(c.closed('ADM-REPORT').map((x) => [x.outcome, x.closedAt])).toEqual([
      ['doneBefore', '2026-03-02T10:00:00.000Z'],
    ]);
    const { fired } = runUntil(c.s, '2026-03-10T00:00:00.000Z');
    expect(firedFor(fired, 'ADM-REPORT')).toEqual([]);
  });

  it('HNT «utreiseklar når … e) Utskrivingsrapport til kommunen er sendt»: the report before the patient leaves', () => {
    const c = notice('hnt', '2026-03-04T09:00:00.000Z');
    expect(c.wait(HOUR).reject({ kind: 'discharged' })).toBe(
      'Gate before the discharge not met; missing: DIS-LEAVE (discharge report sent). An admin may override with a reason.',
    );
    c.rec({ kind: 'messageSent', message: 'dischargeReport' });
    c.wait(HOUR).rec({ kind: 'discharged' });
    // The report sent before counts; the summary and the discharged notice follow the departure.
    expect(c.open('DIS-LEAVE').map((o) => o.steps.filter((st) => st.doneAt).map((st) => st.id))).toEqual([['report']]);
  });

  it('«Legevakt skal være informert ved permisjoner/utskrivelse»: before every leave, not only the first', () => {
    const c = forensicAtTud(TUD_AT);
    expect(c.closed('DIS-EMERGENCY').map((x) => x.outcome)).toEqual(['done', 'done']);
    // The clinic told before the first leave (at the step) and again before the discharge.
    expect(c.open('DIS-EMERGENCY')).toEqual([]);
  });
});

describe('§9.9 discharge process, all kinds', () => {
  it('«Spørsmål om videreføring av tvangsmidler skal avklares med kommune før utskrivelse»: a gate, no deadline, no reminder', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-03-02T08:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, coercion: true },
    });
    expect(c.open('DIS-COERCION').map((o) => o.dueAt)).toEqual([undefined]);
    c.wait(DAY).rec({ kind: 'coercionEnded' });
    expect(c.wait(HOUR).reject({ kind: 'dischargeReady' })).toMatch(/DIS-COERCION \(continued coercive means/);
    c.rec({ kind: 'taskDone', rule: 'DIS-COERCION' });
    c.wait(HOUR).rec({ kind: 'dischargeReady' });
    const { fired } = runUntil(c.s, '2026-04-01T00:00:00.000Z');
    expect(firedFor(fired, 'DIS-COERCION')).toEqual([]);
  });

  it('UNN «skal UNN før pasienten er utskrivningsklar, innkalle til samarbeidsmøte»; the summary to the municipality', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-03-02T08:00:00.000Z');
    expect(c.wait(DAY).reject({ kind: 'dischargeReady' })).toMatch(/DIS-MEETING \(meeting held\)/);
    c.at('2026-03-04T09:00:00.000Z').rec({ kind: 'meetingHeld', meeting: 'collaboration' });
    c.wait(HOUR).rec({ kind: 'dischargeReady' });
    // «så raskt som mulig»: the profile default meetingSummary, two days.
    expect(c.due('DIS-MEETING-SUMMARY')).toEqual(['2026-03-06T09:00:00.000Z']);
  });

  it('HNT «ved behov, og før pasienten er utskrivningsklar»: once the need is recorded, with the outpatient unit contacted', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-03-02T08:00:00.000Z');
    c.wait(DAY).rec({ kind: 'meetingNeeded', outpatientFollowUp: true });
    c.wait(DAY).rec({ kind: 'meetingHeld', meeting: 'collaboration' });
    expect(c.wait(HOUR).reject({ kind: 'dischargeReady' })).toMatch(/DIS-MEETING \(outpatient or ambulant/);
    c.rec({ kind: 'taskDone', rule: 'DIS-MEETING' });
    c.wait(HOUR).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });

  it('DIS-WAITING: the payment regulation is only referred to, so nothing calls the days billable', () => {
    const waiting = catalogue.find((r) => r.id === 'DIS-WAITING')!;
    expect(JSON.stringify(waiting)).not.toMatch(/billable|fakturer|betal/i);
  });
});

describe('§9.10 death, protection-plan changes, violence risk', () => {
  it("HNT «Ved dødsfall skal kommunen informeres umiddelbart»: during a stay the ward's notice; the course ends when it is sent", () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-03-02T08:00:00.000Z');
    const d = c.at('2026-03-03T08:00:00.000Z').rec({ kind: 'death' });
    // The whole care team is alerted at once.
    expect(d.effects.map((r) => r.role).sort()).toEqual(Object.keys(careTeam).sort());
    expect(c.s.obligations.map((o) => [o.rule, o.dueAt])).toEqual([['ADM-DEATH', '2026-03-03T09:00:00.000Z']]);
    expect(c.wait(MIN).reject({ kind: 'messageSent', message: 'admissionNotice' })).toMatch(/has died/);
    c.wait(MIN).rec({ kind: 'messageSent', message: 'deathNotice' });
    expect(c.s.phase).toBe('ended');
  });

  it('a death outside a stay ends the course at once', () => {
    const c = forensicAtTud(TUD_AT);
    c.wait(DAY).rec({ kind: 'death' });
    expect(c.s.phase).toBe('ended');
    expect(c.s.obligations).toEqual([]);
  });

  it('«Andre aktuelle samarbeidspartnere … skal informeres ved endringer»: TUD-PLAN-INFORM after each update in TUD', () => {
    const c = forensicAtTud(TUD_AT);
    c.at('2026-09-01T10:00:00.000Z').rec({ kind: 'planUpdated', plan: 'protection' });
    // The profile default planChangesShared, seven days.
    expect(c.due('TUD-PLAN-INFORM')).toEqual(['2026-09-08T10:00:00.000Z']);
  });

  it('«Ved antatt forhøyet voldrisiko skal kommunen samarbeide … om … en voldsrisikohåndteringsplan»: LT-RISKPLAN', () => {
    const c = Course.start('long-term-coordinated', 'hnt', '2026-03-02T08:00:00.000Z');
    c.at('2026-03-10T08:00:00.000Z').rec({ kind: 'riskAssessed', elevatedViolenceRisk: true });
    expect(c.closed('LT-RISK').map((x) => x.outcome)).toEqual(['done']);
    // The profile default riskPlan, 30 days: Tue 10 March 09:00 CET → Thu 9 April 09:00 CEST.
    expect(c.due('LT-RISKPLAN')).toEqual(['2026-04-09T07:00:00.000Z']);
  });
});
