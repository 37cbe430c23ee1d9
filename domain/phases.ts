// Phases: where each event may happen, per course kind, and the phase it leads to.
import type { EventInput, EventKind } from './events';
import { courseKinds, type CourseKind, type CourseState, type Phase } from './model';
import { reject } from './rejections';

export const ENDED: Phase = 'ended';
/** Any phase of a course that has started and not ended. */
const anyOpenPhase = '*';
type From = readonly (Phase | typeof anyOpenPhase)[];
interface Transition {
  kinds: readonly CourseKind[];
  from: From | ((kind: CourseKind) => From);
  to?: (s: CourseState) => Phase;
}
const inpatient = ['forensic-tud', 'admission-discharge'] as const;
const forensic = ['forensic-tud'] as const;
const all = courseKinds;
const preDischarge: From = ['admitted', 'dischargeProcess', 'dischargeReady'];
export const transitions: Record<EventKind, Transition> = {
  courseStarted: { kinds: ['long-term-coordinated', 'agreement-review'], from: [], to: () => 'active' },
  admission: { kinds: inpatient, from: [], to: () => 'admitted' },
  servicesNeedFound: { kinds: inpatient, from: preDischarge },
  expectedDischargeChanged: { kinds: inpatient, from: preDischarge },
  messageSent: { kinds: all, from: [anyOpenPhase] },
  meetingHeld: { kinds: all, from: [anyOpenPhase] },
  dialogueHeld: { kinds: all, from: [anyOpenPhase] },
  planUpdated: { kinds: all, from: [anyOpenPhase] },
  leaveStarted: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  leaveEnded: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  dischargeProcessStarted: { kinds: forensic, from: ['admitted'], to: () => 'dischargeProcess' },
  // A forensic patient becomes discharge-ready only through the discharge process (000 §3.3).
  dischargeReady: {
    kinds: inpatient,
    from: (k) => [k === 'forensic-tud' ? 'dischargeProcess' : 'admitted'],
    to: () => 'dischargeReady',
  },
  withdrawal: {
    kinds: inpatient,
    from: ['dischargeReady'],
    to: (s) => (s.kind === 'forensic-tud' ? 'dischargeProcess' : 'admitted'),
  },
  answerReceived: { kinds: inpatient, from: ['dischargeReady', 'admitted', 'dischargeProcess'] },
  discharged: { kinds: ['admission-discharge'], from: ['admitted', 'dischargeReady'], to: () => 'discharged' },
  dischargedToTud: { kinds: forensic, from: ['dischargeReady'], to: () => 'tud' },
  breach: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady', 'tud'] },
  medicationRefused: { kinds: forensic, from: ['tud'] },
  noShow: { kinds: forensic, from: ['tud'] },
  ermReported: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady', 'tud'] },
  coordinatorAppointed: { kinds: all, from: [anyOpenPhase] },
  ipStarted: { kinds: inpatient, from: [anyOpenPhase] },
  ipDeclined: { kinds: inpatient, from: [anyOpenPhase] },
  riskAssessed: { kinds: all, from: [anyOpenPhase] },
  patientSigned: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  prosecutorApproved: { kinds: forensic, from: ['dischargeProcess', 'dischargeReady'] },
  coercionEnded: { kinds: inpatient, from: preDischarge },
  death: { kinds: all, from: [anyOpenPhase], to: () => ENDED },
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
  const from = typeof t.from === 'function' ? t.from(s.kind) : t.from;
  if (s.phase === ENDED) reject(`The course has ended; '${e.kind}' cannot be recorded`);
  if (!t.kinds.includes(s.kind)) reject(`'${e.kind}' does not apply to a ${s.kind} course`);
  if (s.phase === 'new') {
    if (from.length > 0) reject(`A course must start with its first event, not '${e.kind}'`);
    return;
  }
  if (from.length === 0) reject(`'${e.kind}' can only start a course; this course is in phase '${s.phase}'`);
  if (!from.includes(anyOpenPhase) && !from.includes(s.phase))
    reject(`'${e.kind}' is not allowed in phase '${s.phase}' of a ${s.kind} course (allowed in: ${from.join(', ')})`);
}
