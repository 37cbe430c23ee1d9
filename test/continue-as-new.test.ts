// A forensic-TUD course simulated for ten years: it continues as new, every run stays under
// 4,096 history events, and no obligation is lost or reminded twice across the runs.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { courseWorker, recordAt, runsOf, sleepUntil, timeSkippingEnv, type Recorded } from './helpers/temporal';
import { range, startInput } from './helpers/fixtures';
import { atDischargeToTud, record, throughDischargeProcess, tudCare } from './helpers/forensic';
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
    const recorded = await handle.query(eventsQuery);
    const discharged = recorded.find((e) => e.kind === 'dischargedToTud')!.at;
    const finalPlan = recorded.filter((e) => e.kind === 'planUpdated').at(-1)!.at;
    // A no-show in the first month is never assessed: it stays open across every run.
    await sleepUntil(env, osloPlus(discharged, { days: 10 }));
    const noShow = (await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'noShow' }] })).event;

    // The care team meets every rolling TUD duty on time for ten years (domain §9.4), each event
    // recorded at its planned instant.
    const end = osloPlus(discharged, { months: 120, days: 10 });
    const { actions, due } = tudCare(discharged, end, finalPlan);
    for (const { at, event } of actions) await recordAt(env, handle, at, event);
    await sleepUntil(env, end);

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
    // Every ERM report, meeting and plan update fell due and was met, each counted from the last
    // (domain §9.4): only the next of each is open, with its deadline. Met a day early, ERM falls due
    // every month less a day: 124 reports in ten years; 21 meetings (two in the first six months,
    // then one every six months less a week); 10 plan updates. Nothing is overdue but the no-show.
    const next = (rule: 'TUD-ERM' | 'TUD-MEETING' | 'TUD-PLAN', k: number) => [`${rule}#${k}`, due[rule][k - 1]];
    expect(view.openObligations.map((o) => [o.key, o.dueAt]).sort()).toEqual([
      next('TUD-ERM', 125),
      next('TUD-MEETING', 22),
      ['TUD-NOSHOW#1', osloPlus(noShow.at, { days: 2 })],
      next('TUD-PLAN', 11),
    ]);
    expect(view.overdueCount).toBe(1);
    for (const rule of ['TUD-MEETING', 'TUD-DIALOGUE', 'TUD-PLAN', 'TUD-ERM', 'TUD-PLAN-INFORM'])
      expect([rule, sent.filter((r) => r.rule === rule && r.kind !== 'headsUp')]).toEqual([rule, []]);
    // No reminder was delivered twice across the runs.
    expect(new Set(sent.map((r) => r.businessKey)).size).toBe(sent.length);
  });
}, 600_000);
