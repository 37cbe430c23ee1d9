// The discharge-ready notice of an admission-discharge course, shared by the revision 2 tests
// (test/rules/revision-2-messages.test.ts, test/rules/revision-2-courses.test.ts).
import { Course, MIN } from './engine';

const withoutServices = { firstEvent: { kind: 'admission', hasMunicipalServices: false } };
/** Discharge-ready, the updated health information and the notice at `noticeAt`. */
export function notice(profile: string, noticeAt: string): Course {
  const c = Course.start('admission-discharge', profile, '2026-03-02T08:00:00.000Z', withoutServices);
  c.at(new Date(Date.parse(noticeAt) - 2 * MIN).toISOString()).rec({ kind: 'dischargeReady' });
  c.wait(MIN).rec({ kind: 'messageSent', message: 'healthInformation' });
  c.at(noticeAt).rec({ kind: 'messageSent', message: 'dischargeReadyNotice' });
  return c;
}
