// A forensic-TUD course simulated over three years on the real time-skipping test server, with a
// care team that meets TUD-MEETING, TUD-DIALOGUE, TUD-PLAN and TUD-ERM on time under the rolling
// rules of domain §9.4: each falls due at the exact Oslo instant counted from the last time it was
// done, and reminders stop once an occurrence is closed.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { courseWorker, recordAt, sleepUntil, timeSkippingEnv, type Recorded } from './helpers/temporal';
import { startInput } from './helpers/fixtures';
import { atDischargeToTud, record, throughDischargeProcess, tudCare, type TudRule } from './helpers/forensic';
import { osloPlus } from './helpers/oslo';
import { courseStateQuery, eventsQuery } from '../workflows/contract';
import { courseWorkflow } from '../workflows';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

/** The heads-up lead time of each rule (domain/catalogue.ts), in days. */
const headsUpDays: Partial<Record<TudRule, number>> = {
  'TUD-MEETING': 14,
  'TUD-DIALOGUE': 5,
  'TUD-PLAN': 30,
  'TUD-ERM': 3,
};

test('TUD-MEETING, -DIALOGUE, -PLAN and -ERM met on time for three years after the discharge to TUD', async () => {
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
    expect((await handle.query(courseStateQuery)).phase).toBe('tud');
    const events = await handle.query(eventsQuery);
    const discharged = events.find((e) => e.kind === 'dischargedToTud')!.at;
    // The final protection plan of the discharge process, an hour before the discharge.
    const finalPlan = events.filter((e) => e.kind === 'planUpdated').at(-1)!.at;

    const end = osloPlus(discharged, { months: 36, days: 15 });
    const care = tudCare(discharged, end, finalPlan);
    // 000 §3.4.1 as domain §9.4 reads it: two meetings due by six months (the first at the 3-month
    // default), six dialogues in the first six months and none after, the plan 12 months after the
    // final plan of the stay, the first ERM report a month after the discharge.
    expect(care.due['TUD-MEETING'].slice(0, 2)).toEqual([
      osloPlus(discharged, { months: 3 }),
      osloPlus(discharged, { months: 6 }),
    ]);
    expect(care.due['TUD-DIALOGUE']).toHaveLength(6);
    expect(care.due['TUD-DIALOGUE'].every((due) => due <= osloPlus(discharged, { months: 6 }))).toBe(true);
    expect(care.due['TUD-PLAN'][0]).toBe(osloPlus(finalPlan, { years: 1 }));
    expect(care.due['TUD-ERM'][0]).toBe(osloPlus(discharged, { months: 1 }));

    // Each recorded as happened at its planned instant.
    for (const { at, event } of care.actions) await recordAt(env, handle, at, event);
    await sleepUntil(env, end);

    const of = (rule: string, kind: string) => sent.filter((r) => r.rule === rule && r.kind === kind);
    const dues = (rule: string) => [...new Set(of(rule, 'headsUp').map((r) => r.dueAt!))];

    // Every occurrence had its heads-up, each counted from the last time the duty was done: those
    // met, and the open one where its heads-up fell before the end.
    for (const [rule, days] of Object.entries(headsUpDays) as [TudRule, number][]) {
      const expected = care.due[rule].filter((due) => osloPlus(due, { days: -days }) <= end);
      expect([rule, dues(rule)]).toEqual([rule, expected]);
    }
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
    for (const rule of ['TUD-MEETING', 'TUD-DIALOGUE', 'TUD-PLAN', 'TUD-ERM', 'TUD-PLAN-INFORM']) {
      expect([rule, of(rule, 'due'), of(rule, 'escalation')]).toEqual([rule, [], []]);
    }
    // Dialogues only in the first six months: none open after. Of the rest only the next of each is
    // open, with its deadline: the 38th ERM report (37 made, each a day early), the 8th meeting
    // (two in the first six months, then five), the 4th plan update.
    const after = await handle.query(courseStateQuery);
    const next = (rule: 'TUD-ERM' | 'TUD-MEETING' | 'TUD-PLAN', k: number) => [`${rule}#${k}`, care.due[rule][k - 1]];
    expect(after.openObligations.map((o) => [o.key, o.dueAt]).sort()).toEqual([
      next('TUD-ERM', 38),
      next('TUD-MEETING', 8),
      next('TUD-PLAN', 4),
    ]);
    expect(after.overdueCount).toBe(0);
  });
});
