// What the Temporal UI's timeline says about a course (README: a manager's tour): each wake-up
// timer names the earliest reminder it wakes for, its rule, role and Oslo time; each reminder
// activity names its rule, kind, role and deadline. Worked out by hand in Oslo time (CET = UTC+1).
import { advance, nextWakeUp, nextWakeUpReason, startCourse, type Reminder } from '../domain';
import { reminderSummary, wakeUpSummary } from '../workflows/summaries';
import { Course } from './helpers/engine';
import { startInput } from './helpers/fixtures';

describe('wake-up timer summaries', () => {
  // HNT, admitted with municipal services Wednesday 25 November 2026 11:23 CET; the admission notice is
  // sent an hour later, which opens ADM-REPORT for the case office (HNT: within 4 hours).
  const course = () => {
    const c = Course.start('admission-discharge', 'hnt', '2026-11-25T10:23:00.000Z');
    c.at('2026-11-25T11:23:00.000Z').rec({ kind: 'messageSent', message: 'admissionNotice' });
    return c;
  };

  test('the earliest reminder the course wakes for: rule, kind, role and Oslo time', () => {
    const { s, now } = course();
    const wake = nextWakeUp(s)!;
    // ADM-REPORT is due at 16:23 Oslo; its heads-up an hour before.
    expect(wake).toBe('2026-11-25T14:23:00.000Z');
    expect(nextWakeUpReason(s)).toEqual({
      at: wake,
      reasons: [
        {
          type: 'reminder',
          rule: 'ADM-REPORT',
          obligation: 'ADM-REPORT#1',
          kind: 'headsUp',
          roles: ['caseOffice'],
          dueAt: '2026-11-25T15:23:00.000Z',
        },
      ],
    });
    expect(wakeUpSummary(s, wake, now)).toBe('ADM-REPORT heads-up → case office, Wed 25 Nov 15:23');
  });

  test('the next wake-ups as time passes: the deadline, then the escalation to the manager', () => {
    let { s } = course();
    const summaries: string[] = [];
    for (let i = 0; i < 4; i++) {
      const wake = nextWakeUp(s)!;
      expect(nextWakeUpReason(s)?.at).toBe(wake);
      summaries.push(wakeUpSummary(s, wake, wake));
      s = advance(s, wake).state;
    }
    expect(summaries).toEqual([
      'ADM-REPORT heads-up → case office, Wed 25 Nov 15:23',
      'ADM-REPORT due → case office, Wed 25 Nov 16:23',
      // HNT escalates ADM-REPORT two hours after its deadline.
      'ADM-REPORT escalation → case office manager, Wed 25 Nov 18:23',
      // ADM-STATUS (24 h from the admission): the ward's heads-up four hours before.
      'ADM-STATUS heads-up → ward, Thu 26 Nov 07:23',
    ]);
  });

  test('several reminders at one instant, two roles, a schedule opening and a wake-up years ahead', () => {
    // Revision 1, AGR-REVIEW every two years on fixed calendar periods: occurrence 2 opens at the
    // first one's deadline, Thursday 2 March 2028 09:00 CET.
    const start = startInput('agreement-review', 'ahus', { courseRef: 'agr-2026-000001' });
    let s = startCourse(start, '2026-03-02T08:00:00.000Z', 1).state;
    const headsUp = nextWakeUp(s)!;
    expect(wakeUpSummary(s, headsUp, '2026-03-02T08:00:00.000Z')).toBe(
      'AGR-REVIEW heads-up → hospital coordinating unit + case office, Sun 2 Jan 2028 09:00',
    );
    s = advance(s, headsUp).state;
    const due = nextWakeUp(s)!;
    expect(nextWakeUpReason(s)?.reasons.map((r) => r.type)).toEqual(['reminder', 'schedule']);
    expect(wakeUpSummary(s, due, headsUp)).toBe(
      'AGR-REVIEW due → hospital coordinating unit + case office, Thu 2 Mar 09:00 (+1 more)',
    );
  });

  test('an ended course has no wake-up, and a wake-up no longer in the state is named by its time', () => {
    const { s, now } = course();
    expect(nextWakeUpReason({ ...s, phase: 'ended' })).toBeUndefined();
    expect(wakeUpSummary(s, '2026-12-01T08:00:00.000Z', now)).toBe('next wake-up, Tue 1 Dec 09:00');
  });
});

describe('reminder activity summaries', () => {
  const reminder: Reminder = {
    businessKey: 'hnt-2026-000123/ADM-REPORT#1/due/caseOffice',
    courseRef: 'hnt-2026-000123',
    rule: 'ADM-REPORT',
    kind: 'due',
    role: 'caseOffice',
    recipient: 'case-office@municipality.test',
    profile: 'hnt',
    openedAt: '2026-11-25T11:23:00.000Z',
    dueAt: '2026-11-26T11:23:00.000Z',
    obligation: 'ADM-REPORT#1',
  };
  const now = '2026-11-26T11:23:00.000Z';

  test('rule, kind, who and the deadline in Oslo time; managers for escalations and refusals', () => {
    expect(reminderSummary(reminder, now)).toBe('ADM-REPORT due → case office, deadline Thu 26 Nov 12:23');
    expect(reminderSummary({ ...reminder, kind: 'escalation' }, now)).toBe(
      'ADM-REPORT escalation → case office manager, deadline Thu 26 Nov 12:23',
    );
    expect(reminderSummary({ ...reminder, kind: 'deliveryFailed' }, now)).toBe(
      'ADM-REPORT delivery failed → case office manager, deadline Thu 26 Nov 12:23',
    );
    const { dueAt: _dueAt, openedAt: _openedAt, obligation: _obligation, ...alert } = reminder;
    expect(reminderSummary({ ...alert, rule: 'TUD-BREACH', kind: 'alert', role: 'police' }, now)).toBe(
      'TUD-BREACH alert → police',
    );
  });
});
