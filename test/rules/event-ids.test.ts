// An event's id (domain/events.ts): the same event sent again under its id is found as recorded
// (domain/decide.ts `alreadyRecorded`), so the workflow answers a retried call without recording
// it twice (workflows/course.ts); the same id with other content is refused. Alerts are keyed by
// the id (domain/recipients.ts), so the e-mail of an event sent again is the same message.
import { alreadyRecorded, EventRejected, opaqueKey, roles } from '../../domain';
import { careTeam } from '../helpers/fixtures';
import { forensicInProcess, MIN, REF } from '../helpers/engine';

/** The message `fn` is refused with (EventRejected), or undefined when it is not refused. */
function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(EventRejected);
    return (err as Error).message;
  }
  return undefined;
}

describe('an event sent again under its id', () => {
  it('is found as recorded, and nothing else is; the state is not changed', () => {
    const c = forensicInProcess();
    const breach = { kind: 'breach', id: 'epj-77', by: 'clerk-7' };
    const d = c.rec(breach);
    const before = structuredClone(c.s);
    expect(alreadyRecorded(c.s, breach)).toBe(c.s.events.at(-1));
    expect(alreadyRecorded(c.s, { ...breach, id: ' epj-77 ' })).toEqual(d.event);
    expect(alreadyRecorded(c.s, { kind: 'breach' })).toBeUndefined();
    expect(alreadyRecorded(c.s, { ...breach, id: 'epj-78' })).toBeUndefined();
    // Not an event, or an id never recorded: decide() judges it.
    expect(alreadyRecorded(c.s, null)).toBeUndefined();
    expect(alreadyRecorded(c.s, { kind: 'teleported', id: 'epj-1' })).toBeUndefined();
    expect(c.s).toEqual(before);
    // The engine itself still refuses a second event with the id: the workflow asks first.
    expect(c.wait(MIN).reject(breach)).toBe("Duplicate: an event with id 'epj-77' is already recorded");
  });

  it('with its instant: the same instant in any offset, none, or a sender clock ahead that was recorded at now', () => {
    const c = forensicInProcess().at('2026-01-06T12:00:00.000Z');
    c.rec({ kind: 'breach', id: 'dips-1', at: '2026-01-06T11:50:00.000Z' });
    expect(alreadyRecorded(c.s, { kind: 'breach', id: 'dips-1', at: '2026-01-06T12:50:00+01:00' })).toBe(
      c.s.events.at(-1),
    );
    expect(alreadyRecorded(c.s, { kind: 'breach', id: 'dips-1' })).toBe(c.s.events.at(-1));

    // Up to a minute ahead is recorded at now (domain/checks.ts eventInstant); sent again, it is the same.
    const ahead = new Date(Date.parse(c.wait(MIN).now) + 30_000).toISOString();
    c.rec({ kind: 'breach', id: 'dips-2', at: ahead });
    const recorded = c.s.events.at(-1)!;
    expect(recorded.at).toBe(c.now);
    expect(alreadyRecorded(c.s, { kind: 'breach', id: 'dips-2', at: ahead })).toBe(recorded);
  });

  it('with other content is refused, naming the event recorded under the id', () => {
    const c = forensicInProcess();
    const breach = { kind: 'breach', id: 'epj-9', by: 'clerk-7' };
    c.rec(breach);
    const other =
      /^Duplicate: an event with id 'epj-9' is already recorded with other content \(#\d+ 'breach' at .+\)$/;
    expect(refusal(() => alreadyRecorded(c.s, { ...breach, kind: 'medicationRefused' }))).toMatch(other);
    expect(refusal(() => alreadyRecorded(c.s, { ...breach, by: 'clerk-8' }))).toMatch(other);
    expect(refusal(() => alreadyRecorded(c.s, { ...breach, at: '2026-01-06T09:00:00+01:00' }))).toMatch(other);
    expect(refusal(() => alreadyRecorded(c.s, { ...breach, note: 'x' }))).toMatch(/^Invalid 'breach' event/);
    expect(refusal(() => alreadyRecorded(c.s, breach))).toBeUndefined();
  });
});

describe('alerts are keyed by the event id', () => {
  it('TUD-BREACH: one key per role from the id; an event without an id keeps its sequence number', () => {
    const c = forensicInProcess();
    const team = roles.filter((r) => careTeam[r]);
    const withId = c.rec({ kind: 'breach', id: 'epj-5' });
    expect(withId.effects.map((e) => e.businessKey)).toEqual(
      team.map((role) => `${REF}/TUD-BREACH/event-id-${opaqueKey('epj-5')}/alert/${role}`),
    );
    // The id goes in as its digest: a name given as an id is not in the key (logs, e-mail headers).
    const named = c.wait(MIN).rec({ kind: 'breach', id: 'Kari.Nordmann' });
    expect(named.effects[0]!.businessKey).not.toContain('Kari');
    expect(opaqueKey('Kari.Nordmann')).toMatch(/^[0-9a-f]{16}$/);
    const withoutId = c.wait(MIN).rec({ kind: 'breach' });
    expect(withoutId.effects.map((e) => e.businessKey)).toEqual(
      team.map((role) => `${REF}/TUD-BREACH/event-${withoutId.event.seq}/alert/${role}`),
    );
    // An id that is a number stays apart from that event number.
    const seq = String(withoutId.event.seq);
    const numbered = c.wait(MIN).rec({ kind: 'breach', id: seq });
    expect(numbered.effects[0]!.businessKey).toBe(
      `${REF}/TUD-BREACH/event-id-${opaqueKey(String(seq))}/alert/${team[0]}`,
    );
  });
});
