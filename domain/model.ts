// The course model shared by the engine, the workflow and the clients (domain.md §2–§3).
// Everything here is plain data: it travels in workflow payloads and across continue-as-new.
import { z } from 'zod';
import type { Instant } from './calendar';
import type { RecordedEvent } from './events';
import { containsIdentityNumber, identityNumberMessage } from './identity';

/** domain.md §2: the course kinds. `agreement-review` carries AGR-REVIEW (domain §4.7), see docs/decisions. */
export const courseKinds = [
  'forensic-tud',
  'admission-discharge',
  'long-term-coordinated',
  'agreement-review',
] as const;
export type CourseKind = (typeof courseKinds)[number];

/** domain.md §3: roles that can be asked to act. Informed-only parties receive alerts only. */
export const hospitalRoles = [
  'responsibleClinician',
  'ward',
  'dps',
  'hospitalCoordinator',
  'hospitalCoordinatingUnit',
] as const;
export const municipalRoles = [
  'caseOffice',
  'municipalCoordinator',
  'contactPerson',
  'municipalCoordinatingUnit',
  'emergencyClinic',
] as const;
export const otherRoles = ['gp', 'police', 'prosecutor', 'guardian'] as const;
export const roles = [...hospitalRoles, ...municipalRoles, ...otherRoles] as const;
export type Role = (typeof roles)[number];
export type Party = 'hospital' | 'municipality';

export const partyOf = (role: Role): Party | 'other' =>
  (hospitalRoles as readonly string[]).includes(role)
    ? 'hospital'
    : (municipalRoles as readonly string[]).includes(role)
      ? 'municipality'
      : 'other';

/**
 * A copy of one of zod's own patterns (the same rule): zod's are exported, so deep-frozen when the
 * worker preloads it, and a format check resets the pattern's lastIndex (worker/bundle.ts).
 */
export const ownPattern = (pattern: RegExp): RegExp => new RegExp(pattern.source, pattern.flags);

// Mailboxes are staff or functional addresses, never the patient's (domain §7).
const mailbox = z
  .string()
  .trim()
  .email({ message: 'must be an e-mail address', pattern: ownPattern(z.regexes.email) });
const careTeamMember = z.strictObject({
  mailbox,
  /** Escalations go here (domain §7). */
  manager: mailbox.optional(),
  /** The mailbox wants one daily digest instead of single reminders (domain §7). */
  digest: z.boolean().optional(),
});

const careTeam = z
  .partialRecord(z.enum(roles), careTeamMember)
  .refine((team) => hospitalRoles.some((r) => team[r]), { message: 'needs at least one hospital role (e.g. ward)' })
  .refine((team) => municipalRoles.some((r) => team[r]), {
    message: 'needs at least one municipal role (e.g. caseOffice)',
  });
// Schemas are reached through functions: a preloaded module's exports are deep-frozen by the
// Temporal SDK and zod 4 fills a schema in on first use (worker/bundle.ts).
export const careTeamSchema = () => careTeam;
export type CareTeam = z.infer<typeof careTeam>;

/**
 * Course references are opaque: they are workflow ids, never encrypted: letters, digits and dashes, never a national
 * identity number or a name (domain §7). This runs again when a history replays, so it stays as loose as it was; the
 * configured pattern (COURSE_REF_PATTERN) is checked at the client edge only (domain/edge.ts).
 */
const courseRef = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,63}$/, {
    message: 'must be 3–64 lower-case letters, digits or dashes, e.g. ahus-2026-000123',
  })
  .refine((ref) => !containsIdentityNumber(ref), { message: identityNumberMessage });
export const courseRefSchema = () => courseRef;

/**
 * `deliveryFailed` tells the role's manager that a reminder to the role was refused for good;
 * `adopted` is the one summary per role of what was already overdue when a course under way was
 * adopted (domain §9.6, domain/adopt.ts).
 */
export type ReminderKind = 'headsUp' | 'due' | 'escalation' | 'alert' | 'deliveryFailed' | 'adopted';

/** One call of the reminder activity (domain §7). No patient data: the course reference is opaque. */
export interface Reminder {
  /** course + obligation/event + kind + role: the idempotency key of the delivery. */
  businessKey: string;
  courseRef: string;
  rule: string;
  kind: ReminderKind;
  role: Role;
  recipient: string;
  /** The course's agreement profile: reminders cite its agreement (domain §9.11). */
  profile?: string;
  dueAt?: Instant;
  /** When the obligation opened: with dueAt, the period a meeting must be held in. */
  openedAt?: Instant;
  /** The obligation this reminds of (absent for an at-once alert). */
  obligation?: string;
  /** An `adopted` summary: the role's duties already overdue at adoption (domain §9.6). */
  overdue?: { obligation: string; rule: string; dueAt: Instant }[];
}

/** A reminder the mail server refused for good: kept in the course and shown in its state. */
export interface DeliveryFailure {
  businessKey: string;
  rule: string;
  role: Role;
  kind: ReminderKind;
  at: Instant;
  error: string;
}

export interface StepState {
  id: string;
  doneAt?: Instant;
}

/** One occurrence of a rule that someone must act on. Closed ones move to `CourseState.closed`. */
export interface Obligation {
  /** `${rule}#${occurrence}`: unique within a course, part of every reminder's business key. */
  key: string;
  rule: string;
  occurrence: number;
  openedAt: Instant;
  /** Absent for a rule that only gates an event: no deadline, no reminders. */
  dueAt?: Instant;
  steps: StepState[];
  /** Reminder kinds already handed to the reminder activity (never sent twice). */
  sent: ReminderKind[];
  /**
   * The escalation delay counts from here instead of the deadline: set when a course was adopted
   * with the duty already overdue, so its escalation comes the usual delay after the adoption's
   * summary rather than never (domain §9.6). Absent everywhere else.
   */
  escalateFrom?: Instant;
}

export interface ClosedObligation {
  key: string;
  rule: string;
  openedAt: Instant;
  dueAt?: Instant;
  closedAt: Instant;
  /**
   * `done` by events (`doneBefore`: by events recorded before it opened, so nobody was reminded),
   * `cancelled` when the course moved on (e.g. death), `overridden` by an admin, `withdrawn` when
   * the course moved to revision 2 of the rules and its agreement does not contain the rule,
   * `adopted` when a course under way was adopted and the duty belongs to its past (domain §9.6).
   */
  outcome: 'done' | 'doneBefore' | 'cancelled' | 'overridden' | 'withdrawn' | 'adopted';
  /** Sequence number of the event that closed it. */
  eventSeq: number;
}

/** A recurring rule's schedule: occurrence k is due at anchor + k periods (no drift, domain §6). */
export interface Schedule {
  rule: string;
  anchor: Instant;
  next: number;
  /** A rolling rule (domain §9.4) opens no occurrence due after this instant. */
  until?: Instant;
}

export interface Override {
  gate: string;
  reason: string;
  by?: string;
  at: Instant;
  eventSeq: number;
  /** The gated event that used this override (an override passes a gate once). */
  usedBySeq?: number;
}

export interface WaitingPeriod {
  /** Start of day 0: the notice's effective instant (domain §4.4 DIS-DAY0). */
  from: Instant;
  to?: Instant;
}

export interface CourseFlags {
  hasMunicipalServices?: boolean;
  complexNeeds?: boolean;
  coercion?: boolean;
  formerCompulsoryCare?: boolean;
  elevatedViolenceRisk?: boolean;
  /** Needs (or has) municipal services after the stay (DIS-MEETING under UNN). */
  needsMunicipalServices?: boolean;
  /** Outpatient or ambulant follow-up is planned (DIS-MEETING under HNT). */
  outpatientFollowUp?: boolean;
  /** Admitted again after a discharge to TUD (domain §9.5): the way back is a new transfer decision. */
  readmitted?: boolean;
  /** The patient died during a stay; the course ends once the municipality is told (ADM-DEATH). */
  died?: boolean;
  onLeave?: boolean;
  leaves?: number;
}

/**
 * Where a course is: `new` before its first event; inpatient courses go `admitted` →
 * (`dischargeProcess` for forensic courses) → `dischargeReady` → `discharged` or `tud`; long-term
 * and agreement courses are `active`; every course can become `ended`.
 */
export type Phase =
  'new' | 'admitted' | 'dischargeProcess' | 'dischargeReady' | 'discharged' | 'tud' | 'active' | 'ended';

/** A hospital stay: from an admission until the patient leaves (domain §9.5). */
export const stayPhases: readonly Phase[] = ['admitted', 'dischargeProcess', 'dischargeReady'];
export const isInStay = (phase: Phase): boolean => stayPhases.includes(phase);

export interface CourseState {
  /** Which revision of the rules the course runs under; absent: revision 1 (domain §9). */
  revision?: 1 | 2;
  courseRef: string;
  kind: CourseKind;
  profile: string;
  careTeam: CareTeam;
  /** Non-personal labels for the Temporal UI's search attributes. */
  labels: { hospitalUnit?: string; municipality?: string };
  phase: Phase;
  startedAt: Instant;
  flags: CourseFlags;
  obligations: Obligation[];
  closed: ClosedObligation[];
  schedules: Schedule[];
  overrides: Override[];
  events: RecordedEvent[];
  /** DIS-WAITING: periods a discharge-ready patient waited for the municipality. */
  waiting: WaitingPeriod[];
  deliveryFailures: DeliveryFailure[];
  /** Set when the course was adopted under way (domain §9.6): when, by whom, what was then overdue. */
  adoption?: Adoption;
}

/** A duty already overdue when its course was adopted (domain §9.6), listed once. */
export interface OverdueAtAdoption {
  obligation: string;
  rule: string;
  dueAt: Instant;
  who: Role[];
}
export interface Adoption {
  at: Instant;
  by?: string;
  overdue: OverdueAtAdoption[];
}

/** A plain-JSON copy: the state is JSON by construction (it travels as a workflow payload). */
export function copyState(state: CourseState): CourseState {
  return JSON.parse(JSON.stringify(state)) as CourseState;
}
