// Drives a forensic-TUD course through admission and the discharge process to discharge to TUD,
// recording each step the rules ask for, so the gates pass without overrides.
import type { WorkflowHandle } from '@temporalio/client';
import { recordEventUpdate } from '../../workflows/contract';
import type { courseWorkflow } from '../../workflows';
import { osloPlus } from './oslo';

export type Ev = Record<string, unknown>;

/** The admission's obligations met (ADM-*, STAY-*). */
export const admissionSteps: Ev[] = [
  { kind: 'messageSent', message: 'admissionNotice' },
  { kind: 'messageSent', message: 'admissionReport' },
  { kind: 'messageSent', message: 'statusInformation' },
  { kind: 'messageSent', message: 'gpDialogue' },
  { kind: 'taskDone', rule: 'ADM-CHILDREN' },
  { kind: 'coordinatorAppointed', party: 'hospital' },
  { kind: 'coordinatorAppointed', party: 'municipality' },
  { kind: 'ipStarted' },
  { kind: 'riskAssessed' },
  { kind: 'messageSent', message: 'riskShared' },
];

/** The steps the first-leave gate asks for (domain §4.3). */
export const beforeFirstLeave: Ev[] = [
  { kind: 'planUpdated', plan: 'protection' },
  { kind: 'planUpdated', plan: 'progression' },
  { kind: 'taskDone', rule: 'DIS-SERVICES' },
  { kind: 'meetingHeld', meeting: 'ermTransfer' },
  { kind: 'taskDone', rule: 'DIS-ERM-TRAINING' },
  { kind: 'taskDone', rule: 'DIS-SHADOWING' },
];

/** The out-of-hours clinic told before each leave and before the discharge (DIS-EMERGENCY, domain §9.7). */
export const clinicInformed: Ev = { kind: 'messageSent', message: 'emergencyClinicInformed' };

/** The first leave, with the emergency clinic told before and the municipality's feedback after. */
export const firstLeave: Ev[] = [
  clinicInformed,
  { kind: 'leaveStarted' },
  { kind: 'leaveEnded' },
  { kind: 'messageSent', message: 'leaveFeedback' },
];

/** What the discharge-ready gate asks for (domain §4.3). */
export const beforeDischargeReady: Ev[] = [
  { kind: 'coercionEnded' },
  { kind: 'taskDone', rule: 'DIS-VICTIMS' },
  { kind: 'meetingHeld', meeting: 'collaboration' },
  { kind: 'planUpdated', plan: 'protection', final: true },
  { kind: 'patientSigned' },
  { kind: 'prosecutorApproved' },
];

/** Discharge-ready, with the health information and the notice sent the same day. */
export const dischargeReadyNotice: Ev[] = [
  { kind: 'dischargeReady' },
  { kind: 'messageSent', message: 'healthInformation' },
  { kind: 'messageSent', message: 'dischargeReadyNotice' },
];

/** The discharge process from its start to the municipality's answer, every gate met by its step. */
export const dischargeProcess: Ev[] = [
  { kind: 'dischargeProcessStarted' },
  ...beforeFirstLeave,
  ...firstLeave,
  ...beforeDischargeReady,
  clinicInformed,
  ...dischargeReadyNotice,
  { kind: 'answerReceived' },
];

/** The messages owed at the discharge to TUD (DIS-LEAVE). */
export const afterTud: Ev[] = [
  { kind: 'messageSent', message: 'dischargeReport' },
  { kind: 'messageSent', message: 'dischargeSummary' },
  { kind: 'messageSent', message: 'dischargedNotice' },
];

export const throughDischargeProcess: Ev[] = [...admissionSteps, ...dischargeProcess];
/**
 * The discharge report just before the departure, the other messages after it: under HNT the
 * report gates the discharge (DIS-LEAVE, domain §9.7); elsewhere, sent in the stay, it counts.
 */
export const atDischargeToTud: Ev[] = [afterTud[0]!, { kind: 'dischargedToTud' }, ...afterTud.slice(1)];

export async function record(
  handle: WorkflowHandle<typeof courseWorkflow>,
  events: Record<string, unknown>[],
): Promise<void> {
  for (const event of events) await handle.executeUpdate(recordEventUpdate, { args: [event] });
}

/** TUD rules an on-time care team meets, with the deadline of each occurrence. */
export type TudRule = 'TUD-MEETING' | 'TUD-DIALOGUE' | 'TUD-PLAN' | 'TUD-ERM' | 'TUD-PLAN-INFORM';
export interface TudCare {
  /** What the care team records, oldest first. */
  actions: { at: string; event: Ev }[];
  /** The deadline of every occurrence of each rule, in order: those met, then the one still open. */
  due: Record<TudRule, string[]>;
}
type Shift = Parameters<typeof osloPlus>[1];
type Meet = (at: string, k: number) => void;
const meetingHeld: Ev = { kind: 'meetingHeld', meeting: 'responsibilityGroup' };

/**
 * A care team that meets TUD follow-up on time until `until` under the rolling rules of domain
 * §9.4 (each deadline counted from the last time it was done), always after the heads-up and
 * before the deadline. Worked out with luxon, independently of the engine:
 * - in the first six months a dialogue one day before each falls due (a month after the last one,
 *   none due after the six months); the third and the sixth are responsibility-group meetings,
 *   which count as dialogues and are the two meetings due by then (TUD-MEETING #1 at 3 months, the
 *   profile default, #2 at 6);
 * - afterwards a meeting a week before each falls due (six months after the last meeting);
 * - ERM reported one day before each report falls due (a month after the last; none in the stay);
 * - the protection plan updated ten days before it falls due (12 months after the last update,
 *   `lastPlan` the final plan of the stay), and the changes shared the next day (TUD-PLAN-INFORM).
 */
export function tudCare(discharged: string, until: string, lastPlan = discharged): TudCare {
  const actions: TudCare['actions'] = [];
  const due: TudCare['due'] = {
    'TUD-MEETING': [osloPlus(discharged, { months: 3 }), osloPlus(discharged, { months: 6 })],
    'TUD-DIALOGUE': [],
    'TUD-PLAN': [],
    'TUD-ERM': [],
    'TUD-PLAN-INFORM': [],
  };
  const act = (at: string, event: Ev) => actions.push({ at, event });
  /**
   * One rolling duty: the first due at `first`, each met `lead` days before it falls due, the next
   * due `every` after that, none due after `last`.
   */
  const rolling = (rule: TudRule, first: string, lead: number, every: Shift, meet: Meet, last?: string) => {
    for (let next = first, k = 1; !last || next <= last; k++) {
      due[rule].push(next);
      const at = osloPlus(next, { days: -lead });
      if (at > until) return;
      meet(at, k);
      next = osloPlus(at, every);
    }
  };

  const meetings: string[] = [];
  const halfYear = osloPlus(discharged, { months: 6 });
  const dialogueOrMeeting: Meet = (at, k) => {
    if (k % 3 === 0) meetings.push(at);
    act(at, k % 3 === 0 ? meetingHeld : { kind: 'dialogueHeld' });
  };
  rolling('TUD-DIALOGUE', osloPlus(discharged, { months: 1 }), 1, { months: 1 }, dialogueOrMeeting, halfYear);
  if (meetings.length === 2)
    rolling('TUD-MEETING', osloPlus(meetings[1]!, { months: 6 }), 7, { months: 6 }, (at) => act(at, meetingHeld));
  rolling('TUD-ERM', osloPlus(discharged, { months: 1 }), 1, { months: 1 }, (at) => act(at, { kind: 'ermReported' }));
  rolling('TUD-PLAN', osloPlus(lastPlan, { years: 1 }), 10, { years: 1 }, (at) => {
    act(at, { kind: 'planUpdated', plan: 'protection' });
    due['TUD-PLAN-INFORM'].push(osloPlus(at, { days: 7 }));
    const shared = osloPlus(at, { days: 1 });
    if (shared <= until) act(shared, { kind: 'messageSent', message: 'planChangesShared' });
  });
  return { actions: actions.sort((a, b) => a.at.localeCompare(b.at)), due };
}

/** What `tudCare` records in the `months` after the discharge. */
export function tudFollowUp(discharged: string, months: number, lastPlan = discharged): { at: string; event: Ev }[] {
  return tudCare(discharged, osloPlus(discharged, { months }), lastPlan).actions;
}
