// Course fixtures: opaque references and functional staff mailboxes only, never patient data.
import type { CareTeam, CourseKind, StartInput } from '../../domain';

export const careTeam: CareTeam = {
  responsibleClinician: { mailbox: 'clinician@hospital.test', manager: 'clinic-head@hospital.test' },
  ward: { mailbox: 'ward@hospital.test', manager: 'ward-manager@hospital.test' },
  hospitalCoordinatingUnit: { mailbox: 'ke@hospital.test' },
  caseOffice: { mailbox: 'case-office@municipality.test', manager: 'case-office-head@municipality.test' },
  municipalCoordinator: { mailbox: 'coordinator@municipality.test', manager: 'coordinator-head@municipality.test' },
  gp: { mailbox: 'gp@clinic.test' },
  police: { mailbox: 'police@police.test' },
};

const firstEvents: Record<CourseKind, Record<string, unknown>> = {
  'forensic-tud': { kind: 'admission', hasMunicipalServices: true },
  'admission-discharge': { kind: 'admission', hasMunicipalServices: true },
  'long-term-coordinated': { kind: 'courseStarted', formerCompulsoryCare: true },
  'agreement-review': { kind: 'courseStarted' },
};

/**
 * Eleven digits shaped like a Norwegian national identity number, for the tests that check it is
 * refused or never leaks. Built at run time so that no such string sits in the repository.
 */
export const identityNumberLike = ['010170', '12345'].join('');

/** 1, 2, … n (or from `from`): the k of every k-th period. */
export const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => i + from);

let counter = 0;
export const newRef = (prefix = 'test'): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export function startInput(kind: CourseKind, profile = 'ahus', overrides: Partial<StartInput> = {}): StartInput {
  return {
    courseRef: newRef(kind.split('-')[0]),
    kind,
    profile,
    careTeam,
    firstEvent: firstEvents[kind],
    ...overrides,
  };
}
