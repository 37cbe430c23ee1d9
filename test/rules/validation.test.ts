// General validation of events and of a course start (domain.md §8): every rejection names why, and
// a rejected event leaves the state as it was.
import { EventRejected, startCourse } from '../../domain';
import { identityNumberLike, startInput } from '../helpers/fixtures';
import { Course, forensicInProcess, MIN } from '../helpers/engine';

describe('validation of events', () => {
  const course = () => Course.start('forensic-tud', 'hnt', '2026-04-01T10:00:00.000Z').at('2026-05-22T10:00:00.000Z');

  it('unknown kind, wrong data, extra fields', () => {
    const c = course();
    expect(c.reject({ kind: 'teleported' })).toMatch(
      /^Unknown event kind "teleported"; known kinds: courseStarted, admission/,
    );
    expect(c.reject(null)).toMatch(/^Unknown event kind undefined/);
    expect(c.reject({ kind: 'messageSent', message: 'postcard' })).toMatch(/^Invalid 'messageSent' event: message: /);
    expect(c.reject({ kind: 'breach', patientName: 'Ola' })).toMatch(/^Invalid 'breach' event: /);
    expect(c.reject({ kind: 'taskDone', rule: 'NOPE-1' })).toBe('Unknown rule id (`forlopsvakt rules` lists them)');
  });

  it('wrong phase, wrong course kind, a second first event', () => {
    const c = course();
    expect(c.reject({ kind: 'leaveStarted' })).toBe(
      "'leaveStarted' is not allowed in phase 'admitted' of a forensic-tud course (allowed in: dischargeProcess, dischargeReady)",
    );
    expect(c.reject({ kind: 'discharged' })).toBe("'discharged' does not apply to a forensic-tud course");
    // A forensic patient is admitted again from TUD only (domain §9.5), never twice in one stay.
    expect(c.reject({ kind: 'admission', hasMunicipalServices: true })).toBe(
      "'admission' is not allowed in phase 'admitted' of a forensic-tud course (allowed in: tud)",
    );
    const a = Course.start('admission-discharge', 'hnt', '2026-05-22T08:00:00.000Z').wait(MIN);
    expect(a.reject({ kind: 'admission', hasMunicipalServices: true })).toBe(
      "'admission' can only start a admission-discharge course; this course is in phase 'admitted'",
    );
  });

  it('a date in the future (beyond one minute of clock skew), a date without an offset, out of order', () => {
    const c = course();
    expect(c.reject({ kind: 'breach', at: '2026-05-22T10:02:00Z' })).toMatch(
      /'at' 2026-05-22T10:02:00Z is in the future/,
    );
    expect(c.reject({ kind: 'messageSent', message: 'statusInformation', at: '2026-05-22T12:00:00' })).toMatch(
      /'at' must be an ISO-8601 instant with a time zone offset/,
    );
    c.rec({ kind: 'messageSent', message: 'statusInformation', at: '2026-05-20T10:00:00+02:00' });
    expect(c.s.events.at(-1)!.at).toBe('2026-05-20T08:00:00.000Z');
    expect(c.reject({ kind: 'messageSent', message: 'gpDialogue', at: '2026-05-19T10:00:00+02:00' })).toMatch(
      /is before the last recorded event/,
    );
  });

  it('up to a minute ahead is clock skew: recorded at now, so a later event without `at` still comes after it', () => {
    const c = course();
    c.rec({ kind: 'messageSent', message: 'statusInformation', at: '2026-05-22T10:00:30Z' });
    c.rec({ kind: 'messageSent', message: 'gpDialogue' });
    expect(c.s.events.slice(-2).map((e) => [e.seq, e.at])).toEqual([
      [2, '2026-05-22T10:00:00.000Z'],
      [3, '2026-05-22T10:00:00.000Z'],
    ]);
  });

  it('back-dating within the profile limit (30 days) is accepted, beyond it rejected', () => {
    const c = course();
    // now is Fri 22 May 12:00 CEST; 30 calendar days earlier is Wed 22 April 12:00 CEST.
    expect(c.reject({ kind: 'messageSent', message: 'statusInformation', at: '2026-04-22T09:59:00Z' })).toMatch(
      /earlier than profile 'hnt' allows for back-dating/,
    );
    c.rec({ kind: 'messageSent', message: 'statusInformation', at: '2026-04-22T12:00:00+02:00' });
    expect(c.closed('ADM-STATUS').map((x) => x.closedAt)).toEqual(['2026-04-22T10:00:00.000Z']);
  });

  it('a duplicate id, a duplicate identical event; the same event at another instant is not a duplicate', () => {
    const c = course();
    c.rec({ kind: 'messageSent', message: 'statusInformation', id: 'dips-1' });
    expect(c.wait(MIN).reject({ kind: 'messageSent', message: 'gpDialogue', id: 'dips-1' })).toBe(
      "Duplicate: an event with id 'dips-1' is already recorded",
    );
    c.rec({ kind: 'expectedDischargeChanged' });
    expect(c.reject({ kind: 'expectedDischargeChanged', by: 'someone-else' })).toMatch(
      /^Duplicate: the same 'expectedDischargeChanged' event at .* is already recorded \(#3\)$/,
    );
    c.wait(MIN).rec({ kind: 'expectedDischargeChanged' });
    expect(c.s.events).toHaveLength(4);
  });

  it('ordered steps (DIS-PROSECUTOR): approval before signature is rejected', () => {
    const c = forensicInProcess();
    c.rec({ kind: 'planUpdated', plan: 'protection', final: true });
    expect(c.wait(MIN).reject({ kind: 'prosecutorApproved' })).toMatch(
      /^DIS-PROSECUTOR: 'approved by the prosecutor' must come after: signed by the patient$/,
    );
  });

  it('course start: unknown profile, wrong first event, an identity number as reference', () => {
    const at = '2026-01-05T09:00:00.000Z';
    const fail = (input: unknown) => {
      expect(() => startCourse(input, at)).toThrow(EventRejected);
      try {
        startCourse(input, at);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(fail(startInput('forensic-tud', 'xyz'))).toMatch(/Unknown agreement profile 'xyz'; known: ahus, hnt, unn/);
    expect(fail(startInput('forensic-tud', 'ahus', { firstEvent: { kind: 'courseStarted' } }))).toBe(
      "A forensic-tud course starts with a 'admission' event, not 'courseStarted'",
    );
    expect(fail(startInput('forensic-tud', 'ahus', { courseRef: `pas-${identityNumberLike}` }))).toMatch(
      /courseRef: looks like a national identity number/,
    );
  });
});
