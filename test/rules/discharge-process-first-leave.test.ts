// DIS-PLAN-START … DIS-SHADOWING (domain.md §4.3): the forensic discharge process's gate before the
// first leave, and the override that passes it once. Instants are worked out in Oslo time (see
// test/helpers/engine.ts).
import { gateMissing } from '../../domain';
import { beforeFirstLeave, clinicInformed, type Ev } from '../helpers/forensic';
import { firedFor, forensicInProcess, MIN, runUntil } from '../helpers/engine';

const FIRST_LEAVE_ALL_MISSING =
  'Gate before the first leave not met; missing: DIS-PLAN-START (protection plan drafted); ' +
  'DIS-PROGRESSION (progression plan approved); DIS-SERVICES (services in place); ' +
  'DIS-ERM-TRAINING (ERM transfer meeting held, municipal staff trained in ERM); DIS-SHADOWING (job shadowing discussed). ' +
  'An admin may override with a reason.';

/** Every first-leave step but the ones matching `skip`, then the first leave must name exactly `missing`. */
function firstLeaveMissing(skip: (e: Ev) => boolean): string {
  const c = forensicInProcess();
  c.recAll(beforeFirstLeave.filter((e) => !skip(e)));
  return c.reject({ kind: 'leaveStarted' });
}

describe('DIS-PLAN-START', () => {
  it('opens with the discharge process (due 60 days later) and blocks the first leave, naming every missing step', () => {
    const c = forensicInProcess();
    expect(c.due('DIS-PLAN-START')).toEqual(['2026-03-07T10:00:00.000Z']); // 6 Jan + 60 days, 11:00 CET
    expect(c.reject({ kind: 'leaveStarted' })).toBe(FIRST_LEAVE_ALL_MISSING);
    expect(gateMissing(c.s, 'firstLeave')).toHaveLength(5);
    expect(firstLeaveMissing((e) => e.plan === 'protection')).toMatch(
      /missing: DIS-PLAN-START \(protection plan drafted\)\. An admin/,
    );
  });

  it('an override with a reason passes the gate once and is recorded; the obligations stay open', () => {
    const c = forensicInProcess();
    expect(c.reject({ kind: 'override', gate: 'firstLeave', reason: 'short' })).toMatch(/reason must say why/);
    const o = c.rec({
      kind: 'override',
      gate: 'firstLeave',
      reason: 'Leave agreed by the clinician and the municipality',
      by: 'admin-7',
    });
    expect(c.s.overrides).toEqual([
      {
        gate: 'firstLeave',
        reason: 'Leave agreed by the clinician and the municipality',
        by: 'admin-7',
        at: o.event.at,
        eventSeq: o.event.seq,
      },
    ]);
    expect(
      c.wait(MIN).reject({ kind: 'override', gate: 'firstLeave', reason: 'A second reason for the same gate' }),
    ).toMatch(/already recorded and not yet used/);
    // The override passes the first-leave gate only: every leave still needs the clinic informed (DIS-EMERGENCY).
    expect(c.reject({ kind: 'leaveStarted' })).toBe(
      'Gate before every leave not met; missing: DIS-EMERGENCY (clinic informed). An admin may override with a reason.',
    );
    c.rec(clinicInformed);
    const leave = c.wait(MIN).rec({ kind: 'leaveStarted' });
    expect(c.s.overrides[0]!.usedBySeq).toBe(leave.event.seq);
    expect(gateMissing(c.s, 'firstLeave')).toHaveLength(5);
    // Only the first leave needs the first-leave steps; the next one needs the clinic informed again.
    c.wait(MIN).rec({ kind: 'leaveEnded' });
    c.wait(MIN).rec(clinicInformed);
    c.wait(MIN).rec({ kind: 'leaveStarted' });
    expect(c.s.flags.leaves).toBe(2);
  });

  it('is closed by the protection plan drafted', () => {
    const c = forensicInProcess();
    c.rec({ kind: 'planUpdated', plan: 'protection' });
    expect(c.closed('DIS-PLAN-START').map((x) => x.outcome)).toEqual(['done']);
  });
});

describe('DIS-PROGRESSION', () => {
  it('blocks the first leave until the progression plan is approved; due 60 days after the process starts, to both parties', () => {
    const c = forensicInProcess();
    expect(c.due('DIS-PROGRESSION')).toEqual(['2026-03-07T10:00:00.000Z']);
    expect(firstLeaveMissing((e) => e.plan === 'progression')).toMatch(
      /missing: DIS-PROGRESSION \(progression plan approved\)\. An admin/,
    );
    const { fired } = runUntil(c.s, '2026-03-07T10:00:00.000Z');
    expect(firedFor(fired, 'DIS-PROGRESSION', 'headsUp').map((f) => [f.r.role, f.at])).toEqual([
      ['responsibleClinician', '2026-02-28T10:00:00.000Z'],
      ['municipalCoordinator', '2026-02-28T10:00:00.000Z'],
    ]);
    c.rec({ kind: 'planUpdated', plan: 'progression' });
    expect(c.open('DIS-PROGRESSION')).toEqual([]);
  });
});

describe('DIS-SERVICES', () => {
  it('blocks the first leave until municipal services are in place; closed by taskDone', () => {
    expect(firstLeaveMissing((e) => e.rule === 'DIS-SERVICES')).toMatch(
      /missing: DIS-SERVICES \(services in place\)\. An admin/,
    );
    const c = forensicInProcess();
    c.recAll(beforeFirstLeave);
    expect(c.closed('DIS-SERVICES').map((x) => x.outcome)).toEqual(['done']);
    expect(gateMissing(c.s, 'firstLeave')).toEqual([]);
    c.rec(clinicInformed);
    c.wait(MIN).rec({ kind: 'leaveStarted' });
    expect(c.s.flags.onLeave).toBe(true);
  });
});

describe('DIS-ERM-TRAINING', () => {
  it('needs the transfer meeting and the training; gates the first leave and the discharge', () => {
    expect(firstLeaveMissing((e) => e.rule === 'DIS-ERM-TRAINING')).toMatch(
      /missing: DIS-ERM-TRAINING \(municipal staff trained in ERM\)\. An admin/,
    );
    const c = forensicInProcess();
    c.rec({ kind: 'meetingHeld', meeting: 'ermTransfer' });
    expect(gateMissing(c.s, 'discharge')).toContain('DIS-ERM-TRAINING (municipal staff trained in ERM)');
    c.wait(MIN).rec({ kind: 'taskDone', rule: 'DIS-ERM-TRAINING' });
    expect(c.closed('DIS-ERM-TRAINING').map((x) => x.outcome)).toEqual(['done']);
    expect(gateMissing(c.s, 'discharge').join()).not.toMatch(/DIS-ERM-TRAINING/);
  });
});

describe('DIS-SHADOWING', () => {
  it('blocks the first leave until job shadowing is discussed; reminds the ward and the case office', () => {
    expect(firstLeaveMissing((e) => e.rule === 'DIS-SHADOWING')).toMatch(
      /missing: DIS-SHADOWING \(job shadowing discussed\)\. An admin/,
    );
    const c = forensicInProcess();
    const { fired } = runUntil(c.s, '2026-03-07T10:00:00.000Z');
    expect(firedFor(fired, 'DIS-SHADOWING', 'due').map((f) => [f.r.role, f.at])).toEqual([
      ['ward', '2026-03-07T10:00:00.000Z'],
      ['caseOffice', '2026-03-07T10:00:00.000Z'],
    ]);
  });
});
