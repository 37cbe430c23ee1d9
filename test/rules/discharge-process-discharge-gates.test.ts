// DIS-VICTIMS, DIS-PROSECUTOR, DIS-COERCION, DIS-MEETING, DIS-MEETING-SUMMARY (domain.md §4.3, §9.7,
// §9.9): the gates before discharge-ready and the discharge to TUD in the forensic discharge process,
// and the discharge-ready gates of the other courses. The leaves are in
// discharge-process-leaves.test.ts. Instants are worked out in Oslo time (see test/helpers/engine.ts).
import { dischargeProcess, type Ev } from '../helpers/forensic';
import { Course, DAY, firedFor, forensicInProcess, HOUR, mail, MIN, runUntil, table } from '../helpers/engine';

const collaborationMeeting = { kind: 'meetingHeld', meeting: 'collaboration' };

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
      'Gate before the discharge not met; missing: DIS-VICTIMS (notified). An admin may override with a reason.',
    );
    c.rec({ kind: 'taskDone', rule: 'DIS-VICTIMS' });
    c.wait(MIN).rec({ kind: 'dischargedToTud' });
    expect(c.s.phase).toBe('tud');
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
      'Gate before the discharge not met; missing: DIS-PROSECUTOR (approved by the prosecutor). ' +
        'An admin may override with a reason.',
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

  it('admission-discharge with coercion (UNN): opens at admission, no deadline; an override passes once', () => {
    // Without municipal services no collaboration meeting gates discharge-ready (DIS-MEETING): this gate alone.
    const c = Course.start('admission-discharge', 'unn', '2026-01-05T09:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, coercion: true },
    });
    expect(c.due('DIS-COERCION')).toEqual([undefined]);
    expect(firedFor(runUntil(c.s, '2026-06-01T00:00:00.000Z').fired, 'DIS-COERCION')).toEqual([]);
    c.wait(DAY);
    // UNN: continued coercive means are also clarified with the municipality (domain §9.9).
    expect(c.reject({ kind: 'dischargeReady' })).toBe(
      'Gate before discharge-ready not met; missing: DIS-COERCION (coercion ended, continued coercive means ' +
        'clarified with the municipality). An admin may override with a reason.',
    );
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
    expect(c.wait(MIN).reject({ kind: 'dischargeReady' })).toMatch(
      /missing: DIS-COERCION \(continued coercive means clarified with the municipality\)/,
    );
    c.rec({ kind: 'taskDone', rule: 'DIS-COERCION' });
    expect(c.closed('DIS-COERCION').map((x) => x.outcome)).toEqual(['done']);
    expect(c.wait(MIN).reject({ kind: 'override', gate: 'dischargeReady', reason: 'no longer needed at all' })).toBe(
      'Gate before discharge-ready is already met; no override needed',
    );
    c.rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });

  it('HNT: ending the coercion is enough', () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-01-05T09:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: true, coercion: true },
    });
    expect(c.wait(HOUR).reject({ kind: 'dischargeReady' })).toMatch(/missing: DIS-COERCION \(coercion ended\)\./);
    c.rec({ kind: 'coercionEnded' });
    c.wait(MIN).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });

  it('admission-discharge without coercion: no gate', () => {
    const c = Course.start('admission-discharge', 'unn', '2026-01-05T09:00:00.000Z', {
      firstEvent: { kind: 'admission', hasMunicipalServices: false },
    });
    expect(c.open('DIS-COERCION')).toEqual([]);
    c.wait(HOUR).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });
});

describe('DIS-MEETING', () => {
  it('blocks the discharge to TUD until the collaboration meeting is held; an override passes it and is recorded', () => {
    const c = readyForTud((e) => e.meeting === 'collaboration');
    expect(c.reject({ kind: 'dischargedToTud' })).toBe(
      'Gate before the discharge not met; missing: DIS-MEETING (meeting held). An admin may override with a reason.',
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
    c.rec(collaborationMeeting);
    expect(c.closed('DIS-MEETING').map((x) => x.outcome)).toEqual(['done']);
  });

  const T0 = '2026-01-05T09:00:00.000Z'; // Mon 5 Jan 2026 10:00 CET

  it('UNN, other courses: a gate on discharge-ready, no deadline, from admission when services needed (§9.9)', () => {
    const c = Course.start('admission-discharge', 'unn', T0); // has municipal services
    expect(c.due('DIS-MEETING')).toEqual([undefined]);
    expect(c.wait(DAY).reject({ kind: 'dischargeReady' })).toBe(
      'Gate before discharge-ready not met; missing: DIS-MEETING (meeting held). An admin may override with a reason.',
    );
    c.rec(collaborationMeeting);
    c.wait(MIN).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
    // No services and no need at admission: no meeting, until a need is found during the stay.
    const n = Course.start('admission-discharge', 'unn', T0, {
      firstEvent: { kind: 'admission', hasMunicipalServices: false },
    });
    expect(n.open('DIS-MEETING')).toEqual([]);
    n.wait(HOUR).rec({ kind: 'servicesNeedFound' });
    expect(n.open('DIS-MEETING')).toHaveLength(1);
  });

  it('HNT: once someone records the need; with outpatient follow-up planned, that unit is contacted too', () => {
    const c = Course.start('admission-discharge', 'hnt', T0);
    expect(c.open('DIS-MEETING')).toEqual([]);
    c.wait(HOUR).rec({ kind: 'meetingNeeded', outpatientFollowUp: true });
    expect(c.wait(HOUR).reject({ kind: 'dischargeReady' })).toBe(
      'Gate before discharge-ready not met; missing: DIS-MEETING (meeting held, outpatient or ambulant follow-up ' +
        'contacted). An admin may override with a reason.',
    );
    c.rec(collaborationMeeting);
    c.wait(MIN).rec({ kind: 'taskDone', rule: 'DIS-MEETING' });
    expect(c.closed('DIS-MEETING').map((x) => x.outcome)).toEqual(['done']);
    c.wait(MIN).rec({ kind: 'dischargeReady' });
    expect(c.s.phase).toBe('dischargeReady');
  });

  it('a meeting held in the stay before the need was recorded counts (done before, domain §9.7)', () => {
    const c = Course.start('admission-discharge', 'hnt', T0);
    c.wait(HOUR).rec(collaborationMeeting);
    const needed = c.wait(HOUR).rec({ kind: 'meetingNeeded' });
    expect(c.closed('DIS-MEETING').map((x) => [x.outcome, x.closedAt])).toEqual([['doneBefore', needed.event.at]]);
    expect(firedFor(runUntil(c.s, '2026-03-01T00:00:00.000Z').fired, 'DIS-MEETING')).toEqual([]);
  });
});

describe('DIS-MEETING-SUMMARY', () => {
  const T0 = '2026-01-05T09:00:00.000Z'; // Mon 5 Jan 2026 10:00 CET

  it('UNN: a collaboration meeting in the stay owes its summary, due after the default 2 days, to the ward', () => {
    const c = Course.start('admission-discharge', 'unn', T0);
    c.at('2026-01-07T13:00:00.000Z').rec(collaborationMeeting); // Wed 7 Jan 14:00 CET
    expect(c.due('DIS-MEETING-SUMMARY')).toEqual(['2026-01-09T13:00:00.000Z']);
    expect(table(runUntil(c.s, '2026-01-10T00:00:00.000Z').fired, 'DIS-MEETING-SUMMARY')).toEqual([
      ['headsUp', 'ward', mail('ward'), '2026-01-09T09:00:00.000Z', '2026-01-09T13:00:00.000Z'],
      ['due', 'ward', mail('ward'), '2026-01-09T13:00:00.000Z', '2026-01-09T13:00:00.000Z'],
    ]);
    c.at('2026-01-08T09:00:00.000Z').rec({ kind: 'messageSent', message: 'meetingSummary' });
    expect(c.closed('DIS-MEETING-SUMMARY').map((x) => x.outcome)).toEqual(['done']);
  });

  it('only UNN has it: not under HNT or Ahus', () => {
    for (const profile of ['hnt', 'ahus']) {
      const c = Course.start('admission-discharge', profile, T0);
      c.wait(DAY).rec(collaborationMeeting);
      expect(c.open('DIS-MEETING-SUMMARY')).toEqual([]);
    }
  });
});
