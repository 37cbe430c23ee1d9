// Phases: where each event may happen, per course kind, and the phase it leads to.
import type { EventInput, EventKind } from './events';
import { courseKinds, isInStay, stayPhases, type CourseKind, type CourseState, type Phase } from './model';
import { reject } from './rejections';
import { revisionOf } from './rulebook';

export const ENDED: Phase = 'ended';
/** Any phase of a course that has started and not ended. */
const anyOpenPhase = '*';
type From = readonly (Phase | typeof anyOpenPhase)[];
interface Transition {
  kinds: readonly CourseKind[];
  /** The kinds of course this event starts. */
  starts?: readonly CourseKind[];
  /** The phases it may happen in, once the course has started. */
  from: From | ((s: CourseState) => From);
  to?: (s: CourseState) => Phase;
}
const forensic = ['forensic-tud'] as const;
const inpatient = ['forensic-tud', 'admission-discharge'] as const;
/** Domain §9.5: a long-term course can have admissions and discharges too. */
const withStays = ['forensic-tud', 'admission-discharge', 'long-term-coordinated'] as const;
const all = courseKinds;
const inStay: From = stayPhases;

export const transitions: Record<EventKind, Transition> = {
  courseStarted: {
    kinds: ['long-term-coordinated', 'agreement-review'],
    starts: ['long-term-coordinated', 'agreement-review'],
    from: [],
    to: () => 'active',
  },
  // Domain §9.5: a TUD patient can be admitted again; a long-term course has admissions.
  admission: {
    kinds: withStays,
    starts: inpatient,
    from: (s) => (s.kind === 'forensic-tud' ? ['tud'] : s.kind === 'long-term-coordinated' ? ['active'] : []),
    to: () => 'admitted',
  },
  servicesNeedFound: { kinds: withStays, from: inStay },
  assessmentDeferred: { kinds: withStays, from: inStay },
  supplementNeeded: { kinds: withStays, from: inStay },
  meetingNeeded: { kinds: withStays, from: inStay },
  expectedDischargeChanged: { kinds: withStays, from: inStay },
  messageSent: { kinds: all, from: [anyOpenPhase] },
  meetingHeld: { kinds: all, from: [anyOpenPhase] },
  dialogueHeld: { kinds: all, from: [anyOpenPhase] },
  planUpdated: { kinds: all, from: [anyOpenPhase] },
  leaveStarted: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  leaveEnded: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  dischargeProcessStarted: { kinds: forensic, from: ['admitted'], to: () => 'dischargeProcess' },
  // A forensic patient becomes discharge-ready only through the discharge process (000 §3.3).
  dischargeReady: {
    kinds: withStays,
    from: (s) => [s.kind === 'forensic-tud' ? 'dischargeProcess' : 'admitted'],
    to: () => 'dischargeReady',
  },
  withdrawal: {
    kinds: withStays,
    from: ['dischargeReady'],
    to: (s) => (s.kind === 'forensic-tud' ? 'dischargeProcess' : 'admitted'),
  },
  answerReceived: { kinds: withStays, from: inStay },
  // A long-term course goes on after a discharge (domain §9.5).
  discharged: {
    kinds: ['admission-discharge', 'long-term-coordinated'],
    from: ['admitted', 'dischargeReady'],
    to: (s) => (s.kind === 'long-term-coordinated' ? 'active' : 'discharged'),
  },
  // The way back to TUD after a readmission is a transfer decision, not a new discharge process.
  dischargedToTud: {
    kinds: forensic,
    from: (s) => (s.flags.readmitted ? ['dischargeReady', 'admitted'] : ['dischargeReady']),
    to: () => 'tud',
  },
  breach: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady', 'tud'] },
  medicationRefused: { kinds: forensic, from: ['tud'] },
  noShow: { kinds: forensic, from: ['tud'] },
  ermReported: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady', 'tud'] },
  coordinatorAppointed: { kinds: all, from: [anyOpenPhase] },
  ipStarted: { kinds: inpatient, from: [anyOpenPhase] },
  ipDeclined: { kinds: inpatient, from: [anyOpenPhase] },
  riskAssessed: { kinds: all, from: [anyOpenPhase] },
  patientSigned: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady', 'admitted'] },
  prosecutorApproved: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady', 'admitted'] },
  coercionEnded: { kinds: withStays, from: inStay },
  // Domain §9.10: a death during a stay ends the course once the ward has told the municipality.
  death: {
    kinds: all,
    from: [anyOpenPhase],
    to: (s) => (revisionOf(s) === 2 && isInStay(s.phase) ? s.phase : ENDED),
  },
  careTeamChanged: { kinds: all, from: [anyOpenPhase] },
  courseEnded: { kinds: all, from: [anyOpenPhase], to: () => ENDED },
  taskDone: { kinds: all, from: [anyOpenPhase] },
  override: { kinds: all, from: [anyOpenPhase] },
};

/** The events that may start a course of each kind. */
export const firstEventKinds: Record<CourseKind, EventKind> = {
  'forensic-tud': 'admission',
  'admission-discharge': 'admission',
  'long-term-coordinated': 'courseStarted',
  'agreement-review': 'courseStarted',
};

export function checkPhase(s: CourseState, e: EventInput): void {
  const t = transitions[e.kind];
  const from = typeof t.from === 'function' ? t.from(s) : t.from;
  if (s.phase === ENDED) reject(`The course has ended; '${e.kind}' cannot be recorded`);
  if (!t.kinds.includes(s.kind)) reject(`'${e.kind}' does not apply to a ${s.kind} course`);
  if (s.phase === 'new') {
    if (!t.starts?.includes(s.kind)) reject(`A course must start with its first event, not '${e.kind}'`);
    return;
  }
  if (from.length === 0 && t.starts?.includes(s.kind))
    reject(`'${e.kind}' can only start a ${s.kind} course; this course is in phase '${s.phase}'`);
  if (!from.includes(anyOpenPhase) && !from.includes(s.phase))
    reject(
      `'${e.kind}' is not allowed in phase '${s.phase}' of a ${s.kind} course (allowed in: ${from.join(', ') || 'none'})`,
    );
}
