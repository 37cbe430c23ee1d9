// Drives a forensic-TUD course through admission and the discharge process to discharge to TUD,
// recording each step the rules ask for, so the gates pass without overrides.
import type { WorkflowHandle } from '@temporalio/client';
import { recordEventUpdate } from '../../workflows/contract';
import type { courseWorkflow } from '../../workflows';

export const throughDischargeProcess: Record<string, unknown>[] = [
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
  { kind: 'dischargeProcessStarted' },
  { kind: 'planUpdated', plan: 'protection' },
  { kind: 'planUpdated', plan: 'progression' },
  { kind: 'taskDone', rule: 'DIS-SERVICES' },
  { kind: 'meetingHeld', meeting: 'ermTransfer' },
  { kind: 'taskDone', rule: 'DIS-ERM-TRAINING' },
  { kind: 'taskDone', rule: 'DIS-SHADOWING' },
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

export const atDischargeToTud: Record<string, unknown>[] = [
  { kind: 'dischargedToTud' },
  { kind: 'messageSent', message: 'dischargeReport' },
  { kind: 'messageSent', message: 'dischargeSummary' },
  { kind: 'messageSent', message: 'dischargedNotice' },
  { kind: 'messageSent', message: 'emergencyClinicInformed' },
];

export async function record(handle: WorkflowHandle<typeof courseWorkflow>, events: Record<string, unknown>[]): Promise<void> {
  for (const event of events) await handle.executeUpdate(recordEventUpdate, { args: [event] });
}
