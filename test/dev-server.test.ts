// The product's own client against the real dev server (the pinned Temporal CLI): a course is
// started, takes an event, answers queries; a bad start is refused before anything exists.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowNotFoundError } from '@temporalio/client';
import { courseWorker, localEnv } from './helpers/temporal';
import { identityNumberLike, startInput } from './helpers/fixtures';
import { recordEvent, showCourse, startCourseWorkflow } from '../client/courses';
import { loadConfig } from '../config';
import { EventRejected } from '../domain';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await localEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const config = loadConfig({ TEMPORAL_TASK_QUEUE: 'dev-server-test' });

test('start, record and show a course on the dev server', async () => {
  const worker = await courseWorker(env, config.TEMPORAL_TASK_QUEUE);
  await worker.runUntil(async () => {
    const input = startInput('admission-discharge', 'unn');
    await startCourseWorkflow(env.client, config, input);
    const result = await recordEvent(env.client, input.courseRef, {
      kind: 'messageSent',
      message: 'admissionNotice',
      by: 'ward-clerk-3',
    });
    expect(result).toMatchObject({ seq: 2, phase: 'admitted' });
    const view = await showCourse(env.client, input.courseRef);
    expect(view.openObligations.map((o) => o.rule)).toContain('ADM-REPORT');
    // UNN: the admission report within 24 h of the admission notice (004 §2.2).
    const report = view.openObligations.find((o) => o.rule === 'ADM-REPORT')!;
    expect(Date.parse(report.dueAt!) - Date.parse(result.event.at)).toBe(24 * 3_600_000);
    await env.client.workflow.getHandle(input.courseRef).terminate('test finished');
  });
});

test('a bad start is refused with a message and starts nothing', async () => {
  const input = startInput('forensic-tud', 'ahus', { firstEvent: { kind: 'courseStarted' } });
  await expect(startCourseWorkflow(env.client, config, input)).rejects.toThrow(
    new EventRejected("A forensic-tud course starts with a 'admission' event, not 'courseStarted'"),
  );
  await expect(env.client.workflow.getHandle(input.courseRef).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  const badRef = startInput('forensic-tud', 'ahus', { courseRef: identityNumberLike });
  await expect(startCourseWorkflow(env.client, config, badRef)).rejects.toThrow(
    /courseRef: .*national identity number/,
  );
  await expect(startCourseWorkflow(env.client, config, startInput('forensic-tud', 'vestfold'))).rejects.toThrow(
    /profile: not an agreement profile \(known: ahus, hnt, unn\)/,
  );
});
