// A readmission from TUD and the return to it on a new transfer decision (domain.md §9.5), shared by
// the TUD rules' tests (test/rules/tud.test.ts, test/rules/tud-meetings.test.ts).
import { clinicInformed } from './forensic';
import type { Course } from './engine';

/** Domain §9.5: admitted again from TUD on Mon 20 April 2026 10:00 CEST. */
export function readmitted(c: Course): Course {
  c.at('2026-04-20T08:00:00.000Z').rec({ kind: 'admission', hasMunicipalServices: true });
  return c;
}
/**
 * Back to TUD on a new transfer decision on Mon 4 May 10:00 CEST: the clinic told and the plan
 * signed and approved from 09:50 CEST, one step a minute (the plan at 09:51 CEST).
 */
export function backToTud(c: Course): Course {
  c.at('2026-05-04T07:50:00.000Z').recAll([
    clinicInformed,
    { kind: 'planUpdated', plan: 'protection', final: true },
    { kind: 'patientSigned' },
    { kind: 'prosecutorApproved' },
  ]);
  c.at('2026-05-04T08:00:00.000Z').rec({ kind: 'dischargedToTud' });
  return c;
}
