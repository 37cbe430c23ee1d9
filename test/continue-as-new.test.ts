// A forensic-TUD course simulated for ten years: it continues as new, every run stays under
// 4,096 history events, and no obligation is lost or reminded twice across the runs.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { courseWorker, runsOf, sleepUntil, timeSkippingEnv, type Recorded } from './helpers/temporal';
import { range, startInput } from './helpers/fixtures';
import { atDischargeToTud, record, throughDischargeProcess, tudFollowUp } from './helpers/forensic';
import { osloPlus } from './helpers/oslo';
import { courseStateQuery, eventsQuery, recordEventUpdate } from '../workflows/contract';
import { courseWorkflow } from '../workflows';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('ten years of TUD follow-up: continue-as-new, bounded runs, nothing lost', async () => {
  const sent: Recorded[] = [];
  const worker = await courseWorker(env, 'ten-years', sent);
  await worker.runUntil(async () => {
    const input = startInput('forensic-tud', 'hnt');
    const handle = await env.client.workflow.start(courseWorkflow, {
      taskQueue: 'ten-years',
      workflowId: input.courseRef,
      args: [{ start: input }],
    });
    const firstRunId = handle.firstExecutionRunId;
    await record(handle, throughDischargeProcess);
    await record(handle, atDischargeToTud);
    const discharged = (await handle.query(courseStateQuery)).recentEvents.find(
      (e) => e.kind === 'dischargedToTud',
    )!.at;
    // A no-show in the first month is never assessed: it stays open across every run.
    await sleepUntil(env, osloPlus(discharged, { days: 10 }));
    const noShow = (await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'noShow' }] })).event;

    const months = 120;
    const actions = tudFollowUp(discharged, months);
    for (const { at, event } of actions) {
      await sleepUntil(env, at);
      await handle.executeUpdate(recordEventUpdate, { args: [event] });
    }
    await sleepUntil(env, osloPlus(discharged, { months: months, days: 10 }));

    const runs = await runsOf(env, input.courseRef, firstRunId);
    console.log(
      `10 years: ${runs.length} runs, history events per run: ${runs.map((r) => r.events.length).join(', ')}`,
    );
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run.events.length).toBeLessThan(4_096);

    // Every event recorded in any run is still in the course.
    const events = await handle.query(eventsQuery);
    expect(events.length).toBe(throughDischargeProcess.length + atDischargeToTud.length + 2 + actions.length);
    expect(events.map((e) => e.seq)).toEqual(range(events.length));

    // The no-show opened in run 1 is still open with its original deadline, reminded once of each kind.
    const view = await handle.query(courseStateQuery);
    expect(view.openObligations.find((o) => o.rule === 'TUD-NOSHOW')?.dueAt).toBe(osloPlus(noShow.at, { days: 2 }));
    expect(sent.filter((r) => r.rule === 'TUD-NOSHOW').map((r) => r.kind)).toEqual(['headsUp', 'due', 'escalation']);
    // Every ERM period, meeting and yearly plan was opened and met: 120 + 21 + 10 obligations closed as done.
    expect(view.openObligations.map((o) => o.key).sort()).toEqual([
      'TUD-ERM#121',
      'TUD-MEETING#22',
      'TUD-NOSHOW#1',
      'TUD-PLAN#11',
    ]);
    // No reminder was delivered twice across the runs.
    expect(new Set(sent.map((r) => r.businessKey)).size).toBe(sent.length);
  });
}, 600_000);
