// Reminders through the real workflow on the time-skipping server: heads-up, at the deadline,
// escalation to the manager only while the obligation is still open; at-once alerts; rejected
// events through the Update come back with a message and change nothing.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { courseWorker, terminateWhenIdle, timeSkippingEnv, type Recorded } from './helpers/temporal';
import { careTeam, startInput } from './helpers/fixtures';
import { courseStateQuery, recordEventUpdate } from '../workflows/contract';
import { courseWorkflow } from '../workflows';

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await timeSkippingEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const hour = 3_600_000;

async function withCourse(
  queue: string,
  input: ReturnType<typeof startInput>,
  body: (
    handle: Awaited<ReturnType<typeof env.client.workflow.start<typeof courseWorkflow>>>,
    sent: Recorded[],
    startedAt: number,
  ) => Promise<void>,
) {
  const sent: Recorded[] = [];
  const worker = await courseWorker(env, queue, sent);
  await worker.runUntil(async () => {
    const startedAt = await env.currentTimeMs();
    const handle = await env.client.workflow.start(courseWorkflow, {
      taskQueue: queue,
      workflowId: input.courseRef,
      args: [{ start: input }],
    });
    await handle.query(courseStateQuery); // the first workflow task has run
    await body(handle, sent, startedAt);
    // A course left running would hold back the shared test server's clock once its worker stops.
    await terminateWhenIdle(env, handle);
  });
}

test('ADM-STATUS: heads-up 4 h before, reminder at 24 h, escalation to the manager 24 h later; ADM-NOTICE closed late escalates never', async () => {
  // ADM-STATUS is HNT's (domain §9.8).
  await withCourse('escalation', startInput('admission-discharge', 'hnt'), async (handle, sent, t0) => {
    await env.sleep(25 * hour);
    // ADM-NOTICE is overdue but closed before its escalation is due.
    await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'messageSent', message: 'admissionNotice' }] });
    await env.sleep(30 * hour);
    const status = sent.filter((r) => r.rule === 'ADM-STATUS');
    expect(status.map((r) => [r.kind, r.role, r.recipient, Math.round((Date.parse(r.sentAt) - t0) / hour)])).toEqual([
      ['headsUp', 'ward', careTeam.ward!.mailbox, 20],
      ['due', 'ward', careTeam.ward!.mailbox, 24],
      ['escalation', 'ward', careTeam.ward!.manager, 48],
    ]);
    const notice = sent.filter((r) => r.rule === 'ADM-NOTICE').map((r) => r.kind);
    expect(notice).toEqual(['headsUp', 'due']);
    // Every reminder has its own business key: course + obligation + kind + role.
    expect(new Set(sent.map((r) => r.businessKey)).size).toBe(sent.length);
  });
});

test('reminders stop when the obligation is closed before its heads-up', async () => {
  await withCourse('closed-early', startInput('admission-discharge', 'hnt'), async (handle, sent) => {
    await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'messageSent', message: 'statusInformation' }] });
    await env.sleep(72 * hour);
    expect(sent.filter((r) => r.rule === 'ADM-STATUS')).toEqual([]);
    expect(sent.filter((r) => r.rule === 'ADM-NOTICE').map((r) => r.kind)).toEqual(['headsUp', 'due', 'escalation']);
  });
});

test('TUD-BREACH alerts every party at once; a death in the stay alerts everyone, the ward tells the municipality, the course ends', async () => {
  const input = startInput('forensic-tud', 'unn');
  await withCourse('alerts', input, async (handle, sent) => {
    await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'dischargeProcessStarted' }] });
    const before = sent.length;
    await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'breach' }] });
    await env.sleep('1 second');
    const alerts = sent.slice(before).filter((r) => r.rule === 'TUD-BREACH');
    expect(alerts.every((r) => r.kind === 'alert')).toBe(true);
    expect(alerts.map((r) => r.role).sort()).toEqual(Object.keys(careTeam).sort());

    // Domain §9.10: the whole care team is alerted; the ward's notice to the municipality remains.
    await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'death' }] });
    await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'messageSent', message: 'deathNotice' }] });
    const outcome = await handle.result();
    expect(outcome.phase).toBe('ended');
    const deathAlerts = sent.filter((r) => r.rule === 'ADM-DEATH');
    expect(deathAlerts.every((r) => r.kind === 'alert')).toBe(true);
    expect(deathAlerts.map((r) => r.role).sort()).toEqual(Object.keys(careTeam).sort());
  });
});

test('a rejected event returns a message naming the problem and changes nothing', async () => {
  await withCourse('rejections', startInput('forensic-tud', 'hnt'), async (handle) => {
    const before = await handle.query(courseStateQuery);
    const rejection = async (event: unknown) => {
      const err = await handle.executeUpdate(recordEventUpdate, { args: [event] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
      return String((err as WorkflowUpdateFailedError).cause?.message);
    };
    expect(await rejection({ kind: 'teleported' })).toMatch(/Unknown event kind "teleported"/);
    expect(await rejection({ kind: 'leaveStarted' })).toMatch(/not allowed in phase 'admitted'/);
    expect(await rejection({ kind: 'messageSent', message: 'admissionNotice', at: '2099-01-01T00:00:00Z' })).toMatch(
      /in the future/,
    );
    expect(await rejection({ kind: 'messageSent', message: 'postcard' })).toMatch(/message/);
    await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'dischargeProcessStarted', id: 'epj-1' }] });
    expect(await rejection({ kind: 'planUpdated', plan: 'protection', id: 'epj-1' })).toMatch(
      /Duplicate: an event with id 'epj-1'/,
    );
    const gate = await rejection({ kind: 'leaveStarted' });
    expect(gate).toMatch(/Gate before the first leave not met/);
    for (const id of ['DIS-PLAN-START', 'DIS-PROGRESSION', 'DIS-SERVICES', 'DIS-ERM-TRAINING', 'DIS-SHADOWING'])
      expect(gate).toContain(id);

    // Nothing changed but the one accepted event.
    const after = await handle.query(courseStateQuery);
    expect(after.eventCount).toBe(before.eventCount + 1);

    // An admin override with a reason passes the gate once, and is recorded.
    await handle.executeUpdate(recordEventUpdate, {
      args: [
        { kind: 'override', gate: 'firstLeave', reason: 'Court-ordered trial leave, plan follows', by: 'admin-7' },
      ],
    });
    // Every leave also needs the out-of-hours clinic told before it (domain §9.7).
    await handle.executeUpdate(recordEventUpdate, {
      args: [{ kind: 'messageSent', message: 'emergencyClinicInformed' }],
    });
    await handle.executeUpdate(recordEventUpdate, { args: [{ kind: 'leaveStarted' }] });
    const view = await handle.query(courseStateQuery);
    expect(view.overrides).toEqual([
      expect.objectContaining({ gate: 'firstLeave', by: 'admin-7', reason: 'Court-ordered trial leave, plan follows' }),
    ]);
  });
});
