// A forensic-TUD course simulated over three years on the real time-skipping test server:
// TUD-MEETING, TUD-DIALOGUE and TUD-PLAN fall due at the exact Oslo instants of 000 §3.4.1,
// and reminders stop once an obligation is closed.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { courseWorker, sleepUntil, timeSkippingEnv, type Recorded } from './helpers/temporal';
import { range, startInput } from './helpers/fixtures';
import { atDischargeToTud, record, throughDischargeProcess } from './helpers/forensic';
import { oslo, osloPlus } from './helpers/oslo';
import { courseStateQuery, recordEventUpdate } from '../workflows/contract';
import { courseWorkflow } from '../workflows';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

test('TUD-MEETING, TUD-DIALOGUE and TUD-PLAN over three years after discharge to TUD', async () => {
  const sent: Recorded[] = [];
  const worker = await courseWorker(env, 'tud-3y', sent);
  await worker.runUntil(async () => {
    const input = startInput('forensic-tud', 'ahus');
    const handle = await env.client.workflow.start(courseWorkflow, {
      taskQueue: 'tud-3y',
      workflowId: input.courseRef,
      args: [{ start: input }],
    });
    await record(handle, throughDischargeProcess);
    await env.sleep('1 hour');
    await record(handle, atDischargeToTud);
    const view = await handle.query(courseStateQuery);
    expect(view.phase).toBe('tud');
    const discharged = view.recentEvents.find((e) => e.kind === 'dischargedToTud')!.at;

    // 000 §3.4.1: two meetings in the first six months (the profile's default spreads them at
    // 3 and 6 months), then one every six months.
    const meetingDue = [
      osloPlus(discharged, { months: 3 }),
      ...range(6).map((k) => osloPlus(discharged, { months: 6 * k })),
    ];
    const dialogueDue = range(6).map((k) => osloPlus(discharged, { months: k }));
    const planDue = range(3).map((k) => osloPlus(discharged, { years: k }));
    const ermDue = range(36).map((k) => osloPlus(discharged, { months: k }));

    // Each obligation is met after its heads-up and before its deadline.
    const actions = [
      ...meetingDue.map((due) => ({
        at: osloPlus(due, { days: -7 }),
        event: { kind: 'meetingHeld', meeting: 'collaboration' },
      })),
      ...dialogueDue.map((due) => ({ at: osloPlus(due, { days: -2 }), event: { kind: 'dialogueHeld' } })),
      ...planDue.map((due) => ({
        at: osloPlus(due, { days: -10 }),
        event: { kind: 'planUpdated', plan: 'protection' },
      })),
      ...ermDue.map((due) => ({ at: osloPlus(due, { days: -1 }), event: { kind: 'ermReported' } })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    for (const { at, event } of actions) {
      await sleepUntil(env, at);
      await handle.executeUpdate(recordEventUpdate, { args: [event] });
    }
    await sleepUntil(env, osloPlus(discharged, { months: 36, days: 15 }));

    const of = (rule: string, kind: string) => sent.filter((r) => r.rule === rule && r.kind === kind);
    const dues = (rule: string) => [...new Set(of(rule, 'headsUp').map((r) => r.dueAt!))].map(oslo);

    expect(dues('TUD-MEETING')).toEqual(meetingDue.map(oslo));
    expect(dues('TUD-DIALOGUE')).toEqual(dialogueDue.map(oslo));
    expect(dues('TUD-PLAN')).toEqual(planDue.map(oslo));
    // Each heads-up reached both parties named by the rule, on time.
    // (the activity runs a few milliseconds after its timer fires)
    for (const r of of('TUD-MEETING', 'headsUp')) {
      const lag = Date.parse(r.sentAt) - Date.parse(osloPlus(r.dueAt!, { days: -14 }));
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThan(5_000);
    }
    expect(new Set(of('TUD-MEETING', 'headsUp').map((r) => r.role))).toEqual(
      new Set(['responsibleClinician', 'municipalCoordinator']),
    );
    // Closed in time: no reminder at the deadline, no escalation.
    for (const rule of ['TUD-MEETING', 'TUD-DIALOGUE', 'TUD-PLAN', 'TUD-ERM']) {
      expect(of(rule, 'due')).toEqual([]);
      expect(of(rule, 'escalation')).toEqual([]);
    }
    // Monthly dialogues only for the first six months: none open, none reminded after.
    const after = await handle.query(courseStateQuery);
    expect(after.openObligations.filter((o) => o.rule === 'TUD-DIALOGUE')).toEqual([]);
    expect(after.openObligations.map((o) => o.key).sort()).toEqual(['TUD-ERM#37', 'TUD-MEETING#8', 'TUD-PLAN#4']);
    expect(after.overdueCount).toBe(0);
  });
});
