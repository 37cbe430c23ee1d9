// The obligations catalogue: every rule of docs/spec/domain.md (revision 2) as data, with its id,
// title (nb/en), the section of each agreement it comes from, who must act, what opens it, its
// deadline and what closes it. Which rules a course has is the profile's choice (profiles.ts).
import { endOfLocalDate, type DurationSpec } from './calendar';
import type { EventKind, RecordedEvent } from './events';
import { isInStay, type CourseKind, type Role } from './model';
import type { EventMatch, Opening, RuleContext, Rule, Step, Text } from './rule';

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
const inpatientOrLongTerm: CourseKind[] = [...inpatient, 'long-term-coordinated'];
const isForensic = (c: RuleContext) => c.kind === 'forensic-tud';
const forensicOrComplex = (c: RuleContext) => isForensic(c) || c.flags.complexNeeds === true;
/** The answer names a day after day 0 (domain §9.2). */
const namesLaterDay = (c: RuleContext, e: RecordedEvent): boolean => {
  const day0 = c.dueOf('DIS-DAY0');
  return e.kind === 'answerReceived' && !!e.receiveOn && !!day0 && endOfLocalDate(e.receiveOn) > day0;
};
const inStay = (c: RuleContext) => isInStay(c.phase);

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
/** DIS-DAY0, DIS-RECEIVE: the municipality has received the patient when the patient leaves. */
const received = step(
  'received',
  'pasienten utskrevet',
  'patient discharged',
  { kind: 'discharged' },
  {
    kind: 'dischargedToTud',
  },
);
/** Preparations for a discharge end with it: left open only where an admin overrode a gate (domain §4.3). */
const endsAtDischarge: Opening[] = [on('dischargedToTud'), on('discharged')];

export const catalogue: readonly Rule[] = [
  // ---- 4.1 Admission -------------------------------------------------------------------------
  {
    id: 'ADM-NOTICE',
    sources: { ahus: '§3.2.1', unn: '§2.2' },
    kinds: inpatientOrLongTerm,
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
    sources: { ahus: '§3.2.1', unn: '§2.2', hnt: 'vedlegg §2a' },
    kinds: inpatientOrLongTerm,
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
    sources: { hnt: 'vedlegg §1.2k' },
    kinds: inpatientOrLongTerm,
    who: [hospitalWard],
    title: { nb: 'Status, forventet forløp og utskrivningstid', en: 'Status, expected course and discharge time' },
    opensOn: { nb: 'innleggelse', en: 'admission' },
    // §9.8: one message, not two reminders: when ADM-HEALTHINFO opens, its message carries the status.
    opens: [on('admission', (c) => !c.open('ADM-HEALTHINFO'))],
    closedBy: { nb: 'informasjon sendt', en: 'information sent' },
    steps: [step('sent', 'informasjon sendt', 'information sent', msg('statusInformation'), msg('healthInformation'))],
    // §1.2j: the assessment cannot be made within 24 hours, or a long stay is expected.
    redatedBy: { on: { kind: 'assessmentDeferred' }, deadline: { type: 'profile', key: 'statusDeferred' } },
    revision1: {
      opens: [on('admission')],
      steps: [step('sent', 'informasjon sendt', 'information sent', msg('statusInformation'))],
      redatedBy: undefined,
    },
    deadline: { type: 'fixed', duration: hours(24) },
    headsUp: hours(4),
  },
  {
    id: 'ADM-GP',
    sources: { ahus: '§3.2.1' },
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
    sources: { hnt: 'vedlegg §1.1g', unn: '§2.2' },
    kinds: inpatientOrLongTerm,
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
    id: 'ADM-REPORT-SUPP',
    since: 2,
    sources: { hnt: 'vedlegg §1.1g' },
    kinds: inpatientOrLongTerm,
    who: [caseOffice],
    title: { nb: 'Supplerende opplysninger til sykehuset', en: 'Supplementary information to the hospital' },
    opensOn: {
      nb: 'behov for supplerende opplysninger registrert',
      en: 'a need for supplementary information recorded',
    },
    opens: [on('supplementNeeded')],
    closedBy: { nb: 'supplerende opplysninger sendt', en: 'supplementary information sent' },
    steps: [step('sent', 'opplysninger sendt', 'information sent', msg('supplementaryInformation'))],
    // 001 vedlegg §1.1g: «senest innen 24 timer etter innleggelse», whenever the need is recorded.
    deadline: { type: 'sinceAdmission', duration: hours(24) },
    headsUp: hours(2),
  },
  {
    id: 'ADM-DISCHARGE-CHANGE',
    sources: { hnt: 'vedlegg §1.2k' },
    kinds: inpatientOrLongTerm,
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
    sources: { hnt: 'vedlegg §1.2k' },
    kinds: ['forensic-tud', 'admission-discharge', 'long-term-coordinated'],
    who: [hospitalWard],
    title: { nb: 'Kommunen informeres straks ved dødsfall', en: 'The municipality is informed at once of a death' },
    opensOn: { nb: 'pasientens død under et sykehusopphold', en: 'death of the patient during a hospital stay' },
    // §9.10: a death always alerts the care team; during a stay the ward also notifies the municipality.
    opens: [on('death', inStay)],
    closedBy: { nb: 'kommunen informert; forløpet avsluttes', en: 'municipality informed; the course ends' },
    steps: [step('sent', 'kommunen informert', 'municipality informed', msg('deathNotice'))],
    deadline: { type: 'profile', key: 'deathNotice' },
    alerts: [{ on: { kind: 'death' }, to: 'careTeam' }],
    revision1: {
      opens: [],
      steps: [],
      deadline: { type: 'immediate' },
      alerts: [{ on: { kind: 'death' }, to: municipalParties }],
    },
  },
  {
    id: 'ADM-CHILDREN',
    sources: { hnt: '§2.1–2.2', unn: '§5.2' },
    kinds: inpatientOrLongTerm,
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
    sources: { ahus: '§3.2.1', unn: '§3.2.3' },
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
    sources: { ahus: '§3.2.2' },
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
    sources: { ahus: '§3.1.3', unn: '§3.2.2' },
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
    sources: { ahus: '§3.2.1' },
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
    sources: { ahus: '§3.2.3' },
    kinds: forensic,
    who: [clinician],
    title: { nb: 'Samarbeidsmøte under oppholdet', en: 'Collaboration meeting during the stay' },
    opensOn: { nb: 'innleggelse; gjentas jevnlig', en: 'admission; recurs regularly' },
    opens: [on('admission')],
    closedBy: { nb: 'samarbeidsmøte holdt', en: 'collaboration meeting held' },
    steps: [step('held', 'møte holdt', 'meeting held', { kind: 'meetingHeld', meeting: 'collaboration' })],
    cancelledBy: [on('dischargedToTud')],
    meeting: true,
    should: true,
    deadline: { type: 'rolling', every: 'stayMeetingEvery' },
    revision1: { deadline: { type: 'recurring', every: 'stayMeetingEvery' } },
    headsUp: { days: 7 },
  },
  // ---- 4.3 Discharge process: gates -----------------------------------------------------------
  {
    id: 'DIS-PLAN-START',
    sources: { ahus: '§3.3.1–3.3.2' },
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
    sources: { ahus: '§3.3.1' },
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
    sources: { ahus: '§3.3.1, §3.3.3' },
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
    sources: { ahus: '§3.3.2' },
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
    sources: { ahus: '§3.3.1, §3.3.3' },
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
    sources: { ahus: '§3.3.1' },
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
    sources: { ahus: '§3.3.1' },
    kinds: forensic,
    who: [hospitalWard],
    title: {
      nb: 'Legevakt informert (voldsintervensjonsplan, faglig ansvarlig)',
      en: 'Out-of-hours clinic informed (violence-intervention plan, responsible clinician)',
    },
    opensOn: { nb: 'hver permisjon og utskrivningen', en: 'each leave and the discharge' },
    // §9.7: informed before every leave and before the discharge (a return to TUD included).
    opens: [on('dischargeProcessStarted'), on('leaveEnded'), on('admission', (c) => c.flags.readmitted === true)],
    closedBy: { nb: 'legevakt informert', en: 'out-of-hours clinic informed' },
    steps: [step('informed', 'legevakt informert', 'clinic informed', msg('emergencyClinicInformed'))],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'gate' },
    gates: ['leave', 'discharge'],
    revision1: {
      opens: [on('leaveStarted'), on('dischargedToTud')],
      cancelledBy: undefined,
      deadline: { type: 'profile', key: 'emergencyClinicInformed' },
      gates: undefined,
      headsUp: hours(1),
    },
  },
  {
    id: 'DIS-LEAVE-FEEDBACK',
    sources: { ahus: '§3.3.1–3.3.3' },
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
    sources: { ahus: '§3.3.1–3.3.2' },
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
    // §9.5: the return to TUD after a readmission is a transfer decision like the first one.
    opens: [on('dischargeProcessStarted'), on('admission', (c) => c.flags.readmitted === true)],
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
    sources: { ahus: '§3.3.2', hnt: 'vedlegg §3', unn: '§4.1' },
    kinds: inpatientOrLongTerm,
    who: [clinician],
    title: {
      nb: 'Tvangstiltak som ikke kan videreføres avsluttet før utskrivningsklar',
      en: 'Coercive measures that cannot continue ended before discharge-ready',
    },
    opensOn: {
      nb: 'utskrivningsprosess startet, eller innleggelse med tvang',
      en: 'discharge process started, or an admission with coercion',
    },
    // §9.9: a gate on discharge-ready for every patient under coercion, under every profile.
    opens: [on('admission', (c) => c.flags.coercion === true)],
    closedBy: { nb: 'tvangstiltak avsluttet', en: 'coercive measures ended' },
    steps: [
      step('ended', 'tvangstiltak avsluttet', 'coercion ended', { kind: 'coercionEnded' }),
      {
        ...step(
          'clarified',
          'videreføring av tvangsmidler avklart med kommunen',
          'continued coercive means clarified with the municipality',
          task('DIS-COERCION'),
        ),
        onlyUnder: ['unn'],
      },
    ],
    cancelledBy: endsAtDischarge,
    deadline: { type: 'gate' },
    revision1: {
      kinds: inpatient,
      opens: [
        on('dischargeProcessStarted'),
        on('admission', (c) => c.kind === 'admission-discharge' && c.flags.coercion === true),
      ],
      steps: [step('ended', 'tvangstiltak avsluttet', 'coercion ended', { kind: 'coercionEnded' })],
      deadline: { type: 'profile', key: 'dischargePreparation' },
      headsUp: { days: 7 },
    },
    gates: ['dischargeReady'],
  },
  {
    id: 'DIS-MEETING',
    sources: { ahus: '§3.3.1–3.3.2', unn: '§3.1', hnt: 'vedlegg §3' },
    kinds: inpatientOrLongTerm,
    who: [clinician],
    title: { nb: 'Samarbeidsmøte i god tid før utskrivning', en: 'Collaboration meeting well before discharge' },
    opensOn: { nb: 'utskrivningsprosess startet', en: 'discharge process started' },
    opens: [
      on('dischargeProcessStarted'),
      // §9.9: UNN calls the meeting for every patient who needs municipal services after the stay;
      // HNT when someone records the need.
      on('admission', (c) => !isForensic(c) && c.agreement === 'unn' && c.flags.needsMunicipalServices === true),
      on('servicesNeedFound', (c) => !isForensic(c) && c.agreement === 'unn'),
      on('meetingNeeded', (c) => !isForensic(c)),
    ],
    closedBy: {
      nb: 'møte holdt (ny DPS invitert ved flytting ut av opptaksområdet)',
      en: 'meeting held (the new DPS invited if moving out of the catchment area)',
    },
    steps: [
      step('held', 'møte holdt', 'meeting held', { kind: 'meetingHeld', meeting: 'collaboration' }),
      {
        ...step(
          'followUp',
          'kontakt med poliklinisk/ambulant oppfølging',
          'outpatient or ambulant follow-up contacted',
          task('DIS-MEETING'),
        ),
        requiredWhen: 'outpatientFollowUp',
        onlyUnder: ['hnt'],
      },
    ],
    meeting: true,
    cancelledBy: endsAtDischarge,
    deadline: { type: 'profile', key: 'dischargePreparation' },
    headsUp: { days: 7 },
    gates: ['discharge'],
    // Outside forensic courses the meeting is held before the patient is discharge-ready, without a deadline of its own.
    byKind: {
      'admission-discharge': { deadline: { type: 'gate' }, gates: ['dischargeReady'], headsUp: undefined },
      'long-term-coordinated': { deadline: { type: 'gate' }, gates: ['dischargeReady'], headsUp: undefined },
    },
    revision1: {
      kinds: forensic,
      opens: [on('dischargeProcessStarted')],
      steps: [step('held', 'møte holdt', 'meeting held', { kind: 'meetingHeld', meeting: 'collaboration' })],
    },
  },
  {
    id: 'DIS-MEETING-SUMMARY',
    since: 2,
    sources: { unn: '§3.1' },
    kinds: ['admission-discharge', 'long-term-coordinated'],
    who: [hospitalWard],
    title: {
      nb: 'Oppsummering fra samarbeidsmøtet til kommunen',
      en: "The collaboration meeting's summary to the municipality",
    },
    opensOn: { nb: 'samarbeidsmøte holdt under oppholdet', en: 'a collaboration meeting held during the stay' },
    opens: [on('meetingHeld', inStay, { meeting: 'collaboration' })],
    closedBy: { nb: 'oppsummering sendt', en: 'summary sent' },
    steps: [step('sent', 'oppsummering sendt', 'summary sent', msg('meetingSummary'))],
    deadline: { type: 'profile', key: 'meetingSummary' },
    headsUp: hours(4),
  },
  // ---- 4.4 Discharge messaging ----------------------------------------------------------------
  {
    id: 'DIS-READY',
    sources: { hnt: 'vedlegg §3.1a, §3.1.1', unn: '§4.1' },
    kinds: inpatientOrLongTerm,
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
      {
        ...step(
          'healthInformation',
          'oppdatert helseopplysning sendt',
          'updated health information sent',
          msg('healthInformation'),
        ),
        afterOpening: true,
      },
      step('notice', 'melding om utskrivningsklar sendt', 'discharge-ready notice sent', msg('dischargeReadyNotice')),
    ],
    cancelledBy: [on('withdrawal')],
    deadline: { type: 'noticeWindow' },
    headsUp: hours(2),
  },
  {
    id: 'DIS-ANSWER',
    sources: { hnt: 'vedlegg §3.2a', unn: '§4.1' },
    kinds: inpatientOrLongTerm,
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
    cancelledBy: [on('withdrawal'), ...endsAtDischarge],
    deadline: { type: 'answer' },
    headsUp: hours(1),
  },
  {
    id: 'DIS-DAY0',
    sources: { hnt: 'vedlegg §3.2b' },
    kinds: inpatientOrLongTerm,
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
    steps: [received],
    // §9.2: «eventuelt når de kan ta imot pasienten»: an answer naming a later day replaces day 0.
    cancelledBy: [on('withdrawal'), on('answerReceived', namesLaterDay)],
    deadline: { type: 'day0' },
    headsUp: hours(4),
  },
  {
    id: 'DIS-RECEIVE',
    since: 2,
    sources: { ahus: '§3.3.3', hnt: 'vedlegg §3.2a', unn: '§4.1' },
    kinds: inpatientOrLongTerm,
    who: [caseOffice],
    title: {
      nb: 'Kommunen tar imot pasienten den dagen svaret nevner',
      en: 'The municipality receives the patient on the day its answer named',
    },
    opensOn: {
      nb: 'kommunens svar (med dag for mottak, ellers så snart som mulig)',
      en: "the municipality's answer (with the day it can receive the patient, otherwise as soon as possible)",
    },
    // Where day 0 applies (HNT) and the answer names no later day, DIS-DAY0 is the duty.
    opens: [on('answerReceived', (c) => !c.open('DIS-DAY0'))],
    closedBy: { nb: 'pasienten utskrevet', en: 'patient discharged' },
    steps: [received],
    cancelledBy: [on('withdrawal')],
    deadline: { type: 'reception' },
    headsUp: hours(4),
  },
  {
    id: 'DIS-WITHDRAW',
    sources: { unn: '§4.1' },
    kinds: inpatientOrLongTerm,
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
    sources: { hnt: 'vedlegg §3.1.2' },
    kinds: inpatientOrLongTerm,
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
    // §9.7: under HNT the patient is ready to leave only once the discharge report is sent.
    gateSteps: [{ gate: 'discharge', steps: ['report'], onlyUnder: ['hnt'] }],
    revision1: { gateSteps: undefined },
    deadline: { type: 'profile', key: 'dischargeMessages' },
    headsUp: hours(1),
  },
  {
    id: 'DIS-WAITING',
    sources: { hnt: '§3.3', unn: '§4.1' },
    kinds: inpatientOrLongTerm,
    who: [],
    title: {
      nb: 'Dager som utskrivningsklar i påvente av kommunen',
      en: 'Days a discharge-ready patient waits for the municipality',
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
    sources: { ahus: '§3.4.1' },
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
    should: true,
    // §9.4: two meetings by six months after each discharge from 24-hour care, then one six months after the last.
    deadline: { type: 'rolling', every: { months: 6 }, firstHalfYear: { count: 2, firstDue: 'tudFirstMeeting' } },
    revision1: { deadline: { type: 'recurring', every: { months: 6 }, firstPeriodTwice: 'tudFirstMeeting' } },
    headsUp: { days: 14 },
  },
  {
    id: 'TUD-DIALOGUE',
    sources: { ahus: '§3.4.1' },
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
    // §9.4: «Dialogen kan foregå per telefon, digitale eller fysiske møter»: a meeting counts.
    steps: [
      step(
        'held',
        'dialog holdt',
        'dialogue held',
        { kind: 'dialogueHeld' },
        { kind: 'meetingHeld', meeting: 'collaboration' },
        { kind: 'meetingHeld', meeting: 'responsibilityGroup' },
      ),
    ],
    // §9.5: paused while the patient is admitted again; the first half-year starts again at the return.
    cancelledBy: [on('admission')],
    should: true,
    deadline: { type: 'rolling', every: { months: 1 }, endsAfter: { months: 6 } },
    revision1: {
      steps: [step('held', 'dialog holdt', 'dialogue held', { kind: 'dialogueHeld' })],
      cancelledBy: undefined,
      deadline: { type: 'recurring', every: { months: 1 }, count: 6 },
    },
    headsUp: { days: 5 },
  },
  {
    id: 'TUD-PLAN',
    sources: { ahus: '§3.4.1' },
    kinds: forensic,
    who: [clinician],
    title: { nb: 'Samfunnsvernplanen oppdatert (minst årlig)', en: 'Protection plan updated (at least yearly)' },
    opensOn: { nb: 'utskrivning til TUD', en: 'discharge to TUD' },
    // Keeps running through a readmission (§9.5): opened by the first discharge to TUD only.
    opens: [on('dischargedToTud', (c) => c.flags.readmitted !== true)],
    closedBy: {
      nb: 'plan oppdatert; politi, legevakt, fastlege og verge informert om endringer',
      en: 'plan updated; police, out-of-hours clinic, GP and guardian informed of changes',
    },
    steps: [step('updated', 'plan oppdatert', 'plan updated', { kind: 'planUpdated', plan: 'protection' })],
    // §9.4: 12 months after the last update, the final plan made before the discharge included.
    deadline: { type: 'rolling', every: { years: 1 }, fromLastDone: true },
    revision1: { opens: [on('dischargedToTud')], deadline: { type: 'recurring', every: { years: 1 } } },
    headsUp: { days: 30 },
  },
  {
    id: 'TUD-PLAN-INFORM',
    since: 2,
    sources: { ahus: '§3.4.1' },
    kinds: forensic,
    who: [clinician],
    title: {
      nb: 'Politi, legevakt, fastlege og verge informert om endringer i samfunnsvernplanen',
      en: 'Police, out-of-hours clinic, GP and guardian told of changes to the protection plan',
    },
    opensOn: { nb: 'samfunnsvernplanen oppdatert under TUD', en: 'the protection plan updated during TUD' },
    opens: [on('planUpdated', (c) => c.phase === 'tud', { plan: 'protection' })],
    closedBy: {
      nb: 'aktuelle samarbeidspartnere informert (verge bare der pasienten har verge)',
      en: 'the relevant partners informed (a guardian only where there is one)',
    },
    steps: [step('shared', 'endringer delt', 'changes shared', msg('planChangesShared'))],
    deadline: { type: 'profile', key: 'planChangesShared' },
    headsUp: { days: 1 },
  },
  {
    id: 'TUD-BREACH',
    sources: { ahus: '§3.4.1' },
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
    sources: { ahus: '§3.4.1' },
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
    sources: { ahus: '§3.4.1, §3.4.3' },
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
    cancelledBy: [on('admission')],
    deadline: { type: 'rolling', every: 'ermReportEvery', fromLastDone: true },
    revision1: { cancelledBy: undefined, deadline: { type: 'recurring', every: 'ermReportEvery' } },
    headsUp: { days: 3 },
    alerts: [{ on: { kind: 'ermReported', deterioration: true }, to: ['responsibleClinician'] }],
  },
  {
    id: 'TUD-NOSHOW',
    sources: { ahus: '§3.4.2' },
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
    cancelledBy: [on('admission')],
    deadline: { type: 'profile', key: 'noShowAssessment' },
    revision1: { cancelledBy: undefined },
    headsUp: hours(4),
  },
  // ---- 4.6 Long-term coordinated course -------------------------------------------------------
  {
    id: 'LT-COORD',
    sources: { vestfold: '', unn: '§3.2.3' },
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
    sources: { hdir: 'hovedforløp 3' },
    kinds: longTerm,
    who: [['gp', 'municipalCoordinator', 'caseOffice']],
    title: { nb: 'Årlig kontroll av hjerte- og karhelse', en: 'Yearly cardiovascular health check' },
    opensOn: { nb: 'forløpet starter; hvert år', en: 'the course starts; every year' },
    opens: [on('courseStarted')],
    closedBy: { nb: 'kontroll gjennomført', en: 'check done' },
    steps: [step('checked', 'kontroll gjort', 'check done', task('LT-SOMATIC'))],
    deadline: { type: 'rolling', every: { years: 1 } },
    revision1: { deadline: { type: 'recurring', every: { years: 1 } } },
    headsUp: { days: 30 },
  },
  {
    id: 'LT-RISK',
    sources: { hdir: '' },
    kinds: longTerm,
    who: [municipalCoordinator, clinician],
    title: { nb: 'Risiko for selvskade, selvmord og vold kartlagt', en: 'Self-harm, suicide and violence risk mapped' },
    opensOn: { nb: 'forløpet starter, og etter hver utskrivning', en: 'the course starts, and after each discharge' },
    // §9.5: risk mapping is repeated after each discharge.
    opens: [on('courseStarted'), on('discharged')],
    closedBy: {
      nb: 'risiko kartlagt (ved antatt forhøyet voldsrisiko: LT-RISKPLAN)',
      en: 'risk mapped (on suspected elevated violence risk: LT-RISKPLAN)',
    },
    steps: [step('mapped', 'risiko kartlagt', 'risk mapped', { kind: 'riskAssessed' })],
    revision1: {
      opens: [on('courseStarted')],
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
    },
    deadline: { type: 'profile', key: 'riskMapping' },
    headsUp: { days: 3 },
  },
  {
    id: 'LT-RISKPLAN',
    since: 2,
    sources: { hdir: '' },
    kinds: longTerm,
    who: [municipalCoordinator, clinician],
    title: {
      nb: 'Voldsrisikohåndteringsplan med spesialisthelsetjenesten',
      en: 'Violence-risk management plan with the hospital',
    },
    opensOn: { nb: 'antatt forhøyet voldsrisiko registrert', en: 'suspected elevated violence risk recorded' },
    opens: [on('riskAssessed', undefined, { elevatedViolenceRisk: true })],
    closedBy: {
      nb: 'plan med konkrete tiltak laget sammen med sykehuset',
      en: 'a plan with concrete measures made with the hospital',
    },
    steps: [step('plan', 'plan laget', 'plan made', { kind: 'planUpdated', plan: 'riskManagement' })],
    deadline: { type: 'profile', key: 'riskPlan' },
    headsUp: { days: 3 },
  },
  {
    id: 'LT-CRISISPLAN',
    sources: { hdir: '', vestfold: '' },
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
    deadline: { type: 'rolling', every: 'crisisPlanReviewEvery' },
    revision1: { deadline: { type: 'recurring', every: 'crisisPlanReviewEvery' } },
    headsUp: { days: 14 },
  },
  // ---- 4.7 The agreement itself ---------------------------------------------------------------
  {
    id: 'AGR-REVIEW',
    sources: { ahus: '§4' },
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
    deadline: { type: 'rolling', every: { years: 2 } },
    revision1: { deadline: { type: 'recurring', every: { years: 2 } } },
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
