// What a rule of the obligations catalogue is made of. The engine is generic over these fields;
// a rule's behaviour lives in its data (catalogue.ts), not in code paths of its own.
import type { DurationSpec, Instant } from './calendar';
import type { EventKind, RecordedEvent } from './events';
import type { CourseFlags, CourseKind, Phase, Role } from './model';
import type { SourceKey } from './sources';

export interface Text {
  nb: string;
  en: string;
}

/** Events that may only happen once the rules that gate them are done (domain §4.3, §9.7). */
export type Gate = 'firstLeave' | 'leave' | 'dischargeReady' | 'discharge';
export const gateTitles: Record<Gate, Text> = {
  firstLeave: { nb: 'første permisjon', en: 'the first leave' },
  leave: { nb: 'hver permisjon', en: 'every leave' },
  dischargeReady: { nb: 'utskrivningsklar', en: 'discharge-ready' },
  discharge: { nb: 'utskrivning', en: 'the discharge' },
};

/** An event kind and the data fields it must have to match. */
export type EventMatch = { kind: EventKind } & Record<string, string | boolean>;

export interface Step {
  id: string;
  title: Text;
  /** Any of these events completes the step. */
  match: EventMatch[];
  /** The step is only required while this course flag is set. */
  requiredWhen?: keyof CourseFlags;
  /** The step is only required under these agreements (e.g. UNN's clarification with the municipality). */
  onlyUnder?: string[];
  /** Only an event after the rule opened completes the step (an *updated* message, domain §9.7). */
  afterOpening?: boolean;
}

/** Keys of the deadlines an agreement profile fixes (domain §5). */
export const profileDeadlineKeys = [
  'admissionNotice',
  'admissionReport',
  'gpDialogue',
  'dischargeChange',
  'childrenClarified',
  'hospitalCoordinator',
  'municipalCoordinator',
  'individualPlan',
  'riskAssessment',
  'stayMeetingEvery',
  'dischargePreparation',
  'emergencyClinicInformed',
  'leaveFeedback',
  'withdrawalNotice',
  'dischargeMessages',
  'tudFirstMeeting',
  'ermReportEvery',
  'noShowAssessment',
  'coordinatorAppointment',
  'riskMapping',
  'crisisPlanReviewEvery',
  'statusDeferred',
  'deathNotice',
  'receptionWithoutDate',
  'meetingSummary',
  'planChangesShared',
  'riskPlan',
] as const;
export type ProfileDeadlineKey = (typeof profileDeadlineKeys)[number];

export type Deadline =
  /** A period the seeds state for every region (e.g. "24 h"). */
  | { type: 'fixed'; duration: DurationSpec }
  /** A period the agreement profile sets: regional, or a configurable default. */
  | { type: 'profile'; key: ProfileDeadlineKey }
  /** A period counted from the admission of the stay, not from the event that opened the rule. */
  | { type: 'sinceAdmission'; duration: DurationSpec }
  /** DIS-READY: within the profile's notice window. */
  | { type: 'noticeWindow' }
  /** DIS-ANSWER: the profile's answer rule. */
  | { type: 'answer' }
  /** DIS-DAY0: the end of the day the notice counts from. */
  | { type: 'day0' }
  /** DIS-RECEIVE: the end of the day the answer named, else the profile's default. */
  | { type: 'reception' }
  /**
   * "At least every N" (domain §9.4): each occurrence falls due N after the last fulfilment, or
   * after the rule opened. `firstHalfYear` asks for that many fulfilments within the period after
   * the rule opened (the first due earlier, a local default); `endsAfter` stops the rule that long
   * after it opened; `fromLastDone` counts the first occurrence from the last fulfilment before the
   * rule opened, in the same stay.
   */
  | {
      type: 'rolling';
      every: DurationSpec | ProfileDeadlineKey;
      firstHalfYear?: { count: number; firstDue: ProfileDeadlineKey };
      endsAfter?: DurationSpec;
      fromLastDone?: boolean;
    }
  /** Revision 1's fixed calendar periods: occurrence k due at anchor + k·every. Kept for courses started then. */
  | {
      type: 'recurring';
      every: DurationSpec | ProfileDeadlineKey;
      count?: number;
      firstPeriodTwice?: ProfileDeadlineKey;
    }
  /** No deadline and no reminders: the rule only gates an event (domain §9.7, §9.9). */
  | { type: 'gate' }
  /** An alert sent at once; nothing stays open. */
  | { type: 'immediate' }
  /** A measurement, not an obligation (DIS-WAITING). */
  | { type: 'measure' };

/** What an opening or cancelling condition may look at. */
export interface RuleContext {
  kind: CourseKind;
  flags: CourseFlags;
  phase: Phase;
  /** The agreement of the course's profile (`ahus`, `hnt`, `unn`). */
  agreement: string;
  /** Does the rule have an open occurrence? */
  open: (ruleId: string) => boolean;
  /** The deadline of the rule's open occurrence. */
  dueOf: (ruleId: string) => Instant | undefined;
}

export interface Opening {
  on: EventMatch;
  /** Only when this holds for the course and the event. */
  when?: (course: RuleContext, event: RecordedEvent) => boolean;
}

export interface Rule {
  id: string;
  title: Text;
  /** The section of each agreement (and national source) the rule comes from (domain §9.1). */
  sources: Partial<Record<SourceKey, string>>;
  /** The seeds say «bør» (should), not «skal» (shall): reminders say "should". */
  should?: boolean;
  kinds: CourseKind[];
  /** Who must act: each group is one recipient, the first of its roles present in the care team. */
  who: Role[][];
  opensOn: Text;
  opens: Opening[];
  closedBy: Text;
  steps: Step[];
  /** Steps must happen in this order (e.g. the patient signs before the prosecutor approves). */
  ordered?: boolean;
  /** Events that end the rule's open occurrences and schedule because the course moved on. */
  cancelledBy?: Opening[];
  deadline: Deadline;
  /** Heads-up lead time before the deadline (the profile may set another per rule). */
  headsUp?: DurationSpec;
  /** The gated events this rule must be closed for (domain §4.3). */
  gates?: Gate[];
  /** Steps that must be on record in the stay before a gated event, under some agreements (domain §9.7). */
  gateSteps?: { gate: Gate; steps: string[]; onlyUnder: string[] }[];
  /** "At once" alerts: the event, and who is told (`careTeam`: every party). */
  alerts?: { on: EventMatch; to: Role[] | 'careTeam' }[];
  /** A meeting must be held: reminders carry a calendar invitation (domain §7). */
  meeting?: boolean;
  /** An event after which the open occurrence's deadline is counted anew, from when it opened. */
  redatedBy?: { on: EventMatch; deadline: Deadline };
  /** Where the rule differs for a course kind. */
  byKind?: Partial<Record<CourseKind, RuleVariant>>;
  /** New in revision 2 of the rules: absent for courses still on revision 1. */
  since?: 2;
  /** How the rule read in revision 1, for courses started then until they move to revision 2. */
  revision1?: RuleVariant;
}
export type RuleVariant = Partial<Omit<Rule, 'id' | 'revision1' | 'since' | 'byKind'>>;
