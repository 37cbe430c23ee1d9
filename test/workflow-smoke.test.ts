import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { courseWorker, timeSkippingEnv, type Recorded } from './helpers/temporal';
import { startInput } from './helpers/fixtures';
import { courseStateQuery, recordEventUpdate } from '../workflows/contract';
import { courseWorkflow } from '../workflows';

let env: TestWorkflowEnvironment;
beforeAll(async () => { env = await timeSkippingEnv(); });
afterAll(async () => { await env?.teardown(); });

test('smoke', async () => {
  const sent: Recorded[] = [];
  const worker = await courseWorker(env, 'smoke', sent);
  await worker.runUntil(async () => {
    const input = startInput('forensic-tud');
    const h = await env.client.workflow.start(courseWorkflow, { taskQueue: 'smoke', workflowId: input.courseRef, args: [{ start: input }] });
    let view = await h.query(courseStateQuery);
    console.log(view.phase, view.openObligations.map((o) => `${o.key} ${o.dueOslo}`));
    await env.sleep('2 days');
    console.log(sent.map((r) => `${r.sentAt} ${r.businessKey}`).join('\n'));
    await h.executeUpdate(recordEventUpdate, { args: [{ kind: 'messageSent', message: 'admissionNotice' }] });
    await expect(h.executeUpdate(recordEventUpdate, { args: [{ kind: 'leaveStarted' }] })).rejects.toThrow();
    view = await h.query(courseStateQuery);
    console.log(view.phase, view.openObligations.map((o) => `${o.key} ${o.dueOslo}`));
  });
});
