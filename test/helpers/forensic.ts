// Drives a forensic-TUD course through admission and the discharge process to discharge to TUD,
// recording each step the rules ask for, so the gates pass without overrides.
import type { WorkflowHandle } from '@temporalio/client';
import { recordEventUpdate } from '../../workflows/contract';
import type { courseWorkflow } from '../../workflows';

type Ev = Record<string, unknown>;

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

/** The discharge process from its start to the municipality's answer, every gate met by its step. */
export const dischargeProcess: Ev[] = [
  { kind: 'dischargeProcessStarted' },
  ...beforeFirstLeave,
  { kind: 'leaveStarted' },
  { kind: 'messageSent', message: 'emergencyClinicInformed' },
  { kind: 'leaveEnded' },
  { kind: 'messageSent', message: 'leaveFeedback' },
  { kind: 'coercionEnded' },
  { kind: 'taskDone', rule: 'DIS-VICTIMS' },
  { kind: 'meetingHeld', meeting: 'collaboration' },
  { kind: 'planUpdated', plan: 'protection', final: true },
  { kind: 'patientSigned' },
  { kind: 'prosecutorApproved' },
  { kind: 'dischargeReady' },
  { kind: 'messageSent', message: 'healthInformation' },
  { kind: 'messageSent', message: 'dischargeReadyNotice' },
  { kind: 'answerReceived' },
];

/** The messages owed at the discharge to TUD (DIS-LEAVE, DIS-EMERGENCY). */
export const afterTud: Ev[] = [
  { kind: 'messageSent', message: 'dischargeReport' },
  { kind: 'messageSent', message: 'dischargeSummary' },
  { kind: 'messageSent', message: 'dischargedNotice' },
  { kind: 'messageSent', message: 'emergencyClinicInformed' },
];

export const throughDischargeProcess: Ev[] = [...admissionSteps, ...dischargeProcess];
export const atDischargeToTud: Ev[] = [{ kind: 'dischargedToTud' }, ...afterTud];

export async function record(handle: WorkflowHandle<typeof courseWorkflow>, events: Record<string, unknown>[]): Promise<void> {
  for (const event of events) await handle.executeUpdate(recordEventUpdate, { args: [event] });
}
