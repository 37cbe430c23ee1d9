// The obligations catalogue: every rule of domain.md §4 as data, with its id, title (nb/en),
// source, who must act, what opens it, its deadline and what closes it. The engine is generic
// over this table; a rule's behaviour lives here, not in code paths of its own.
import type { DurationSpec } from './calendar';
import type { EventKind, RecordedEvent } from './events';
import type { CourseFlags, CourseKind, Role } from './model';

export interface Text {
  nb: string;
  en: string;
}
export type Gate = 'firstLeave' | 'dischargeReady' | 'discharge';
export const gateTitles: Record<Gate, Text> = {
  firstLeave: { nb: 'første permisjon', en: 'the first leave' },
  dischargeReady: { nb: 'utskrivningsklar', en: 'discharge-ready' },
  discharge: { nb: 'utskrivning til TUD', en: 'discharge to TUD' },
};

/** An event kind and the data fields it must have to match. */
export type EventMatch = { kind: EventKind } & Record<string, string | boolean>;

export interface Step {
  id: string;
  title: Text;
  /** Any of these events completes the step. */
  match: EventMatch[];
  /** The step is only required while this course flag is set (LT-RISK's risk-management plan). */
  requiredWhen?: keyof CourseFlags;
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
] as const;
export type ProfileDeadlineKey = (typeof profileDeadlineKeys)[number];

export type Deadline =
  /** A period the seeds state for every region (e.g. "24 h"). */
  | { type: 'fixed'; duration: DurationSpec }
  /** A period the agreement profile sets: regional, or a configurable default. */
  | { type: 'profile'; key: ProfileDeadlineKey }
  /** DIS-READY: within the profile's notice window. */
  | { type: 'noticeWindow' }
  /** DIS-ANSWER: the profile's answer rule. */
  | { type: 'answer' }
  /** DIS-DAY0: the end of the day the notice counts from. */
  | { type: 'day0' }
  /** Occurrence k due at anchor + k·every; `firstPeriodTwice` adds a second meeting in the first period. */
  | {
      type: 'recurring';
      every: DurationSpec | ProfileDeadlineKey;
      count?: number;
      firstPeriodTwice?: ProfileDeadlineKey;
    }
  /** An alert sent at once; nothing stays open. */
  | { type: 'immediate' }
  /** A measurement, not an obligation (DIS-WAITING). */
  | { type: 'measure' };

export interface Opening {
  on: EventMatch;
  /** Only when this holds for the course (kind, flags). */
  when?: (course: { kind: CourseKind; flags: CourseFlags }) => boolean;
}

export interface Rule {
  id: string;
  title: Text;
  source: string;
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
  cancelledBy?: EventMatch[];
  deadline: Deadline;
  /** Heads-up lead time before the deadline (the profile may override per rule). */
  headsUp?: DurationSpec;
  /** The event-driven gates this rule must be closed for (domain §4.3). */
  gates?: Gate[];
  /** "At once" alerts: the event, and who is told (`careTeam`: every party). */
  alerts?: { on: EventMatch; to: Role[] | 'careTeam' }[];
  /** A meeting must be held: reminders carry a calendar invitation (domain §7). */
  meeting?: boolean;
}

/** Role names as staff read them (domain §1, §3). */
export const roleTitles: Record<Role, Text> = {
  responsibleClinician: { nb: 'Faglig ansvarlig', en: 'Responsible clinician' },
  ward: { nb: 'Sengepost / behandlende enhet', en: 'Ward / treating unit' },
  dps: { nb: 'DPS / poliklinikk', en: 'District psychiatric centre / outpatient clinic' },
  hospitalCoordinator: { nb: 'Koordinator i sykehuset', en: 'Hospital coordinator' },
  hospitalCoordinatingUnit: { nb: 'Koordinerende enhet i sykehuset', en: 'Hospital coordinating unit' },
  caseOffice: { nb: 'Tildelingskontor / saksbehandlertjeneste', en: 'Municipal case office' },
  municipalCoordinator: { nb: 'Kommunal koordinator', en: 'Municipal coordinator' },
  contactPerson: { nb: 'Kommunal kontaktperson', en: 'Municipal contact person' },
  municipalCoordinatingUnit: { nb: 'Koordinerende enhet i kommunen', en: 'Municipal coordinating unit' },
  emergencyClinic: { nb: 'Legevakt', en: 'Out-of-hours emergency clinic' },
  gp: { nb: 'Fastlege', en: 'GP' },
  police: { nb: 'Politi', en: 'Police' },
  prosecutor: { nb: 'Påtalemyndighet', en: 'Public prosecutor' },
  guardian: { nb: 'Verge', en: 'Guardian' },
};

const forensic: CourseKind[] = ['forensic-tud'];
const inpatient: CourseKind[] = ['forensic-tud', 'admission-discharge'];
const longTerm: CourseKind[] = ['long-term-coordinated'];
const isForensic = (c: { kind: CourseKind }) => c.kind === 'forensic-tud';
const forensicOrComplex = (c: { kind: CourseKind; flags: CourseFlags }) =>
  isForensic(c) || c.flags.complexNeeds === true;

const hospitalWard: Role[] = ['ward', 'responsibleClinician', 'dps'];
const clinician: Role[] = ['responsibleClinician', 'ward', 'dps'];
const caseOffice: Role[] = ['caseOffice', 'municipalCoordinator', 'contactPerson'];
const municipalCoordinator: Role[] = ['municipalCoordinator', 'contactPerson', 'caseOffice'];
const hospitalCoordinating: Role[] = ['hospitalCoordinatingUnit', 'hospitalCoordinator', 'ward', 'dps'];
const municipalCoordinating: Role[] = ['municipalCoordinatingUnit', 'caseOffice'];
const municipalParties: Role[] = [
  'caseOffice',
  'municipalCoordinator',
  'contactPerson',
  'municipalCoordinatingUnit',
  'emergencyClinic',
];

const msg = (message: string): EventMatch => ({ kind: 'messageSent', message });
const task = (rule: string): EventMatch => ({ kind: 'taskDone', rule });
const step = (id: string, nb: string, en: string, ...match: EventMatch[]): Step => ({ id, title: { nb, en }, match });
const on = (kind: EventKind, when?: Opening['when'], fields: Record<string, string | boolean> = {}): Opening => ({
  on: { kind, ...fields },
  when,
});
const hours = (h: number): DurationSpec => ({ hours: h });
/** Preparations for a discharge end with it: left open only where an admin overrode a gate (domain §4.3). */
const endsAtDischarge: EventMatch[] = [{ kind: 'dischargedToTud' }, { kind: 'discharged' }];

export const catalogue: readonly Rule[] = [
  // ---- 4.1 Admission -------------------------------------------------------------------------
  {
    id: 'ADM-NOTICE',
    source: '000 §3.2.1; 004 §2.2',
    kinds: inpatient,
    who: [hospitalWard],
    title: { nb: 'Melding om innlagt pasient til kommunen', en: 'Admission notice to the municipality' },
    opensOn: {
      nb: 'innleggelse av pasient med kommunale tjenester',
      en: 'admission of a patient who has municipal services',
    },
    opens: [on('admission', (c) => c.flags.hasMunicipalServices === true)],
    closedBy: { nb: 'melding om innlagt pasient sendt', en: 'admission notice sent' },
    steps: [step('sent', 'melding sendt', 'notice sent', msg('admissionNotice'))],
    deadline: { type: 'profile', key: 'admissionNotice' },
    headsUp: hours(4),
  },
  {
    id: 'ADM-HEALTHINFO',
    source: '000 §3.2.1; 004 §2.2; 001 vedlegg §2a',
    kinds: inpatient,
    who: [hospitalWard],
    title: {
      nb: 'Helseopplysning (tidligmelding) til kommunen',
      en: 'Health information (early notice) to the municipality',
    },
    opensOn: {
      nb: 'innleggelse uten kommunale tjenester med antatt behov, eller behov oppdaget under oppholdet',
      en: 'admission without municipal services but with an expected need, or a need found during the stay',
    },
    opens: [
      on('admission', (c) => c.flags.hasMunicipalServices !== true, { needsMunicipalServices: true }),
      on('servicesNeedFound'),
    ],
    closedBy: {
      nb: 'helseopplysning sendt (årsak og status, forventet forløp og utskrivningstid, bolig)',
      en: 'health information sent (reason and status, expected course and discharge time, housing)',
    },
    steps: [step('sent', 'helseopplysning sendt', 'health information sent', msg('healthInformation'))],
    deadline: { type: 'fixed', duration: hours(24) },
    headsUp: hours(4),
  },
  {
    id: 'ADM-STATUS',
    source: '001 vedlegg §1.2k',
    kinds: inpatient,
    who: [hospitalWard],
    title: { nb: 'Status, forventet forløp og utskrivningstid', en: 'Status, expected course and discharge time' },
    opensOn: { nb: 'innleggelse', en: 'admission' },
    opens: [on('admission')],
    closedBy: { nb: 'informasjon sendt', en: 'information sent' },
    steps: [step('sent', 'informasjon sendt', 'information sent', msg('statusInformation'))],
    deadline: { type: 'fixed', duration: hours(24) },
    headsUp: hours(4),
  },
  {
    id: 'ADM-GP',
    source: '000 §3.2.1',
    kinds: forensic,
    who: [clinician],
    title: { nb: 'Dialogmelding til fastlegen', en: 'Dialogue message to the GP' },
    opensOn: { nb: 'innleggelse på dom', en: 'admission on a sentence' },
    opens: [on('admission')],
    closedBy: { nb: 'dialogmelding sendt', en: 'dialogue message sent' },
    steps: [step('sent', 'dialogmelding sendt', 'dialogue message sent', msg('gpDialogue'))],
    deadline: { type: 'profile', key: 'gpDialogue' },
    headsUp: hours(4),
  },
  {
    id: 'ADM-REPORT',
    source: '001 vedlegg §1.1g; 004 §2.2',
    kinds: inpatient,
    who: [caseOffice],
    title: { nb: 'Innleggelsesrapport til sykehuset', en: 'Admission report to the hospital' },
    opensOn: { nb: 'melding om innlagt pasient mottatt', en: 'admission notice received' },
    opens: [on('messageSent', undefined, { message: 'admissionNotice' })],
    closedBy: { nb: 'innleggelsesrapport sendt', en: 'admission report sent' },
    steps: [step('sent', 'innleggelsesrapport sendt', 'admission report sent', msg('admissionReport'))],
    deadline: { type: 'profile', key: 'admissionReport' },
    headsUp: hours(1),
  },
  {
    id: 'ADM-DISCHARGE-CHANGE',
    source: '001 vedlegg §1.2k',
    kinds: inpatient,
    who: [hospitalWard],
    title: {
      nb: 'Oppdatert informasjon ved endret utskrivningstid eller funksjon',
      en: 'Updated information on a changed discharge time or function',
    },
    opensOn: {
      nb: 'endring i forventet utskrivningstid, behov eller funksjon',
      en: 'change in expected discharge time, needs or function',
    },
    opens: [on('expectedDischargeChanged')],
    closedBy: { nb: 'oppdatert informasjon sendt', en: 'updated information sent' },
    steps: [step('sent', 'oppdatert informasjon sendt', 'updated information sent', msg('dischargeChangeUpdate'))],
    deadline: { type: 'profile', key: 'dischargeChange' },
    headsUp: hours(2),
  },
  {
    id: 'ADM-DEATH',
    source: '001 vedlegg §1.2k',
    kinds: ['forensic-tud', 'admission-discharge', 'long-term-coordinated'],
    who: [hospitalWard],
    title: { nb: 'Kommunen informeres straks ved dødsfall', en: 'The municipality is informed at once of a death' },
    opensOn: { nb: 'pasientens død', en: 'death of the patient' },
    opens: [],
    closedBy: { nb: 'kommunen informert; forløpet avsluttes', en: 'municipality informed; the course ends' },
    steps: [],
    deadline: { type: 'immediate' },
    alerts: [{ on: { kind: 'death' }, to: municipalParties }],
  },
  {
    id: 'ADM-CHILDREN',
    source: '001 §2.1–2.2; 004 §5.2',
    kinds: inpatient,
    who: [hospitalWard, caseOffice],
    title: {
      nb: 'Avklare om pasienten har mindreårige barn eller pårørende med omsorgsbehov',
      en: 'Clarify whether the patient has minor children or dependent next of kin',
    },
    opensOn: { nb: 'innleggelse', en: 'admission' },
    opens: [on('admission')],
    closedBy: { nb: 'avklart, og relevante tjenester varslet', en: 'clarified, and relevant services notified' },
    steps: [step('clarified', 'avklart og varslet', 'clarified and notified', task('ADM-CHILDREN'))],
    deadline: { type: 'profile', key: 'childrenClarified' },
    headsUp: hours(12),
  },
  // ---- 4.2 During a forensic stay ------------------------------------------------------------
  {
    id: 'STAY-COORD-H',
    source: '000 §3.2.1; 004 §3.2.3',
    kinds: inpatient,
    who: [hospitalCoordinating],
    title: { nb: 'Koordinator i sykehuset oppnevnt', en: 'Hospital coordinator appointed' },
    opensOn: { nb: 'innleggelse med komplekse/langvarige behov', en: 'admission with complex or long-term needs' },
    opens: [on('admission', forensicOrComplex)],
    closedBy: { nb: 'koordinator oppnevnt', en: 'coordinator appointed' },
    steps: [
      step('appointed', 'koordinator oppnevnt', 'coordinator appointed', {
        kind: 'coordinatorAppointed',
        party: 'hospital',
      }),
    ],
    deadline: { type: 'profile', key: 'hospitalCoordinator' },
    headsUp: { days: 2 },
  },
  {
    id: 'STAY-COORD-M',
    source: '000 §3.2.2',
    kinds: inpatient,
    who: [municipalCoordinating],
    title: {
      nb: 'Kontaktperson tilbudt og kommunal koordinator oppnevnt',
      en: 'Contact person offered and municipal coordinator appointed',
    },
    opensOn: {
      nb: 'innleggelse med behov for langvarige koordinerte tjenester',
      en: 'admission with long-term coordinated needs',
    },
    opens: [on('admission', forensicOrComplex)],
    closedBy: {
      nb: 'kontaktperson tilbudt / koordinator oppnevnt',
      en: 'contact person offered / coordinator appointed',
    },
    steps: [
      step('appointed', 'koordinator oppnevnt', 'coordinator appointed', {
        kind: 'coordinatorAppointed',
        party: 'municipality',
      }),
    ],
    deadline: { type: 'profile', key: 'municipalCoordinator' },
    headsUp: { days: 2 },
  },
  {
    id: 'STAY-IP',
    source: '000 §3.1.3; 004 §3.2.2',
    kinds: inpatient,
    who: [municipalCoordinating, hospitalCoordinating],
    title: {
      nb: 'Individuell plan startet (eller avslag registrert)',
      en: 'Individual plan started (or refusal recorded)',
    },
    opensOn: { nb: 'behov for tjenester etter begge lover', en: 'need for services under both laws' },
    opens: [on('admission', forensicOrComplex)],
    closedBy: {
      nb: 'IP startet, eller pasientens avslag registrert (samarbeid i samfunnsvernplanen)',
      en: 'IP started, or the refusal recorded (cooperation goes in the protection plan)',
    },
    steps: [
      step(
        'decided',
        'IP startet eller avslått',
        'IP started or declined',
        { kind: 'ipStarted' },
        { kind: 'ipDeclined' },
      ),
    ],
    deadline: { type: 'profile', key: 'individualPlan' },
    headsUp: { days: 3 },
  },
  {
    id: 'STAY-RISK',
    source: '000 §3.2.1',
    kinds: forensic,
    who: [clinician],
    title: {
      nb: 'Voldsrisikovurdering gjort og delt med kommunen',
      en: 'Violence-risk assessment done and shared with the municipality',
    },
    opensOn: { nb: 'innleggelse', en: 'admission' },
    opens: [on('admission')],
    closedBy: { nb: 'vurdering gjort og relevante deler delt', en: 'assessment done and relevant parts shared' },
    steps: [
      step('assessed', 'risiko vurdert', 'risk assessed', { kind: 'riskAssessed' }),
      step('shared', 'delt med kommunen', 'shared with the municipality', msg('riskShared')),
    ],
    deadline: { type: 'profile', key: 'riskAssessment' },
    headsUp: { days: 3 },
  },
  {
    id: 'STAY-MEETING',
    source: '000 §3.2.3',
    kinds: forensic,
    who: [clinician],
    title: { nb: 'Samarbeidsmøte under oppholdet', en: 'Collaboration meeting during the stay' },
    opensOn: { nb: 'innleggelse; gjentas jevnlig', en: 'admission; recurs regularly' },
    opens: [on('admission')],
    closedBy: { nb: 'samarbeidsmøte holdt', en: 'collaboration meeting held' },
    steps: [step('held', 'møte holdt', 'meeting held', { kind: 'meetingHeld', meeting: 'collaboration' })],
    cancelledBy: [{ kind: 'dischargedToTud' }],
    meeting: true,
    deadline: { type: 'recurring', every: 'stayMeetingEvery' },
    headsUp: { days: 7 },
  },
  // ---- 4.3 Discharge process: gates -----------------------------------------------------------
  {
    id: 'DIS-PLAN-START',
    source: '000 §3.3.1–3.3.2',
    kinds: forensic,
    who: [clinician],
    title: {
      nb: 'Samfunnsvernplan påbegynt før første permisjon',
      en: 'Protection plan started before the first leave',
    },
    opensOn: { nb: 'utskrivningsprosess startet', en: 'discharge process started' },
    opens: [on('dischargeProcessStarted')],
    closedBy: { nb: 'samfunnsvernplan (mal) utkast laget', en: 'protection plan (template) drafted' },
    steps: [
      step('drafted', 'samfunnsvernplan påbegynt', 'protection plan drafted', {
        kind: 'planUpdated',
        plan: 'protection',
      }),
    ],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['firstLeave'],
  },
  {
    id: 'DIS-PROGRESSION',
    source: '000 §3.3.1',
    kinds: forensic,
    who: [clinician, municipalCoordinator],
    title: {
      nb: 'Progresjonsplan godkjent av sykehus, kommune og pasient',
      en: 'Progression plan approved by hospital, municipality and patient',
    },
    opensOn: { nb: 'utskrivningsprosess startet', en: 'discharge process started' },
    opens: [on('dischargeProcessStarted')],
    closedBy: { nb: 'progresjonsplan godkjent av alle tre', en: 'progression plan approved by all three' },
    steps: [
      step('approved', 'progresjonsplan godkjent', 'progression plan approved', {
        kind: 'planUpdated',
        plan: 'progression',
      }),
    ],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['firstLeave'],
  },
  {
    id: 'DIS-SERVICES',
    source: '000 §3.3.1, §3.3.3',
    kinds: forensic,
    who: [caseOffice],
    title: {
      nb: 'Kommunale tjenester på plass før første permisjon',
      en: 'Municipal services in place before the first leave',
    },
    opensOn: { nb: 'utskrivningsprosess startet', en: 'discharge process started' },
    opens: [on('dischargeProcessStarted')],
    closedBy: {
      nb: 'tjenester på plass (kommunen informerer sykehuset om tidspunkt og endringer)',
      en: 'services in place (the municipality tells the hospital when, and of changes)',
    },
    steps: [step('inPlace', 'tjenester på plass', 'services in place', task('DIS-SERVICES'))],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['firstLeave'],
  },
  {
    id: 'DIS-ERM-TRAINING',
    source: '000 §3.3.2',
    kinds: forensic,
    who: [hospitalWard],
    title: { nb: 'ERM-opplæring og overføringsmøte', en: 'ERM training and transfer meeting' },
    opensOn: { nb: 'utskrivningsprosess startet', en: 'discharge process started' },
    opens: [on('dischargeProcessStarted')],
    closedBy: {
      nb: 'kommunalt personell opplært i ERM og overføringsmøte holdt',
      en: 'municipal staff trained in ERM and transfer meeting held',
    },
    steps: [
      step('transferMeeting', 'ERM-overføringsmøte holdt', 'ERM transfer meeting held', {
        kind: 'meetingHeld',
        meeting: 'ermTransfer',
      }),
      step('training', 'kommunalt personell opplært i ERM', 'municipal staff trained in ERM', task('DIS-ERM-TRAINING')),
    ],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['firstLeave', 'discharge'],
  },
  {
    id: 'DIS-SHADOWING',
    source: '000 §3.3.1, §3.3.3',
    kinds: forensic,
    who: [hospitalWard, caseOffice],
    title: { nb: 'Hospitering drøftet før første permisjon', en: 'Job shadowing discussed before the first leave' },
    opensOn: { nb: 'utskrivningsprosess startet', en: 'discharge process started' },
    opens: [on('dischargeProcessStarted')],
    closedBy: { nb: 'hospitering drøftet', en: 'job shadowing discussed' },
    steps: [step('discussed', 'hospitering drøftet', 'job shadowing discussed', task('DIS-SHADOWING'))],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['firstLeave'],
  },
  {
    id: 'DIS-VICTIMS',
    source: '000 §3.3.1',
    kinds: forensic,
    who: [clinician],
    title: {
      nb: 'Fornærmede og etterlatte varslet (psykisk helsevernloven § 5-6c)',
      en: 'Victims and bereaved notified (Mental Health Act § 5-6c)',
    },
    opensOn: { nb: 'utskrivningsprosess startet', en: 'discharge process started' },
    opens: [on('dischargeProcessStarted')],
    closedBy: { nb: 'varsel gitt', en: 'notice given' },
    steps: [step('notified', 'varslet', 'notified', task('DIS-VICTIMS'))],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['discharge'],
  },
  {
    id: 'DIS-EMERGENCY',
    source: '000 §3.3.1',
    kinds: forensic,
    who: [hospitalWard],
    title: {
      nb: 'Legevakt informert (voldsintervensjonsplan, faglig ansvarlig)',
      en: 'Out-of-hours clinic informed (violence-intervention plan, responsible clinician)',
    },
    opensOn: { nb: 'hver permisjon og utskrivningen', en: 'each leave and the discharge' },
    opens: [on('leaveStarted'), on('dischargedToTud')],
    closedBy: { nb: 'legevakt informert', en: 'out-of-hours clinic informed' },
    steps: [step('informed', 'legevakt informert', 'clinic informed', msg('emergencyClinicInformed'))],
    deadline: { type: 'profile', key: 'emergencyClinicInformed' },
    headsUp: hours(1),
  },
  {
    id: 'DIS-LEAVE-FEEDBACK',
    source: '000 §3.3.1–3.3.3',
    kinds: forensic,
    who: [municipalCoordinator],
    title: {
      nb: 'Tilbakemelding til faglig ansvarlig etter permisjon',
      en: 'Feedback to the responsible clinician after a leave',
    },
    opensOn: { nb: 'hver permisjon avsluttes', en: 'each leave ends' },
    opens: [on('leaveEnded')],
    closedBy: {
      nb: 'tilbakemelding gitt (ERM-skår, voldsrisiko, progresjon)',
      en: 'feedback given (ERM score, violence risk, progress)',
    },
    steps: [step('given', 'tilbakemelding gitt', 'feedback given', msg('leaveFeedback'))],
    deadline: { type: 'profile', key: 'leaveFeedback' },
    headsUp: hours(4),
    // A breach of leave conditions makes the clinician reassess discharge readiness at once.
    alerts: [{ on: { kind: 'leaveEnded', breach: true }, to: ['responsibleClinician'] }],
  },
  {
    id: 'DIS-PROSECUTOR',
    source: '000 §3.3.1–3.3.2',
    kinds: forensic,
    who: [clinician],
    title: {
      nb: 'Samfunnsvernplan signert av pasienten og overføringsvedtak godkjent av påtalemyndigheten',
      en: 'Protection plan signed by the patient and transfer approved by the prosecutor',
    },
    opensOn: {
      nb: 'utskrivningsprosess startet (samfunnsvernplan ferdig)',
      en: 'discharge process started (protection plan final)',
    },
    opens: [on('dischargeProcessStarted')],
    closedBy: {
      nb: 'påtalemyndigheten har godkjent før utskrivning til TUD',
      en: 'the prosecutor approved before discharge to TUD',
    },
    ordered: true,
    steps: [
      step('planFinal', 'samfunnsvernplan ferdig', 'protection plan final', {
        kind: 'planUpdated',
        plan: 'protection',
        final: true,
      }),
      step('patientSigned', 'signert av pasienten', 'signed by the patient', { kind: 'patientSigned' }),
      step('prosecutorApproved', 'godkjent av påtalemyndigheten', 'approved by the prosecutor', {
        kind: 'prosecutorApproved',
      }),
    ],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['discharge'],
  },
  {
    id: 'DIS-COERCION',
    source: '000 §3.3.2; 001 vedlegg §3; 004 §4.1',
    kinds: inpatient,
    who: [clinician],
    title: {
      nb: 'Tvangstiltak som ikke kan videreføres avsluttet før utskrivningsklar',
      en: 'Coercive measures that cannot continue ended before discharge-ready',
    },
    opensOn: {
      nb: 'utskrivningsprosess startet, eller innleggelse med tvang',
      en: 'discharge process started, or an admission with coercion',
    },
    opens: [
      on('dischargeProcessStarted'),
      on('admission', (c) => c.kind === 'admission-discharge' && c.flags.coercion === true),
    ],
    closedBy: { nb: 'tvangstiltak avsluttet', en: 'coercive measures ended' },
    steps: [step('ended', 'tvangstiltak avsluttet', 'coercion ended', { kind: 'coercionEnded' })],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['dischargeReady'],
  },
  {
    id: 'DIS-MEETING',
    source: '000 §3.3.1–3.3.2',
    kinds: forensic,
    who: [clinician],
    title: { nb: 'Samarbeidsmøte i god tid før utskrivning', en: 'Collaboration meeting well before discharge' },
    opensOn: { nb: 'utskrivningsprosess startet', en: 'discharge process started' },
    opens: [on('dischargeProcessStarted')],
    closedBy: {
      nb: 'møte holdt (ny DPS invitert ved flytting ut av opptaksområdet)',
      en: 'meeting held (the new DPS invited if moving out of the catchment area)',
    },
    steps: [step('held', 'møte holdt', 'meeting held', { kind: 'meetingHeld', meeting: 'collaboration' })],
    meeting: true,
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['discharge'],
  },
  // ---- 4.4 Discharge messaging ----------------------------------------------------------------
  {
    id: 'DIS-READY',
    source: '001 vedlegg §3.1a, §3.1.1; 004 §4.1',
    kinds: inpatient,
    who: [hospitalWard],
    title: {
      nb: 'Oppdatert helseopplysning og melding om utskrivningsklar pasient',
      en: 'Updated health information and discharge-ready notice',
    },
    opensOn: {
      nb: 'behandler vurderer pasienten utskrivningsklar',
      en: 'the clinician decides the patient is discharge-ready',
    },
    opens: [on('dischargeReady')],
    closedBy: { nb: 'melding sendt innenfor meldingsvinduet', en: 'notice sent within the notice window' },
    ordered: true,
    steps: [
      step(
        'healthInformation',
        'oppdatert helseopplysning sendt',
        'updated health information sent',
        msg('healthInformation'),
      ),
      step('notice', 'melding om utskrivningsklar sendt', 'discharge-ready notice sent', msg('dischargeReadyNotice')),
    ],
    cancelledBy: [{ kind: 'withdrawal' }],
    deadline: { type: 'noticeWindow' },
    headsUp: hours(2),
  },
  {
    id: 'DIS-ANSWER',
    source: '001 vedlegg §3.2a; 004 §4.1',
    kinds: inpatient,
    who: [caseOffice],
    title: {
      nb: 'Kommunens svar på melding om utskrivningsklar pasient',
      en: "The municipality's answer to the discharge-ready notice",
    },
    opensOn: { nb: 'melding om utskrivningsklar mottatt', en: 'discharge-ready notice received' },
    opens: [on('messageSent', undefined, { message: 'dischargeReadyNotice' })],
    closedBy: {
      nb: 'svar sendt (om og når pasienten kan tas imot, tjenester, medisiner og utstyr)',
      en: 'answer sent (whether and when the patient can be received, services, medicine and equipment)',
    },
    steps: [step('answered', 'svar sendt', 'answer sent', { kind: 'answerReceived' })],
    cancelledBy: [{ kind: 'withdrawal' }, ...endsAtDischarge],
    deadline: { type: 'answer' },
    headsUp: hours(1),
  },
  {
    id: 'DIS-DAY0',
    source: '001 vedlegg §3.2b',
    kinds: inpatient,
    who: [caseOffice],
    title: {
      nb: 'Kommunen tar imot pasienten samme dag (dag 0)',
      en: 'The municipality receives the patient the same day (day 0)',
    },
    opensOn: {
      nb: 'melding mottatt innenfor vinduet (ellers fra neste virkedags vindu)',
      en: "notice received inside the window (otherwise from the next working day's window)",
    },
    opens: [on('messageSent', undefined, { message: 'dischargeReadyNotice' })],
    closedBy: { nb: 'pasienten utskrevet', en: 'patient discharged' },
    steps: [
      step(
        'received',
        'pasienten utskrevet',
        'patient discharged',
        { kind: 'discharged' },
        { kind: 'dischargedToTud' },
      ),
    ],
    cancelledBy: [{ kind: 'withdrawal' }],
    deadline: { type: 'day0' },
    headsUp: hours(4),
  },
  {
    id: 'DIS-WITHDRAW',
    source: '004 §4.1',
    kinds: inpatient,
    who: [hospitalWard],
    title: {
      nb: 'Avmelding når pasienten ikke lenger er utskrivningsklar',
      en: 'Withdrawal notice when the patient is no longer discharge-ready',
    },
    opensOn: {
      nb: 'pasienten er ikke lenger utskrivningsklar etter sendt melding',
      en: 'the patient is no longer discharge-ready after the notice was sent',
    },
    opens: [], // opened by the engine on `withdrawal` only when a notice had been sent
    closedBy: { nb: 'avmelding sendt; ventetiden stopper', en: 'withdrawal sent; the waiting clock stops' },
    steps: [step('sent', 'avmelding sendt', 'withdrawal sent', msg('withdrawalNotice'))],
    deadline: { type: 'profile', key: 'withdrawalNotice' },
  },
  {
    id: 'DIS-LEAVE',
    source: '001 vedlegg §3.1.2',
    kinds: inpatient,
    who: [hospitalWard],
    title: {
      nb: 'Utskrivningsrapport, epikrise og melding om utskrevet pasient',
      en: 'Discharge report, discharge summary and discharged notice',
    },
    opensOn: { nb: 'pasienten reiser', en: 'the patient leaves' },
    opens: [on('discharged'), on('dischargedToTud')],
    closedBy: { nb: 'meldingene sendt', en: 'messages sent' },
    steps: [
      step('report', 'utskrivningsrapport sendt', 'discharge report sent', msg('dischargeReport')),
      step('summary', 'epikrise sendt', 'discharge summary sent', msg('dischargeSummary')),
      step('dischargedNotice', 'melding om utskrevet pasient sendt', 'discharged notice sent', msg('dischargedNotice')),
    ],
    deadline: { type: 'profile', key: 'dischargeMessages' },
    headsUp: hours(1),
  },
  {
    id: 'DIS-WAITING',
    source: '001 §3.3; 004 §4.1',
    kinds: inpatient,
    who: [],
    title: {
      nb: 'Liggedøgn som utskrivningsklar (betales av kommunen)',
      en: 'Days waiting as discharge-ready (billable to the municipality)',
    },
    opensOn: { nb: 'melding om utskrivningsklar pasient', en: 'discharge-ready notice' },
    opens: [],
    closedBy: { nb: 'utskrevet eller avmeldt', en: 'discharged or withdrawn' },
    steps: [],
    deadline: { type: 'measure' },
  },
  // ---- 4.5 After discharge to TUD -------------------------------------------------------------
  {
    id: 'TUD-MEETING',
    source: '000 §3.4.1',
    kinds: forensic,
    who: [clinician, municipalCoordinator],
    title: {
      nb: 'Samarbeidsmøte / ansvarsgruppemøte under TUD',
      en: 'Collaboration / responsibility-group meeting during TUD',
    },
    opensOn: {
      nb: 'utskrivning til TUD: minst to møter første halvår, deretter hvert halvår',
      en: 'discharge to TUD: at least two meetings in the first six months, then every six months',
    },
    opens: [on('dischargedToTud')],
    closedBy: {
      nb: 'møte holdt, referat skrevet (politiet informeres)',
      en: 'meeting held, minutes taken (the police are informed)',
    },
    steps: [
      step(
        'held',
        'møte holdt',
        'meeting held',
        { kind: 'meetingHeld', meeting: 'collaboration' },
        { kind: 'meetingHeld', meeting: 'responsibilityGroup' },
      ),
    ],
    meeting: true,
    deadline: { type: 'recurring', every: { months: 6 }, firstPeriodTwice: 'tudFirstMeeting' },
    headsUp: { days: 14 },
  },
  {
    id: 'TUD-DIALOGUE',
    source: '000 §3.4.1',
    kinds: forensic,
    who: [clinician, municipalCoordinator],
    title: {
      nb: 'Dialog mellom kommune og sykehus (månedlig første halvår)',
      en: 'Dialogue between municipality and hospital (monthly in the first six months)',
    },
    opensOn: { nb: 'utskrivning til TUD', en: 'discharge to TUD' },
    opens: [on('dischargedToTud')],
    closedBy: {
      nb: 'dialog gjennomført (telefon, digitalt eller fysisk)',
      en: 'dialogue held (phone, digital or in person)',
    },
    steps: [step('held', 'dialog holdt', 'dialogue held', { kind: 'dialogueHeld' })],
    deadline: { type: 'recurring', every: { months: 1 }, count: 6 },
    headsUp: { days: 5 },
  },
  {
    id: 'TUD-PLAN',
    source: '000 §3.4.1',
    kinds: forensic,
    who: [clinician],
    title: { nb: 'Samfunnsvernplanen oppdatert (minst årlig)', en: 'Protection plan updated (at least yearly)' },
    opensOn: { nb: 'utskrivning til TUD', en: 'discharge to TUD' },
    opens: [on('dischargedToTud')],
    closedBy: {
      nb: 'plan oppdatert; politi, legevakt, fastlege og verge informert om endringer',
      en: 'plan updated; police, out-of-hours clinic, GP and guardian informed of changes',
    },
    steps: [step('updated', 'plan oppdatert', 'plan updated', { kind: 'planUpdated', plan: 'protection' })],
    deadline: { type: 'recurring', every: { years: 1 } },
    headsUp: { days: 30 },
  },
  {
    id: 'TUD-BREACH',
    source: '000 §3.4.1',
    kinds: forensic,
    who: [],
    title: {
      nb: 'Brudd på samfunnsvernplanen deles med alle parter',
      en: 'A breach of the protection plan is shared with all parties',
    },
    opensOn: {
      nb: 'brudd eller hendelse som kan øke voldsrisiko',
      en: 'a breach or an event that may raise the risk of violence',
    },
    opens: [],
    closedBy: { nb: 'alle parter varslet', en: 'all parties alerted' },
    steps: [],
    deadline: { type: 'immediate' },
    alerts: [{ on: { kind: 'breach' }, to: 'careTeam' }],
  },
  {
    id: 'TUD-MEDICATION',
    source: '000 §3.4.1',
    kinds: forensic,
    who: [],
    title: {
      nb: 'Faglig ansvarlig informeres straks når pasienten nekter medisiner',
      en: 'The responsible clinician is told at once when the patient refuses medication',
    },
    opensOn: { nb: 'pasienten nekter medisiner', en: 'the patient refuses medication' },
    opens: [],
    closedBy: { nb: 'faglig ansvarlig informert', en: 'responsible clinician informed' },
    steps: [],
    deadline: { type: 'immediate' },
    alerts: [{ on: { kind: 'medicationRefused' }, to: ['responsibleClinician'] }],
  },
  {
    id: 'TUD-ERM',
    source: '000 §3.4.1, §3.4.3',
    kinds: forensic,
    who: [municipalCoordinator],
    title: { nb: 'ERM-skår rapportert til faglig ansvarlig', en: 'ERM scores reported to the responsible clinician' },
    opensOn: { nb: 'utskrivning til TUD; jevnlig', en: 'discharge to TUD; regularly' },
    opens: [on('dischargedToTud')],
    closedBy: {
      nb: 'ERM-skår rapportert (forverring rapporteres straks)',
      en: 'ERM score reported (deterioration reported at once)',
    },
    steps: [step('reported', 'ERM rapportert', 'ERM reported', { kind: 'ermReported' })],
    deadline: { type: 'recurring', every: 'ermReportEvery' },
    headsUp: { days: 3 },
    alerts: [{ on: { kind: 'ermReported', deterioration: true }, to: ['responsibleClinician'] }],
  },
  {
    id: 'TUD-NOSHOW',
    source: '000 §3.4.2',
    kinds: forensic,
    who: [clinician],
    title: {
      nb: 'Vurdere vilkår når pasienten ikke møter',
      en: "Assess the plan's conditions when the patient does not attend",
    },
    opensOn: { nb: 'pasienten møter ikke', en: 'the patient does not attend' },
    opens: [on('noShow')],
    closedBy: { nb: 'vurdering gjort', en: 'assessment done' },
    steps: [step('assessed', 'vurdert', 'assessed', task('TUD-NOSHOW'))],
    deadline: { type: 'profile', key: 'noShowAssessment' },
    headsUp: hours(4),
  },
  // ---- 4.6 Long-term coordinated course -------------------------------------------------------
  {
    id: 'LT-COORD',
    source: '003; 004 §3.2.3',
    kinds: longTerm,
    who: [municipalCoordinating],
    title: {
      nb: 'Koordinator oppnevnt og ansvarsgruppe etablert',
      en: 'Coordinator named and responsibility group established',
    },
    opensOn: {
      nb: 'forløpet starter (en rett også når pasienten ikke vil ha IP)',
      en: 'the course starts (a right even when the patient declines an IP)',
    },
    opens: [on('courseStarted')],
    closedBy: {
      nb: 'koordinator oppnevnt og ansvarsgruppemøte holdt',
      en: 'coordinator appointed and responsibility-group meeting held',
    },
    steps: [
      step('appointed', 'koordinator oppnevnt', 'coordinator appointed', {
        kind: 'coordinatorAppointed',
        party: 'municipality',
      }),
      step('group', 'ansvarsgruppe etablert', 'responsibility group established', {
        kind: 'meetingHeld',
        meeting: 'responsibilityGroup',
      }),
    ],
    deadline: { type: 'profile', key: 'coordinatorAppointment' },
    headsUp: { days: 3 },
  },
  {
    id: 'LT-SOMATIC',
    source: '002 (hovedforløp 3)',
    kinds: longTerm,
    who: [['gp', 'municipalCoordinator', 'caseOffice']],
    title: { nb: 'Årlig kontroll av hjerte- og karhelse', en: 'Yearly cardiovascular health check' },
    opensOn: { nb: 'forløpet starter; hvert år', en: 'the course starts; every year' },
    opens: [on('courseStarted')],
    closedBy: { nb: 'kontroll gjennomført', en: 'check done' },
    steps: [step('checked', 'kontroll gjort', 'check done', task('LT-SOMATIC'))],
    deadline: { type: 'recurring', every: { years: 1 } },
    headsUp: { days: 30 },
  },
  {
    id: 'LT-RISK',
    source: '002',
    kinds: longTerm,
    who: [municipalCoordinator, clinician],
    title: { nb: 'Risiko for selvskade, selvmord og vold kartlagt', en: 'Self-harm, suicide and violence risk mapped' },
    opensOn: { nb: 'forløpet starter', en: 'the course starts' },
    opens: [on('courseStarted')],
    closedBy: {
      nb: 'risiko kartlagt; ved forhøyet voldsrisiko risikohåndteringsplan med sykehus og politi',
      en: 'risk mapped; on elevated violence risk a risk-management plan with hospital and police',
    },
    steps: [
      step('mapped', 'risiko kartlagt', 'risk mapped', { kind: 'riskAssessed' }),
      {
        ...step('plan', 'risikohåndteringsplan laget', 'risk-management plan made', {
          kind: 'planUpdated',
          plan: 'riskManagement',
        }),
        requiredWhen: 'elevatedViolenceRisk',
      },
    ],
    deadline: { type: 'profile', key: 'riskMapping' },
    headsUp: { days: 3 },
  },
  {
    id: 'LT-CRISISPLAN',
    source: '002; 003',
    kinds: longTerm,
    who: [municipalCoordinator],
    title: { nb: 'Kriseplan / mestringsplan gjennomgått', en: 'Crisis / coping plan reviewed' },
    opensOn: {
      nb: 'forløp for pasient som har vært under tvang',
      en: 'a course for a patient who has been under compulsory care',
    },
    opens: [on('courseStarted', (c) => c.flags.formerCompulsoryCare === true)],
    closedBy: { nb: 'plan gjennomgått', en: 'plan reviewed' },
    steps: [step('reviewed', 'plan gjennomgått', 'plan reviewed', { kind: 'planUpdated', plan: 'crisis' })],
    deadline: { type: 'recurring', every: 'crisisPlanReviewEvery' },
    headsUp: { days: 14 },
  },
  // ---- 4.7 The agreement itself ---------------------------------------------------------------
  {
    id: 'AGR-REVIEW',
    source: '000 §4',
    kinds: ['agreement-review'],
    who: [hospitalCoordinating, municipalCoordinating],
    title: { nb: 'Prosedyren evalueres hvert annet år', en: 'The procedure is evaluated every two years' },
    opensOn: {
      nb: 'avtalen inngått; hvert annet år, eller når lover eller avtaler endres',
      en: 'the agreement signed; every two years, or when laws or agreements change',
    },
    opens: [on('courseStarted')],
    closedBy: { nb: 'evalueringsmøte holdt', en: 'review meeting held' },
    steps: [step('held', 'evaluering holdt', 'review held', { kind: 'meetingHeld', meeting: 'agreementReview' })],
    meeting: true,
    deadline: { type: 'recurring', every: { years: 2 } },
    headsUp: { days: 60 },
  },
];

const byId = new Map(catalogue.map((r) => [r.id, r]));
export const ruleIds = catalogue.map((r) => r.id);
export function rule(id: string): Rule {
  const found = byId.get(id);
  if (!found) throw new Error(`unknown rule ${id}`);
  return found;
}
export const isRuleId = (id: string): boolean => byId.has(id);

/** Does the event have the kind and every data field the match names? */
export function matches(m: EventMatch, e: RecordedEvent): boolean {
  const fields = e as unknown as Record<string, unknown>;
  return Object.entries(m).every(([k, v]) => fields[k] === v);
}
