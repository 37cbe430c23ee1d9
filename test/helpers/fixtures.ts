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
 * A Norwegian national identity number with valid check digits (Skatteetaten's weights; fnrvalidator
 * accepts it), for the tests that check it is refused or never leaks. Built at run time so that no
 * such string sits in the repository. `birth` is DDMMYY (day + 40 for a D-number); `individual`
 * three digits, some of which give no valid first check digit: this throws then.
 */
export function identityNumber(birth = '010170', individual = '123'): string {
  const digits = (birth + individual).split('').map(Number);
  const check = (weights: number[]) => {
    const k = 11 - (weights.reduce((sum, w, i) => sum + w * digits[i]!, 0) % 11);
    if (k === 10) throw new Error(`no valid check digit for ${birth} ${individual}`);
    return k === 11 ? 0 : k;
  };
  digits.push(check([3, 7, 6, 1, 8, 9, 4, 5, 2]));
  digits.push(check([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]));
  return digits.join('');
}
export const identityNumberLike = identityNumber();
/** A D-number (a foreigner's identity number): the day plus 40. */
export const dNumberLike = identityNumber('410170', '123');

/** 1, 2, … n (or from `from`): the k of every k-th period. */
export const range = (n: number, from = 1): number[] => Array.from({ length: n }, (_, i) => i + from);

// In the default course reference pattern (a prefix, a year and a number, domain/edge.ts). Each
// test file has its own Temporal server; the clock's seed keeps files that share one apart.
let counter = Date.now() % 500_000;
export const newRef = (prefix = 'test'): string =>
  `${prefix}-${new Date().getUTCFullYear()}-${String(counter++ % 1_000_000).padStart(6, '0')}`;

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

/** An HNT admission-discharge course whose ADM-STATUS (domain §9.8) falls due `seconds` from now (its heads-up at once). */
export const statusDueIn = (seconds: number): StartInput =>
  startInput('admission-discharge', 'hnt', {
    firstEvent: {
      kind: 'admission',
      hasMunicipalServices: false,
      at: new Date(Date.now() - 24 * 3_600_000 + seconds * 1000).toISOString(),
    },
  });
