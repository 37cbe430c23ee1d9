// The product's own client against the real dev server (the pinned Temporal CLI): a course is
// started, takes an event, answers queries; a bad start is refused before anything exists; a course
// is started with the code it is started for, and its first task publishes its search attributes.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { WorkflowNotFoundError } from '@temporalio/client';
import { courseKeysUpserted, courseWorker, localEnv } from './helpers/temporal';
import { identityNumberLike, startInput } from './helpers/fixtures';
import { recordEvent, showCourse, startCourseWorkflow, startRequest } from '../client/courses';
import { loadConfig } from '../config';
import { EventRejected } from '../domain';
import { temporal } from '@temporalio/proto';
import { courseWorkflow } from '../workflows';
import { courseCode, courseStateQuery, eventsQuery } from '../workflows/contract';
import {
  courseKindKey,
  hospitalUnitKey,
  nextDeadlineKey,
  overdueCountKey,
  phaseKey,
  profileKey,
} from '../workflows/search-attributes';
import { until } from './helpers/waits';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Temporal's own record of the patches a run took: the SDK upserts it beside each patch marker. */
const changeVersionKey = defineSearchAttributeKey('TemporalChangeVersion', SearchAttributeType.KEYWORD_LIST);

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

/** Until the course's first workflow task completed, or the course failed in it. */
const firstTaskDone = (workflowId: string) => {
  const type = temporal.api.enums.v1.EventType;
  const ended = [type.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, type.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED];
  return until(`the first task of ${workflowId}`, async () =>
    ((await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).some((e) =>
      ended.includes(e.eventType!),
    ),
  );
};

test('a course is started with its code and no search attributes: its first task upserts them and records no marker; one started without the code records the marker', async () => {
  const queue = 'dev-server-attributes';
  const historyOf = async (workflowId: string) =>
    (await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const markers = async (workflowId: string) =>
    (await historyOf(workflowId)).filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch').length;
  const attributesOf = async (workflowId: string) =>
    (await env.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes;
  const input = startInput('admission-discharge', 'hnt');
  const sent = [new Date().toISOString()];
  const handle = await startCourseWorkflow(env.client, loadConfig({ TEMPORAL_TASK_QUEUE: queue }), input);
  sent.push(new Date().toISOString());
  // No worker has run it yet: the start carried none (docs/versioning.md "v14").
  expect((await attributesOf(input.courseRef)).getAll()).toEqual([]);

  const bare = startInput('admission-discharge', 'hnt');
  await env.client.workflow.start(courseWorkflow, {
    taskQueue: queue,
    workflowId: bare.courseRef,
    args: [{ start: bare }],
  });
  const worker = await courseWorker(env, queue);
  await worker.runUntil(async () => {
    await Promise.all([input.courseRef, bare.courseRef].map(firstTaskDone));
    // Stamped with its code by the client, the course records no patch marker (docs/versioning.md
    // "v13"); one started without the stamp records it, and the SDK upserts the code beside it.
    expect([await markers(input.courseRef), await markers(bare.courseRef)]).toEqual([0, 1]);
    // One upsert each of every course key with a value (the unset ones, HospitalUnit here, not as
    // null), beside the SDK's own of the code on the unstamped one.
    for (const id of [input.courseRef, bare.courseRef]) {
      const keys = (await historyOf(id)).map(courseKeysUpserted).filter((upserted) => upserted.length > 0);
      expect(keys.map((upserted) => new Set(upserted))).toEqual([
        new Set(['CourseKind', 'AgreementProfile', 'CoursePhase', 'NextDeadline', 'OverdueCount']),
      ]);
    }
    const [a, b] = await Promise.all([input.courseRef, bare.courseRef].map(attributesOf));
    expect([a!.get(courseKindKey), a!.get(profileKey), a!.get(phaseKey), a!.get(overdueCountKey)]).toEqual([
      'admission-discharge',
      'hnt',
      'admitted',
      0,
    ]);
    expect(a!.get(hospitalUnitKey)).toBeUndefined();
    for (const key of [courseKindKey, profileKey, phaseKey, overdueCountKey])
      expect([key.name, b!.get(key)]).toEqual([key.name, a!.get(key)]);
    expect(a!.get(nextDeadlineKey)?.toISOString()).toBe((await handle.query(courseStateQuery)).nextDeadline);
    // Only a marker sets Temporal's record of the code: the stamp is in the input (docs/versioning.md "v14").
    expect([a!.get(changeVersionKey), b!.get(changeVersionKey)]).toEqual([undefined, [courseCode]]);
    // The undated admission is dated when it was sent, not when the worker first ran the course.
    const [admission] = await handle.query(eventsQuery);
    expect(admission!.at >= sent[0]! && admission!.at <= sent[1]!).toBe(true);
    await Promise.all(
      [input.courseRef, bare.courseRef].map((id) => env.client.workflow.getHandle(id).terminate('test finished')),
    );
  });
});

test("a start whose first event the client dated ahead of the server's clock is recorded at the server's now, not refused", async () => {
  const queue = 'dev-server-clock';
  const ahead = new Date(Date.now() + 10 * 60_000).toISOString();
  const input = startInput('admission-discharge', 'hnt', {
    firstEvent: { kind: 'admission', hasMunicipalServices: true, at: ahead },
  });
  // As a client whose clock runs ten minutes ahead sends it: dated and checked by that clock.
  const { start, ...options } = startRequest(input, ahead);
  const handle = await env.client.workflow.start(courseWorkflow, {
    taskQueue: queue,
    workflowId: start.courseRef,
    ...options,
  });
  const worker = await courseWorker(env, queue);
  await worker.runUntil(async () => {
    await firstTaskDone(input.courseRef);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const [admission] = await handle.query(eventsQuery);
    expect(Date.parse(admission!.at)).toBeLessThan(Date.parse(ahead));
    await handle.terminate('test finished');
  });
});
