// Drives a forensic-TUD course through admission and the discharge process to discharge to TUD,
// recording each step the rules ask for, so the gates pass without overrides.
import type { WorkflowHandle } from '@temporalio/client';
import { recordEventUpdate } from '../../workflows/contract';
import type { courseWorkflow } from '../../workflows';
import { osloPlus } from './oslo';
import { range } from './fixtures';

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
export const atDischargeToTud: Ev[] = [{ kind: 'dischargedToTud' }, ...afterTud];

export async function record(
  handle: WorkflowHandle<typeof courseWorkflow>,
  events: Record<string, unknown>[],
): Promise<void> {
  for (const event of events) await handle.executeUpdate(recordEventUpdate, { args: [event] });
}

/**
 * A care team that meets TUD follow-up on time for `months` after the discharge to TUD: ERM
 * reported each month, dialogues in the first six months, responsibility-group meetings (two in
 * the first six months, then every six), the protection plan revised yearly. Oldest first.
 */
export function tudFollowUp(discharged: string, months: number): { at: string; event: Ev }[] {
  return [
    ...range(months).map((k) => ({
      at: osloPlus(discharged, { months: k, days: -1 }),
      event: { kind: 'ermReported' },
    })),
    ...range(6).map((k) => ({ at: osloPlus(discharged, { months: k, days: -2 }), event: { kind: 'dialogueHeld' } })),
    ...[3, ...range(Math.floor(months / 6)).map((k) => 6 * k)].map((m) => ({
      at: osloPlus(discharged, { months: m, days: -7 }),
      event: { kind: 'meetingHeld', meeting: 'responsibilityGroup' },
    })),
    ...range(Math.floor(months / 12)).map((k) => ({
      at: osloPlus(discharged, { years: k, days: -10 }),
      event: { kind: 'planUpdated', plan: 'protection' },
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
}
