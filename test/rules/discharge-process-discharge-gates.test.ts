// DIS-VICTIMS … DIS-MEETING (domain.md §4.3): the forensic discharge process after the first-leave
// gate: the leaves, and the gates before discharge-ready and the discharge to TUD. Instants are
// worked out in Oslo time (see test/helpers/engine.ts).
import { beforeFirstLeave, dischargeProcess, type Ev } from '../helpers/forensic';
import {
  Course,
  DAY,
  firedFor,
  forensicAtTud,
  forensicInProcess,
  HOUR,
  mail,
  MIN,
  REF,
  runUntil,
  table,
  TUD_AT,
} from '../helpers/engine';

function readyForTud(skip: (e: Ev) => boolean = () => false): Course {
  const c = forensicInProcess();
  c.recAll(dischargeProcess.slice(1).filter((e) => !skip(e)));
  return c;
}

describe('DIS-VICTIMS', () => {
  it('blocks the discharge to TUD until victims and bereaved are notified', () => {
    const c = readyForTud((e) => e.rule === 'DIS-VICTIMS');
    expect(c.s.phase).toBe('dischargeReady');
    expect(c.reject({ kind: 'dischargedToTud' })).toBe(
      'Gate before discharge to TUD not met; missing: DIS-VICTIMS (notified). An admin may override with a reason.',
    );
    c.rec({ kind: 'taskDone', rule: 'DIS-VICTIMS' });
    c.wait(MIN).rec({ kind: 'dischargedToTud' });
    expect(c.s.phase).toBe('tud');
  });
});

describe('DIS-EMERGENCY', () => {
  it('opens at each leave (due 2 h later, heads-up 1 h before, to the ward) and at the discharge to TUD', () => {
    const c = forensicInProcess().recAll(beforeFirstLeave);
    c.at('2026-01-10T09:00:00.000Z').rec({ kind: 'leaveStarted' });
    expect(c.due('DIS-EMERGENCY')).toEqual(['2026-01-10T11:00:00.000Z']);
    expect(table(runUntil(c.s, '2026-01-10T11:00:00.000Z').fired, 'DIS-EMERGENCY')).toEqual([
      ['headsUp', 'ward', mail('ward'), '2026-01-10T10:00:00.000Z', '2026-01-10T11:00:00.000Z'],
      ['due', 'ward', mail('ward'), '2026-01-10T11:00:00.000Z', '2026-01-10T11:00:00.000Z'],
    ]);
    c.wait(30 * MIN).rec({ kind: 'messageSent', message: 'emergencyClinicInformed' });
    c.wait(HOUR).rec({ kind: 'leaveEnded' });
    c.wait(HOUR).rec({ kind: 'leaveStarted' });
    expect(c.open('DIS-EMERGENCY').map((o) => o.key)).toEqual(['DIS-EMERGENCY#2']);
    expect(
      forensicAtTud(TUD_AT)
        .open('DIS-EMERGENCY')
        .map((o) => [o.openedAt, o.dueAt]),
    ).toEqual([[TUD_AT, '2026-03-10T13:00:00.000Z']]);
  });
});

describe('DIS-LEAVE-FEEDBACK', () => {
  it('opens when a leave ends: feedback due 24 h later from the municipal coordinator', () => {
    const c = forensicInProcess().recAll(beforeFirstLeave);
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
    const c = forensicInProcess().recAll(beforeFirstLeave);
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
      },
    ]);
    expect(c.open('DIS-LEAVE-FEEDBACK')).toHaveLength(1);
  });
});

describe('DIS-PROSECUTOR', () => {
  it('steps in order: the plan final, then the patient signs, then the prosecutor approves', () => {
    const c = forensicInProcess();
    expect(c.reject({ kind: 'patientSigned' })).toBe(
      "DIS-PROSECUTOR: 'signed by the patient' must come after: protection plan final",
    );
    c.rec({ kind: 'planUpdated', plan: 'protection', final: true });
    expect(c.wait(MIN).reject({ kind: 'prosecutorApproved' })).toBe(
      "DIS-PROSECUTOR: 'approved by the prosecutor' must come after: signed by the patient",
    );
    c.rec({ kind: 'patientSigned' });
    c.wait(MIN).rec({ kind: 'prosecutorApproved' });
    expect(c.closed('DIS-PROSECUTOR').map((x) => x.outcome)).toEqual(['done']);
  });

  it('blocks the discharge to TUD until the prosecutor has approved', () => {
    const c = readyForTud((e) => e.kind === 'prosecutorApproved');
    expect(c.reject({ kind: 'dischargedToTud' })).toBe(
      'Gate before discharge to TUD not met; missing: DIS-PROSECUTOR (approved by the prosecutor). An admin may override with a reason.',
    );
  });
});

describe('DIS-COERCION', () => {
  it('forensic: blocks discharge-ready until coercive measures have ended', () => {
    const c = forensicInProcess();
    c.recAll(
      dischargeProcess
        .slice(
          1,
          dischargeProcess.findIndex((e) => e.kind === 'dischargeReady'),
        )
        .filter((e) => e.kind !== 'coercionEnded'),
    );
    expect(c.reject({ kind: 'dischargeReady' })).toBe(
      'Gate before discharge-ready not met; missing: DIS-COERCION (coercion ended). An admin may override with a reason.',
    );
    c.rec({ kind: 'coercionEnded' });
    c.wait(MIN).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });

  it('admission-discharge with coercion: opens at admission; an override passes the gate once only', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-01-05T09:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: true, coercion: true },
    });
    expect(c.due('DIS-COERCION')).toEqual(['2026-03-06T09:00:00.000Z']);
    c.wait(DAY);
    expect(c.reject({ kind: 'dischargeReady' })).toMatch(/missing: DIS-COERCION \(coercion ended\)/);
    expect(c.reject({ kind: 'override', gate: 'discharge', reason: 'not a gate of this kind of course' })).toBe(
      "Gate 'discharge' does not apply to a admission-discharge course",
    );
    c.rec({ kind: 'override', gate: 'dischargeReady', reason: 'Coercion continues under a separate decision' });
    const ready = c.wait(MIN).rec({ kind: 'dischargeReady' });
    expect(c.s.overrides.map((o) => [o.gate, o.usedBySeq])).toEqual([['dischargeReady', ready.event.seq]]);
    expect(c.open('DIS-COERCION')).toHaveLength(1);
    c.wait(MIN).rec({ kind: 'withdrawal' });
    expect(c.wait(MIN).reject({ kind: 'dischargeReady' })).toMatch(/Gate before discharge-ready not met/);
    c.rec({ kind: 'coercionEnded' });
    expect(c.wait(MIN).reject({ kind: 'override', gate: 'dischargeReady', reason: 'no longer needed at all' })).toBe(
      'Gate before discharge-ready is already met; no override needed',
    );
    c.rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });

  it('admission-discharge without coercion: no gate', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-01-05T09:00:00.000Z');
    expect(c.open('DIS-COERCION')).toEqual([]);
    c.wait(HOUR).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });
});

describe('DIS-MEETING', () => {
  it('blocks the discharge to TUD until the collaboration meeting is held; an override passes it and is recorded', () => {
    const c = readyForTud((e) => e.meeting === 'collaboration');
    expect(c.reject({ kind: 'dischargedToTud' })).toBe(
      'Gate before discharge to TUD not met; missing: DIS-MEETING (meeting held). An admin may override with a reason.',
    );
    const o = c.rec({ kind: 'override', gate: 'discharge', reason: 'Meeting held by phone, minutes to follow' });
    const d = c.wait(MIN).rec({ kind: 'dischargedToTud' });
    expect(c.s.overrides).toEqual([
      {
        gate: 'discharge',
        reason: 'Meeting held by phone, minutes to follow',
        at: o.event.at,
        eventSeq: o.event.seq,
        usedBySeq: d.event.seq,
      },
    ]);
    // The override passes the gate; the discharge ends the preparation, recorded as overridden (not done).
    expect(c.open('DIS-MEETING')).toEqual([]);
    expect(c.s.closed.filter((x) => x.rule === 'DIS-MEETING').map((x) => [x.key, x.outcome, x.eventSeq])).toEqual([
      ['DIS-MEETING#1', 'overridden', d.event.seq],
    ]);

    expect(c.s.phase).toBe('tud');
  });

  it('due 60 days after the process starts; closed by the collaboration meeting', () => {
    const c = forensicInProcess();
    expect(c.due('DIS-MEETING')).toEqual(['2026-03-07T10:00:00.000Z']);
    c.rec({ kind: 'meetingHeld', meeting: 'collaboration' });
    expect(c.closed('DIS-MEETING').map((x) => x.outcome)).toEqual(['done']);
  });
});
