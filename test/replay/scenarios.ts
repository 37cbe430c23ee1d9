// One representative run per course kind, recorded as a history under test/replay/ by
// `npm run record-histories` and replayed in CI (determinism guard, docs/versioning.md).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { localDate, type CourseKind } from '../../domain';
import { recordEventUpdate } from '../../workflows/contract';
import type { courseWorkflow } from '../../workflows';
import { afterTud, atDischargeToTud, clinicInformed, record, throughDischargeProcess } from '../helpers/forensic';

type Handle = WorkflowHandle<typeof courseWorkflow>;
const day = 86_400_000;
const events = (h: Handle, list: Record<string, unknown>[]) => record(h, list);

export const scenarios: Record<CourseKind, (env: TestWorkflowEnvironment, h: Handle) => Promise<void>> = {
  'forensic-tud': async (env, h) => {
    await env.sleep(2 * day);
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
