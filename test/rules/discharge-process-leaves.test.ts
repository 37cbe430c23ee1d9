// DIS-EMERGENCY and DIS-LEAVE-FEEDBACK (domain.md §4.3, §9.7): the leaves of the forensic discharge
// process after the first-leave gate: the out-of-hours clinic told before every leave and the
// discharge, and the municipality's feedback after each leave. Instants are worked out in Oslo time
// (see test/helpers/engine.ts).
import { openObligations } from '../../domain';
import { beforeFirstLeave, clinicInformed, dischargeProcess } from '../helpers/forensic';
import { firedFor, forensicAtTud, forensicInProcess, HOUR, mail, MIN, REF, runUntil, TUD_AT } from '../helpers/engine';

describe('DIS-EMERGENCY', () => {
  const EVERY_LEAVE = 'Gate before every leave not met; missing: DIS-EMERGENCY (clinic informed).';

  it('a gate before every leave (the first included), without a deadline or reminders (domain §9.7)', () => {
    const c = forensicInProcess().recAll(beforeFirstLeave);
    expect(c.open('DIS-EMERGENCY').map((o) => [o.key, o.dueAt])).toEqual([['DIS-EMERGENCY#1', undefined]]);
    expect(openObligations(c.s, c.now).find((o) => o.rule === 'DIS-EMERGENCY')?.dueOslo).toBe(
      'before every leave / the discharge',
    );
    expect(firedFor(runUntil(c.s, '2026-06-01T00:00:00.000Z').fired, 'DIS-EMERGENCY')).toEqual([]);
    expect(c.reject({ kind: 'leaveStarted' })).toBe(`${EVERY_LEAVE} An admin may override with a reason.`);
    c.rec(clinicInformed);
    expect(c.closed('DIS-EMERGENCY').map((x) => x.outcome)).toEqual(['done']);
    c.wait(MIN).rec({ kind: 'leaveStarted' });
    // Each leave that ends opens the next occurrence: the clinic is told again before the next leave.
    c.wait(HOUR).rec({ kind: 'leaveEnded' });
    expect(c.open('DIS-EMERGENCY').map((o) => o.key)).toEqual(['DIS-EMERGENCY#2']);
    expect(c.wait(HOUR).reject({ kind: 'leaveStarted' })).toBe(`${EVERY_LEAVE} An admin may override with a reason.`);
    c.rec(clinicInformed);
    c.wait(MIN).rec({ kind: 'leaveStarted' });
    expect(c.s.flags.leaves).toBe(2);
  });

  it('the clinic informed during a leave counts for the next one (done before, domain §9.7)', () => {
    const c = forensicInProcess().recAll([...beforeFirstLeave, clinicInformed, { kind: 'leaveStarted' }]);
    c.rec(clinicInformed);
    const ended = c.wait(HOUR).rec({ kind: 'leaveEnded' });
    expect(c.closed('DIS-EMERGENCY').map((x) => [x.key, x.outcome, x.eventSeq])).toEqual([
      ['DIS-EMERGENCY#1', 'done', ended.event.seq - 3],
      ['DIS-EMERGENCY#2', 'doneBefore', ended.event.seq],
    ]);
  });

  it('blocks the discharge to TUD until the clinic is informed after the last leave; nothing stays open in TUD', () => {
    const c = forensicInProcess();
    const steps = dischargeProcess.slice(1);
    c.recAll(steps.filter((_, i) => i !== steps.lastIndexOf(clinicInformed)));
    expect(c.reject({ kind: 'dischargedToTud' })).toBe(
      'Gate before the discharge not met; missing: DIS-EMERGENCY (clinic informed). ' +
        'An admin may override with a reason.',
    );
    c.rec(clinicInformed);
    c.wait(MIN).rec({ kind: 'dischargedToTud' });
    expect(c.s.phase).toBe('tud');
    expect(forensicAtTud(TUD_AT).open('DIS-EMERGENCY')).toEqual([]);
  });
});

describe('DIS-LEAVE-FEEDBACK', () => {
  it('opens when a leave ends: feedback due 24 h later from the municipal coordinator', () => {
    const c = forensicInProcess().recAll([...beforeFirstLeave, clinicInformed]);
    c.rec({ kind: 'leaveStarted' });
    const d = c.at('2026-01-10T18:00:00.000Z').rec({ kind: 'leaveEnded' });
    expect(d.effects).toEqual([]);
    expect(c.due('DIS-LEAVE-FEEDBACK')).toEqual(['2026-01-11T18:00:00.000Z']);
    expect(
      firedFor(runUntil(c.s, '2026-01-11T18:00:00.000Z').fired, 'DIS-LEAVE-FEEDBACK').map((f) => [
        f.r.kind,
        f.r.role,
        f.at,
      ]),
    ).toEqual([
      ['headsUp', 'municipalCoordinator', '2026-01-11T14:00:00.000Z'],
      ['due', 'municipalCoordinator', '2026-01-11T18:00:00.000Z'],
    ]);
    c.wait(HOUR).rec({ kind: 'messageSent', message: 'leaveFeedback' });
    expect(c.closed('DIS-LEAVE-FEEDBACK').map((x) => x.outcome)).toEqual(['done']);
  });

  it('a breach of leave conditions alerts the responsible clinician at once', () => {
    const c = forensicInProcess().recAll([...beforeFirstLeave, clinicInformed]);
    c.rec({ kind: 'leaveStarted' });
    const d = c.wait(HOUR).rec({ kind: 'leaveEnded', breach: true });
    expect(d.effects).toEqual([
      {
        businessKey: `${REF}/DIS-LEAVE-FEEDBACK/event-${d.event.seq}/alert/responsibleClinician`,
        courseRef: REF,
        rule: 'DIS-LEAVE-FEEDBACK',
        kind: 'alert',
        role: 'responsibleClinician',
        recipient: mail('responsibleClinician'),
        profile: 'ahus',
      },
    ]);
    expect(c.open('DIS-LEAVE-FEEDBACK')).toHaveLength(1);
  });
});
