// Agreement profiles (domain §5, §9.1): what differs between regions, as validated data.
// Every deadline says whether it is the agreement's own number (`agreement`, with its section)
// or a configurable default for an "as soon as possible" rule (`default`), never law. A profile
// has the rules its agreement (or a national source) contains, and the rules it switches on as
// labelled local defaults; no others.
import { z } from 'zod';
import type { DurationSpec } from './calendar';
import { catalogue, ruleIds } from './catalogue';
import { describeIssues } from './rejections';
import { profileDeadlineKeys } from './rule';
import { agreementIds, inAgreement } from './sources';

const duration = z
  .strictObject({
    minutes: z.number().int().nonnegative().optional(),
    hours: z.number().int().nonnegative().optional(),
    days: z.number().int().nonnegative().optional(),
    months: z.number().int().nonnegative().optional(),
    years: z.number().int().nonnegative().optional(),
  })
  .refine((d) => Object.keys(d).length > 0, {
    message: 'a duration needs at least one of minutes, hours, days, months, years',
  });

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:mm' });
const window = z
  .strictObject({ start: hhmm, end: hhmm, basis: z.enum(['agreement', 'default']), source: z.string().optional() })
  .refine((w) => w.start < w.end, { message: 'start must be before end' });

const deadline = z
  .strictObject({
    duration,
    basis: z.enum(['agreement', 'default']),
    /** Where the agreement says so (required when basis is `agreement`). */
    source: z.string().optional(),
  })
  .refine((d) => d.basis === 'default' || !!d.source, { message: 'an agreement deadline needs its source' });

const profileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  /** The collaboration agreement whose rules the profile has. */
  agreement: z.enum(agreementIds),
  /** Rules the agreement does not contain, switched on as labelled local defaults (domain §9.1). */
  localDefaults: z.array(z.string()).default([]),
  timeZone: z.literal('Europe/Oslo'),
  holidayCalendar: z.literal('NO'),
  deadlines: z.strictObject(
    Object.fromEntries(profileDeadlineKeys.map((k) => [k, deadline])) as Record<
      (typeof profileDeadlineKeys)[number],
      typeof deadline
    >,
  ),
  /** DIS-READY / DIS-DAY0: the discharge-ready notice window on working days. */
  noticeWindow: window,
  /** DIS-ANSWER: elapsed time after the notice, or the end of a window on working days. */
  answer: z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('elapsed'),
      duration,
      basis: z.enum(['agreement', 'default']),
      source: z.string().optional(),
    }),
    z.strictObject({ type: z.literal('window'), window, source: z.string() }),
  ]),
  /** How far back an event's instant may lie (domain §8: a date in the future is refused, and so is one too far back). */
  backdateLimit: duration,
  /** Escalation to the role's manager this long after the deadline (domain §7). */
  escalateAfter: duration,
  /** Per rule: a heads-up lead time and an escalation delay that replace the catalogue's and the profile's. */
  reminders: z
    .record(z.string(), z.strictObject({ headsUp: duration.optional(), escalateAfter: duration.optional() }))
    .refine((r) => Object.keys(r).every((id) => ruleIds.includes(id)), {
      message: 'names a rule id that is not in the catalogue',
    })
    .default({}),
});
export type Profile = z.infer<typeof profileSchema>;

/** A local default must name a rule of the catalogue that the agreement does not already contain. */
function checkLocalDefaults(p: Profile): string[] {
  return p.localDefaults.flatMap((id) => {
    const r = catalogue.find((x) => x.id === id);
    if (!r) return [`localDefaults: '${id}' is not a rule id of the catalogue`];
    return inAgreement(r.sources, p.agreement) ? [`localDefaults: '${id}' is in the agreement already`] : [];
  });
}

const agreement = (d: DurationSpec, source: string) => ({ duration: d, basis: 'agreement' as const, source });
const byDefault = (d: DurationSpec) => ({ duration: d, basis: 'default' as const });

/** Defaults shared by the shipped profiles for rules the seeds leave open ("as soon as possible"). */
const commonDefaults = {
  gpDialogue: byDefault({ hours: 24 }),
  statusDeferred: byDefault({ hours: 72 }),
  deathNotice: byDefault({ hours: 1 }),
  receptionWithoutDate: byDefault({ days: 2 }),
  meetingSummary: byDefault({ days: 2 }),
  planChangesShared: byDefault({ days: 7 }),
  riskPlan: byDefault({ days: 30 }),
  dischargeChange: byDefault({ hours: 24 }),
  childrenClarified: byDefault({ hours: 72 }),
  hospitalCoordinator: byDefault({ days: 14 }),
  municipalCoordinator: byDefault({ days: 14 }),
  individualPlan: byDefault({ days: 30 }),
  riskAssessment: byDefault({ days: 14 }),
  stayMeetingEvery: byDefault({ months: 3 }),
  dischargePreparation: byDefault({ days: 60 }),
  emergencyClinicInformed: byDefault({ hours: 2 }),
  leaveFeedback: byDefault({ hours: 24 }),
  withdrawalNotice: byDefault({ hours: 1 }),
  dischargeMessages: byDefault({ hours: 2 }),
  tudFirstMeeting: byDefault({ months: 3 }),
  ermReportEvery: byDefault({ months: 1 }),
  noShowAssessment: byDefault({ days: 2 }),
  coordinatorAppointment: byDefault({ days: 30 }),
  riskMapping: byDefault({ days: 30 }),
  crisisPlanReviewEvery: byDefault({ months: 12 }),
};

const base = {
  timeZone: 'Europe/Oslo',
  holidayCalendar: 'NO',
  backdateLimit: { days: 30 },
  escalateAfter: { hours: 24 },
  reminders: {},
} as const;

/** The Ahus procedure (000): the forensic duties and the review of the procedure, local defaults elsewhere. */
const forensicProcedure = [
  'ADM-GP',
  'STAY-COORD-M',
  'STAY-RISK',
  'STAY-MEETING',
  'DIS-PLAN-START',
  'DIS-PROGRESSION',
  'DIS-SERVICES',
  'DIS-ERM-TRAINING',
  'DIS-SHADOWING',
  'DIS-VICTIMS',
  'DIS-EMERGENCY',
  'DIS-LEAVE-FEEDBACK',
  'DIS-PROSECUTOR',
  'TUD-MEETING',
  'TUD-DIALOGUE',
  'TUD-PLAN',
  'TUD-PLAN-INFORM',
  'TUD-BREACH',
  'TUD-MEDICATION',
  'TUD-ERM',
  'TUD-NOSHOW',
  // 000 §4: the procedure is evaluated every two years; the other agreements say nothing of it.
  'AGR-REVIEW',
];

/** The shipped profiles, as data; `loadProfile` validates them (a bad one fails at start-up). */
export const shippedProfiles: Record<string, unknown> = {
  ahus: {
    ...base,
    id: 'ahus',
    name: 'Ahus og kommunene (dom til tvungent psykisk helsevern)',
    agreement: 'ahus',
    // 000 §3.1.2 defers admission and discharge deadlines to a guideline outside the sources
    // (domain §9.1): the discharge messages run here as local defaults, and no day 0.
    localDefaults: [
      'ADM-REPORT',
      'ADM-DEATH',
      'ADM-CHILDREN',
      'DIS-READY',
      'DIS-ANSWER',
      'DIS-WITHDRAW',
      'DIS-LEAVE',
      'DIS-WAITING',
    ],
    deadlines: {
      ...commonDefaults,
      admissionNotice: byDefault({ hours: 24 }),
      admissionReport: byDefault({ hours: 24 }),
    },
    noticeWindow: { start: '08:00', end: '15:00', basis: 'default' },
    answer: { type: 'elapsed', duration: { hours: 4 }, basis: 'default' },
  },
  hnt: {
    ...base,
    id: 'hnt',
    name: 'Helse Nord-Trøndelag og kommunene',
    agreement: 'hnt',
    localDefaults: ['ADM-NOTICE', 'STAY-COORD-H', 'STAY-IP', 'DIS-WITHDRAW', ...forensicProcedure],
    deadlines: {
      ...commonDefaults,
      admissionNotice: byDefault({ hours: 24 }),
      admissionReport: agreement({ hours: 4 }, 'vedlegg §1.1g'),
      // vedlegg §1.2k: «Ved dødsfall skal kommunen informeres umiddelbart»; "at once" gets a default number.
      deathNotice: byDefault({ hours: 1 }),
    },
    // vedlegg §3.1a: «skal tilstrebes … mellom 08.00 og 15.00 (mandag – fredag)»: soft; a public
    // holiday counts as outside the window (docs/decisions/0004-hnt-holidays-outside-the-window.md).
    noticeWindow: { start: '08:00', end: '15:00', basis: 'agreement', source: 'vedlegg §3.1a' },
    // 001 vedlegg §3.2a: the municipality answers at once; "at once" gets a default number.
    answer: { type: 'elapsed', duration: { hours: 2 }, basis: 'default' },
    reminders: { 'ADM-REPORT': { escalateAfter: { hours: 2 } } },
  },
  unn: {
    ...base,
    id: 'unn',
    name: 'UNN og kommunene i Nord-Norge',
    agreement: 'unn',
    localDefaults: ['ADM-DEATH', 'DIS-LEAVE', ...forensicProcedure],
    deadlines: {
      ...commonDefaults,
      // §2.2: "as soon as admission is clear"
      admissionNotice: byDefault({ hours: 24 }),
      admissionReport: agreement({ hours: 24 }, '§2.2'),
      // §4.1: «så snart som mulig etter at de er vurdert som utskrivningsklare»
      receptionWithoutDate: byDefault({ days: 2 }),
    },
    // §4.1: «fortrinnsvis mellom kl. 8-14 på virkedag»: soft.
    noticeWindow: { start: '08:00', end: '14:00', basis: 'agreement', source: '§4.1' },
    answer: { type: 'window', window: { start: '08:00', end: '15:00', basis: 'agreement' }, source: '§4.1' },
  },
};
export const profileIds = Object.keys(shippedProfiles);

/** Validates a profile; the error names the profile and every bad field. */
export function parseProfile(data: unknown, label = 'profile'): Profile {
  const result = profileSchema.safeParse(data);
  if (!result.success) {
    throw new Error(`Agreement ${label} is invalid: ${describeIssues(result.error)}`);
  }
  const problems = checkLocalDefaults(result.data);
  if (problems.length > 0) throw new Error(`Agreement ${label} is invalid: ${problems.join('; ')}`);
  return result.data;
}

const cache = new Map<string, Profile>();
export function loadProfile(id: string): Profile {
  let profile = cache.get(id);
  if (!profile) {
    const data = shippedProfiles[id];
    if (data === undefined) throw new Error(`Unknown agreement profile '${id}'; known: ${profileIds.join(', ')}`);
    profile = parseProfile(data, `profile '${id}'`);
    cache.set(id, profile);
  }
  return profile;
}
