// One representative run per course kind, recorded as a history under test/replay/ by
// `npm run record-histories` and replayed in CI (determinism guard, docs/versioning.md).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { CourseKind } from '../../domain';
import { recordEventUpdate } from '../../workflows/contract';
import type { courseWorkflow } from '../../workflows';
import { atDischargeToTud, record, throughDischargeProcess } from '../helpers/forensic';

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
    await env.sleep(2 * day);
    await events(h, [
      { kind: 'answerReceived' },
      { kind: 'discharged' },
      { kind: 'messageSent', message: 'dischargeReport' },
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
