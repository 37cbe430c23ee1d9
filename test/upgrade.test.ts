// Courses started under revision 1 of the rules move to revision 2 (domain §9) at a safe point:
// nothing open is dropped without a trace, nothing already sent is sent again, and from then on
// revision 2 decides. The engine's upgrade on its own, then a running workflow that carries a
// revision-1 state (as a run continued from an older release does) on the time-skipping server.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { advance, startCourse, upgradeToRevision2, type CourseState } from '../domain';
import { courseStateQuery } from '../workflows/contract';
import { courseWorkflow } from '../workflows';
import { Course, DAY, HOUR, MIN, REF } from './helpers/engine';
import { startInput } from './helpers/fixtures';
import { courseWorker, timeSkippingEnv, type Recorded } from './helpers/temporal';

const iso = (ms: number) => new Date(ms).toISOString();

/** A course started under revision 1 at `at`, the events recorded one minute apart, time passed to `now`. */
function revision1(kind: Parameters<typeof startInput>[0], profile: string, at: string): Course {
  return new Course(startCourse(startInput(kind, profile, { courseRef: REF }), at, 1).state, at);
}

describe('revision 1 → 2 (domain §9)', () => {
  it('§9.1: a duty the agreement does not contain is withdrawn, kept in the closed list; the rest stays as it was', () => {
    const c = revision1('admission-discharge', 'ahus', '2026-03-02T08:00:00.000Z');
    c.s = advance(c.s, '2026-03-03T05:00:00.000Z').state; // heads-ups of the 24 h duties sent
    const before = c.s;
    expect(before.obligations.map((o) => o.rule)).toContain('ADM-STATUS');
    const after = upgradeToRevision2(before, '2026-03-03T05:00:00.000Z');
    expect(after.revision).toBe(2);
    expect(after.closed.find((x) => x.rule === 'ADM-STATUS')).toMatchObject({ outcome: 'withdrawn' });
    // Everything else is unchanged: the same deadlines and the same reminders already sent.
    expect(after.obligations).toEqual(before.obligations.filter((o) => o.rule !== 'ADM-STATUS'));
    expect(before.revision).toBeUndefined(); // the input is never changed
  });

  it('§9.4: a recurring duty done early is next due one period after it was done, not at the calendar period', () => {
    // Revision 1: TUD-PLAN #2 due two years after the discharge to TUD, whenever #1 was done.
    const c = revision1('forensic-tud', 'ahus', '2025-11-03T09:00:00.000Z');
    c.at('2025-11-04T09:00:00.000Z').rec({ kind: 'dischargeProcessStarted' });
    c.at('2026-03-10T11:00:00.000Z').rec({
      kind: 'override',
      gate: 'dischargeReady',
      reason: 'test: gates not at issue',
    });
    c.wait(MIN).rec({ kind: 'dischargeReady' });
    c.wait(MIN).rec({ kind: 'override', gate: 'discharge', reason: 'test: gates not at issue here' });
    c.wait(MIN).rec({ kind: 'dischargedToTud' });
    c.at('2026-05-10T10:00:00.000Z').rec({ kind: 'planUpdated', plan: 'protection' });
    expect(c.open('TUD-PLAN')).toEqual([]); // revision 1 opens #2 only at the next calendar year
    const upgraded = upgradeToRevision2(c.s, '2026-06-01T10:00:00.000Z');
    // 10 May 2026 12:00 CEST + 1 year = 10 May 2027 12:00 CEST.
    expect(upgraded.obligations.filter((o) => o.rule === 'TUD-PLAN').map((o) => o.dueAt)).toEqual([
      '2027-05-10T10:00:00.000Z',
    ]);
  });

  it('§9.10: an elevated violence risk already recorded opens LT-RISKPLAN; LT-RISK is done once the risk is mapped', () => {
    const c = revision1('long-term-coordinated', 'unn', '2026-03-02T08:00:00.000Z');
    c.wait(DAY).rec({ kind: 'riskAssessed', elevatedViolenceRisk: true });
    expect(c.open('LT-RISK')).toHaveLength(1); // revision 1 still waits for the plan as a step
    const upgraded = upgradeToRevision2(c.s, '2026-03-04T08:00:00.000Z');
    expect(upgraded.closed.find((x) => x.rule === 'LT-RISK')).toMatchObject({ outcome: 'done' });
    // The profile default riskPlan, 30 days from the upgrade: Wed 4 March 09:00 CET → Fri 3 April 09:00 CEST.
    expect(upgraded.obligations.filter((o) => o.rule === 'LT-RISKPLAN').map((o) => o.dueAt)).toEqual([
      '2026-04-03T07:00:00.000Z',
    ]);
  });
});

describe('a running course on revision 1 (workflow)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('moves to revision 2 at its first workflow task: withdrawn duties fall silent, no reminder is sent twice', async () => {
    const t0 = await env.currentTimeMs();
    // Admitted 21 h ago under revision 1; the heads-ups 4 h before the 24 h deadlines were sent.
    const input = startInput('admission-discharge', 'ahus');
    let state: CourseState = startCourse(input, iso(t0 - 21 * HOUR), 1).state;
    state = advance(state, iso(t0)).state;
    expect(state.obligations.find((o) => o.rule === 'ADM-NOTICE')?.sent).toEqual(['headsUp']);
    const sent: Recorded[] = [];
    const worker = await courseWorker(env, 'upgrade', sent);
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(courseWorkflow, {
        taskQueue: 'upgrade',
        workflowId: input.courseRef,
        args: [{ state }],
      });
      expect(await handle.query(courseStateQuery)).toMatchObject({ revision: 2 });
      await env.sleep(30 * HOUR);
      // ADM-STATUS is HNT's (domain §9.8): withdrawn, never reminded. ADM-NOTICE goes on where it was.
      expect(sent.filter((r) => r.rule === 'ADM-STATUS')).toEqual([]);
      expect(sent.filter((r) => r.rule === 'ADM-NOTICE').map((r) => r.kind)).toEqual(['due', 'escalation']);
      await handle.terminate('test finished');
    });
  }, 120_000);
});
