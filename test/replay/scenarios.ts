// One representative run per course kind, recorded as a history under test/replay/ by
// `npm run record-histories` and replayed in CI (determinism guard, docs/versioning.md).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { localDate, type CareTeam, type CourseKind, type Reminder } from '../../domain';
import { careTeam } from '../helpers/fixtures';
import { recordEventUpdate } from '../../workflows/contract';
import type { courseWorkflow } from '../../workflows';
import { afterTud, atDischargeToTud, clinicInformed, record, throughDischargeProcess } from '../helpers/forensic';

type Handle = WorkflowHandle<typeof courseWorkflow>;
const day = 86_400_000;
const events = (h: Handle, list: Record<string, unknown>[]) => record(h, list);

/**
 * A mailbox the recording worker's mail server refuses for good (RCPT TO 550: a refused recipient,
 * activities/email/failures.ts), so a recorded history holds a failed activity and the course's
 * answer to it: the failure recorded, the role's manager told.
 */
export const refusedMailbox = 'refused@municipality.test';

/**
 * The recording worker's mail server: it refuses `refusedMailbox` for good, and is busy (421, tried
 * again) at the first attempt of each course's first reminder, so a recorded history also holds a
 * reminder delivered after its first attempt failed.
 */
export function recordingMailServer(): (reminder: Reminder) => Promise<void> {
  const busyFor = new Set<string>();
  return async (reminder) => {
    if (reminder.recipient === refusedMailbox)
      throw Object.assign(new Error('mailbox unavailable'), { command: 'RCPT TO', responseCode: 550 });
    if (!busyFor.has(reminder.courseRef)) {
      busyFor.add(reminder.courseRef);
      throw Object.assign(new Error('too busy, try again later'), { command: 'MAIL FROM', responseCode: 421 });
    }
  };
}

/** How each kind is started when recorded (since v5): its care team and when its runs continue as new. */
export const recordedStarts: Record<CourseKind, { careTeam?: CareTeam; continueAsNewAfterEvents?: number }> = {
  // A limit far below the default (workflows/course.ts) so that the recorded course continues as
  // new; the script saves each run's history, the first ending in ContinueAsNew.
  'forensic-tud': {
    careTeam: { ...careTeam, caseOffice: { ...careTeam.caseOffice!, mailbox: refusedMailbox } },
    continueAsNewAfterEvents: 400,
  },
  'admission-discharge': {
    careTeam: { ...careTeam, caseOffice: { ...careTeam.caseOffice!, mailbox: refusedMailbox } },
  },
  'long-term-coordinated': {},
  'agreement-review': {},
};

/**
 * Sends an event the update's validator refuses (domain §8): it leaves no trace in history, and the
 * history must still replay (a validator that started issuing commands would break it).
 */
async function refused(h: Handle, event: Record<string, unknown>): Promise<void> {
  const error = await h.executeUpdate(recordEventUpdate, { args: [event] }).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!error) throw new Error(`expected the ${String(event.kind)} event to be refused`);
}

export const scenarios: Record<CourseKind, (env: TestWorkflowEnvironment, h: Handle) => Promise<void>> = {
  'forensic-tud': async (env, h) => {
    await env.sleep(2 * day);
    await refused(h, { kind: 'override', gate: 'firstLeave', reason: 'short' });
    await events(h, throughDischargeProcess);
    await events(h, [{ kind: 'breach' }]);
    await env.sleep(day);
    await events(h, atDischargeToTud);
    await env.sleep(40 * day);
    await events(h, [
      { kind: 'dialogueHeld' },
      { kind: 'ermReported', deterioration: true },
      { kind: 'medicationRefused' },
      { kind: 'noShow' },
    ]);
    await env.sleep(150 * day);
    // Domain §9.5: admitted again from TUD, and back to TUD on a new transfer decision.
    await events(h, [{ kind: 'admission', hasMunicipalServices: true }]);
    await env.sleep(10 * day);
    await events(h, [
      clinicInformed,
      { kind: 'planUpdated', plan: 'protection', final: true },
      { kind: 'patientSigned' },
      { kind: 'prosecutorApproved' },
      { kind: 'dischargedToTud' },
      ...afterTud,
    ]);
    await env.sleep(40 * day);
  },
  'admission-discharge': async (env, h) => {
    await env.sleep(day / 2);
    await refused(h, { kind: 'messageSent', message: 'notAMessage' });
    await events(h, [{ kind: 'messageSent', message: 'admissionNotice' }, { kind: 'expectedDischargeChanged' }]);
    await env.sleep(3 * day);
    await events(h, [
      { kind: 'dischargeReady' },
      { kind: 'messageSent', message: 'healthInformation' },
      { kind: 'messageSent', message: 'dischargeReadyNotice' },
      { kind: 'withdrawal' },
    ]);
    await env.sleep(day);
    await events(h, [
      { kind: 'messageSent', message: 'withdrawalNotice' },
      { kind: 'dischargeReady' },
      { kind: 'messageSent', message: 'healthInformation' },
      { kind: 'messageSent', message: 'dischargeReadyNotice' },
    ]);
    await env.sleep(day / 4);
    // Domain §9.2: the answer names a later day, so DIS-RECEIVE replaces day 0.
    const receiveOn = localDate(new Date((await env.currentTimeMs()) + 2 * day).toISOString());
    await events(h, [{ kind: 'answerReceived', receiveOn }]);
    await env.sleep(2 * day);
    await events(h, [
      // HNT: the discharge report before the patient leaves (domain §9.7).
      { kind: 'messageSent', message: 'dischargeReport' },
      { kind: 'discharged' },
      { kind: 'messageSent', message: 'dischargeSummary' },
      { kind: 'messageSent', message: 'dischargedNotice' },
    ]);
  },
  'long-term-coordinated': async (env, h) => {
    await env.sleep(10 * day);
    await events(h, [
      { kind: 'coordinatorAppointed', party: 'municipality' },
      { kind: 'riskAssessed', elevatedViolenceRisk: true },
    ]);
    // Domain §9.5: a stay inside the long-term course (UNN: the collaboration meeting before discharge-ready).
    await events(h, [{ kind: 'admission', hasMunicipalServices: true }]);
    await env.sleep(5 * day);
    await events(h, [
      { kind: 'meetingHeld', meeting: 'collaboration' },
      { kind: 'messageSent', message: 'meetingSummary' },
      { kind: 'dischargeReady' },
      { kind: 'messageSent', message: 'healthInformation' },
      { kind: 'messageSent', message: 'dischargeReadyNotice' },
      { kind: 'answerReceived' },
      { kind: 'discharged' },
    ]);
    await env.sleep(400 * day);
    await events(h, [
      { kind: 'taskDone', rule: 'LT-SOMATIC' },
      { kind: 'planUpdated', plan: 'crisis' },
    ]);
    await env.sleep(100 * day);
  },
  'agreement-review': async (env, h) => {
    await env.sleep(700 * day);
    await h.executeUpdate(recordEventUpdate, { args: [{ kind: 'meetingHeld', meeting: 'agreementReview' }] });
    await env.sleep(100 * day);
  },
};
