// Demo courses for the local product: one of each kind under different profiles, back-dated so
// that the first reminders fall due within a minute or two of start. Opaque references in the
// default pattern (a region prefix, a year and a number, domain/edge.ts) and labels from the
// profiles' lists (domain/labels/<profile>.json).
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Config } from '../config';
import type { StartInput } from '../domain';
import type { CareTeam } from '../domain';
import { startCourseWorkflow } from './courses';

const team = (domain: string): CareTeam => ({
  responsibleClinician: { mailbox: `faglig-ansvarlig@${domain}`, manager: `avdelingsleder@${domain}` },
  ward: { mailbox: `post-sengepost@${domain}`, manager: `avdelingsleder@${domain}` },
  caseOffice: { mailbox: 'tildelingskontoret@kommune.example', manager: 'leder-tildeling@kommune.example' },
  municipalCoordinator: {
    mailbox: 'koordinator@kommune.example',
    manager: 'leder-koordinerende-enhet@kommune.example',
  },
  gp: { mailbox: 'fastlegekontoret@legesenter.example' },
});

/** `at` such that a 24 h deadline falls `minutes` after now. */
const dueInMinutes = (now: number, minutes: number, hours = 24) =>
  new Date(now - hours * 3_600_000 + minutes * 60_000).toISOString();

export function demoCourses(now = Date.now()): StartInput[] {
  return [
    {
      courseRef: 'ahus-2026-000001',
      kind: 'forensic-tud',
      profile: 'ahus',
      careTeam: team('ahus.example'),
      labels: { hospitalUnit: 'Sikkerhetspsykiatri', municipality: 'Lillestrøm' },
      firstEvent: { kind: 'admission', hasMunicipalServices: true, at: dueInMinutes(now, 1) },
    },
    {
      courseRef: 'hnt-2026-000001',
      kind: 'admission-discharge',
      profile: 'hnt',
      careTeam: team('hnt.example'),
      labels: { hospitalUnit: 'Akuttpsykiatri', municipality: 'Levanger' },
      firstEvent: {
        kind: 'admission',
        hasMunicipalServices: false,
        needsMunicipalServices: true,
        at: dueInMinutes(now, 2),
      },
    },
    {
      courseRef: 'unn-2026-000001',
      kind: 'long-term-coordinated',
      profile: 'unn',
      careTeam: team('unn.example'),
      labels: { hospitalUnit: 'DPS Tromsø', municipality: 'Tromsø' },
      firstEvent: {
        kind: 'courseStarted',
        formerCompulsoryCare: true,
        at: new Date(now - 27 * 86_400_000).toISOString(),
      },
    },
    // AGR-REVIEW runs per agreement, not per patient (docs/decisions/0002); its number is from the 900s.
    {
      courseRef: 'ahus-2026-000900',
      kind: 'agreement-review',
      profile: 'ahus',
      careTeam: team('ahus.example'),
      firstEvent: { kind: 'courseStarted', at: new Date(now - 29 * 86_400_000).toISOString() },
    },
  ];
}

/** Starts the demo courses that do not exist yet; returns the references started. */
export async function seedDemo(client: Client, config: Config): Promise<string[]> {
  const started: string[] = [];
  for (const input of demoCourses()) {
    try {
      await startCourseWorkflow(client, config, input);
      started.push(input.courseRef);
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return started;
}
