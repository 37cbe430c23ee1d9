// Events an admin or an integration records on a course (domain §8: validated at the edge). Parsed with zod at the
// edge (the update validator); the engine then checks them against the course's rules.
// Events carry no free text about the patient: only kinds, flags and instants. The one free
// text, an override's reason, is about the decision, and is encrypted with the payloads. The
// update validator also refuses a national identity number in any field (domain/edge.ts,
// domain §7); these schemas do not, since the handler parses them again on replay.
import { z } from 'zod';
import { careTeamSchema, ownPattern } from './model';
import type { Instant } from './calendar';

export const messageKinds = [
  'admissionNotice', // Melding om innlagt pasient (ADM-NOTICE)
  'healthInformation', // Helseopplysning / tidligmelding (ADM-HEALTHINFO, DIS-READY's updated information)
  'statusInformation', // status, expected course and discharge time (ADM-STATUS)
  'gpDialogue', // dialogue message to the GP (ADM-GP)
  'admissionReport', // Innleggelsesrapport (ADM-REPORT)
  'dischargeChangeUpdate', // updated information on a changed discharge time (ADM-DISCHARGE-CHANGE)
  'deathNotice', // the municipality is informed of a death (ADM-DEATH)
  'dischargeReadyNotice', // Melding om utskrivningsklar pasient (DIS-READY)
  'withdrawalNotice', // Avmelding (DIS-WITHDRAW)
  'dischargeReport', // Utskrivningsrapport (DIS-LEAVE)
  'dischargeSummary', // Epikrise (DIS-LEAVE)
  'dischargedNotice', // Melding om utskrevet pasient (DIS-LEAVE)
  'emergencyClinicInformed', // out-of-hours clinic informed before a leave or the discharge (DIS-EMERGENCY)
  'leaveFeedback', // feedback to the responsible clinician after a leave (DIS-LEAVE-FEEDBACK)
  'riskShared', // relevant parts of the violence-risk assessment shared (STAY-RISK)
  'supplementaryInformation', // supplementary information from the municipality (ADM-REPORT-SUPP)
  'meetingSummary', // the collaboration meeting's summary to the municipality (DIS-MEETING-SUMMARY)
  'planChangesShared', // partners told of changes to the protection plan (TUD-PLAN-INFORM)
] as const;
export const meetingKinds = ['collaboration', 'responsibilityGroup', 'ermTransfer', 'agreementReview'] as const;
export const planKinds = ['protection', 'progression', 'crisis', 'individual', 'riskManagement'] as const;

const none = {};
/** Each event kind with the data it carries. */
const eventData = {
  courseStarted: { formerCompulsoryCare: z.boolean().optional() },
  admission: {
    hasMunicipalServices: z.boolean(),
    needsMunicipalServices: z.boolean().optional(),
    complexNeeds: z.boolean().optional(),
    coercion: z.boolean().optional(),
  },
  servicesNeedFound: none,
  /** The status cannot be assessed within 24 hours, or a long stay is expected (ADM-STATUS). */
  assessmentDeferred: none,
  /** The hospital needs supplementary information from the municipality (ADM-REPORT-SUPP). */
  supplementNeeded: none,
  /** A collaboration meeting before discharge-ready is needed (DIS-MEETING under HNT). */
  meetingNeeded: { outpatientFollowUp: z.boolean().optional() },
  expectedDischargeChanged: none,
  messageSent: { message: z.enum(messageKinds) },
  meetingHeld: { meeting: z.enum(meetingKinds) },
  dialogueHeld: none,
  planUpdated: { plan: z.enum(planKinds), final: z.boolean().optional() },
  leaveStarted: none,
  leaveEnded: { breach: z.boolean().optional() },
  dischargeProcessStarted: none,
  dischargeReady: none,
  withdrawal: none,
  /** The municipality's answer; `receiveOn` is the day it can receive the patient (DIS-RECEIVE). */
  answerReceived: {
    // The rule of z.iso.date(), with a pattern of our own (domain/model.ts ownPattern).
    receiveOn: z.string().regex(ownPattern(z.regexes.date), 'receiveOn must be a date, YYYY-MM-DD').optional(),
  },
  discharged: none,
  dischargedToTud: none,
  breach: none,
  medicationRefused: none,
  noShow: none,
  ermReported: { deterioration: z.boolean().optional() },
  coordinatorAppointed: { party: z.enum(['hospital', 'municipality']) },
  ipStarted: none,
  ipDeclined: none,
  riskAssessed: { elevatedViolenceRisk: z.boolean().optional() },
  patientSigned: none,
  prosecutorApproved: none,
  coercionEnded: none,
  death: none,
  careTeamChanged: { careTeam: careTeamSchema() },
  courseEnded: none,
  /** A step with no event of its own was done (e.g. ADM-CHILDREN, DIS-SHADOWING, LT-SOMATIC). */
  taskDone: { rule: z.string() },
  /** Admin override of a gate (domain §4.3), with the reason recorded. */
  override: {
    gate: z.enum(['firstLeave', 'leave', 'dischargeReady', 'discharge']),
    reason: z.string().trim().min(10, 'reason must say why, in at least 10 characters').max(500),
  },
} as const;

export type EventKind = keyof typeof eventData;
export const eventKinds = Object.keys(eventData) as EventKind[];

/**
 * An event's id: the idempotency key from the sending system (the CLI makes one when none is
 * given, client/courses.ts). Clients use it as the Temporal update id too, so only ids this
 * schema accepts are sent as one.
 */
const eventId = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'id may hold letters, digits and . _ : -');
export const eventIdSchema = () => eventId;

/** Fields every event may carry. */
const envelope = {
  /** When it happened (ISO-8601 with offset). Not in the future; back-dating within the profile's limit. */
  at: z.string().optional(),
  /**
   * Idempotency key: the same id again with the same content is the same event, answered with
   * the event as recorded (domain/decide.ts `alreadyRecorded`); with other content it is refused.
   */
  id: eventId.optional(),
  /** Who recorded it (an opaque staff or system id), for the audit trail. */
  by: z.string().trim().min(1).max(100).optional(),
};

const schemas = eventKinds.map((kind) => z.strictObject({ kind: z.literal(kind), ...envelope, ...eventData[kind] }));
const eventInput = z.discriminatedUnion('kind', schemas as unknown as [(typeof schemas)[number], ...typeof schemas]);
export const eventInputSchema = () => eventInput;

type DataOf<K extends EventKind> = {
  [F in keyof (typeof eventData)[K]]: (typeof eventData)[K][F] extends z.ZodType<infer T> ? T : never;
};
type OptionalKeys<T> = { [K in keyof T]: undefined extends T[K] ? K : never }[keyof T];
type Normalise<T> = { [K in Exclude<keyof T, OptionalKeys<T>>]: T[K] } & { [K in OptionalKeys<T>]?: T[K] };
export type EventInput = {
  [K in EventKind]: { kind: K; at?: string; id?: string; by?: string } & Normalise<DataOf<K>>;
}[EventKind];

/** An accepted event as kept in the course state: instants canonical, a sequence number for the audit. */
export type RecordedEvent = EventInput & {
  seq: number;
  at: Instant;
  recordedAt: Instant;
  /** A past fact recorded when the course was adopted under way (domain §9.6, domain/adopt.ts). */
  adopted?: true;
};
