// Moving running courses between two real dev servers with `forlopsvakt export` and `forlopsvakt
// import --from-export` (client/export.ts), each server with its own worker (worker/index.ts) sending
// over SMTP to its own real sink: every open obligation arrives with the same due instants, no
// reminder the old server sent is sent again, the next reminder arrives once at its instant on the
// new server, an encrypted export (CODEC_KEYS) is readable only with the keys, and a second import
// starts nothing. Every wait is for a condition (a message, a poller, no delivery pending).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../config';
import { connectClient } from '../config/temporal';
import { startCourseWorkflow } from '../client/courses';
import { createWorker } from '../worker';
import { smtpSender } from '../activities/email/smtp';
import { courseStateQuery, exportStateQuery, runningCoursesQuery } from '../workflows/contract';
import type { CourseView } from '../domain';
import { localEnv } from './helpers/temporal';
import { runCli } from './helpers/cli';
import { keyOf, smtpSink, type SmtpSink } from './helpers/smtp';
import { settled, until } from './helpers/waits';
import { startInput, statusDueIn } from './helpers/fixtures';

const keysOf = (sink: SmtpSink) => sink.accepted.map(keyOf);

/** Each course's view without the instant it was read at. */
async function views(client: Client, refs: string[]): Promise<Record<string, Omit<CourseView, 'now'>>> {
  const entries = await Promise.all(
    refs.map(async (ref) => {
      const { now: _now, ...view } = await client.workflow.getHandle(ref).query(courseStateQuery);
      return [ref, view] as const;
    }),
  );
  return Object.fromEntries(entries);
}

const runningCourses = async (client: Client) => {
  const refs: string[] = [];
  for await (const wf of client.workflow.list({ query: runningCoursesQuery })) refs.push(wf.workflowId);
  return refs.sort();
};

/** A server with a worker (SMTP to its own sink) on `queue`, and a client with the same settings. */
async function side(env: TestWorkflowEnvironment, queue: string, extra: Record<string, string> = {}) {
  const sink = await smtpSink();
  const cliEnv = { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: queue, ...extra };
  const config: Config = loadConfig({ ...cliEnv, SMTP_PORT: String(sink.port), LOG_LEVEL: 'WARN' });
  const worker: Worker = await createWorker(config, smtpSender(config));
  const running = worker.run();
  const client = await connectClient(config);
  await until(`a worker polling ${queue}`, async () => {
    const described = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: queue },
    });
    return (described.pollers ?? []).length > 0;
  });
  return {
    sink,
    config,
    client,
    cli: (...args: string[]) => runCli(cliEnv, ...args),
    stop: async () => {
      worker.shutdown();
      await running;
      await client.connection.close();
      await sink.close();
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'forlopsvakt-export-'));

describe('moving courses between two Temporal servers', () => {
  let serverA: TestWorkflowEnvironment;
  let serverB: TestWorkflowEnvironment;
  beforeAll(async () => {
    [serverA, serverB] = await Promise.all([localEnv(), localEnv()]);
  });
  afterAll(async () => {
    await Promise.all([serverA?.teardown(), serverB?.teardown()]);
  });

  test('every course continues on the new server where it was, without a reminder sent twice', async () => {
    const a = await side(serverA, 'move-a');
    const b = await side(serverB, 'move-b');
    try {
      // One course of each kind, and one whose next reminder falls due shortly after the move.
      const soon = statusDueIn(45);
      const courses = [
        startInput('forensic-tud'),
        startInput('admission-discharge', 'hnt'),
        startInput('long-term-coordinated', 'unn'),
        startInput('agreement-review'),
        soon,
      ];
      const refs = courses.map((c) => c.courseRef).sort();
      for (const input of courses) await startCourseWorkflow(a.client, a.config, input);
      const headsUp = `${soon.courseRef}/ADM-STATUS#1/headsUp/ward`;
      const due = `${soon.courseRef}/ADM-STATUS#1/due/ward`;
      await until('the first heads-up on A', () => keysOf(a.sink).includes(headsUp));
      await settled(a.client, refs);

      const file = join(dir, 'courses.json');
      const before = await views(a.client, refs);
      // Read and ended on A in one step: nothing can fall due on both servers.
      const exported = await a.cli('export', '--file', file, '--terminate', '--json');
      expect(exported).toMatchObject({ code: 0 });
      expect(JSON.parse(exported.stdout)).toEqual({ file, exported: refs, leftOut: [] });
      for (const ref of refs)
        expect((await a.client.workflow.getHandle(ref).describe()).status.name).toBe('TERMINATED');
      const sentOnA = new Set(keysOf(a.sink));
      expect(sentOnA.has(due)).toBe(false); // still to come, on B

      // Plain JSON with its format, version and source; no address of the server it came from.
      const text = readFileSync(file, 'utf8');
      const document = JSON.parse(text);
      expect(document).toMatchObject({ format: 'forlopsvakt-course-export', version: 1 });
      expect(document.source).toEqual({ namespace: 'default', exportedAt: expect.any(String) });
      expect(text).not.toContain(serverA.address);
      expect(document.courses.map((c: { courseRef: string }) => c.courseRef)).toEqual(refs);

      const imported = await b.cli('import', '--from-export', file, '--json');
      expect(imported).toMatchObject({ code: 0 });
      expect(JSON.parse(imported.stdout)).toEqual(refs.map((courseRef) => ({ courseRef, status: 'started' })));

      // The same state, so the same open obligations with the same due instants.
      expect(await views(b.client, refs)).toEqual(before);
      for (const { courseRef, input } of document.courses)
        expect((await b.client.workflow.getHandle(courseRef).query(exportStateQuery)).state).toEqual(input.state);
      const dueAt = before[soon.courseRef]!.openObligations.find((o) => o.rule === 'ADM-STATUS')!.dueAt!;

      // The next reminder arrives once, at its instant, from B; nothing A sent is sent again.
      await until('the ADM-STATUS deadline reminder on B', () => keysOf(b.sink).includes(due));
      const mail = b.sink.accepted.find((m) => keyOf(m) === due)!;
      expect(mail.date!.getTime()).toBeGreaterThanOrEqual(Date.parse(dueAt) - 1000);
      expect(mail.date!.getTime()).toBeLessThan(Date.parse(dueAt) + 15_000);
      await settled(b.client, refs);
      expect(keysOf(b.sink)).toEqual([due]);
      expect(keysOf(a.sink).filter((k) => k === headsUp)).toHaveLength(1);

      // A second import starts nothing.
      const again = await b.cli('import', '--from-export', file);
      expect(again).toMatchObject({ code: 0 });
      expect(again.stdout).toContain(`0 started, ${refs.length} skipped`);
      expect(await runningCourses(b.client)).toEqual(refs);
      await settled(b.client, refs);
      expect(keysOf(b.sink)).toEqual([due]);
      for (const ref of refs) await b.client.workflow.getHandle(ref).terminate('test over');
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 240_000);

  test('with CODEC_KEYS the export is encrypted, and imports only with the keys', async () => {
    const key = () => randomBytes(32).toString('base64');
    const keys = { CODEC_KEYS: `2026-a:${key()}`, CODEC_ACTIVE_KEY_ID: '2026-a' };
    // The first test's courses are gone from both servers' lists before this one exports.
    const a = await side(serverA, 'move-a-encrypted', keys);
    const b = await side(serverB, 'move-b-encrypted', keys);
    try {
      await until('no course left running', async () => (await runningCourses(a.client)).length === 0);
      await until('no course left running on B', async () => (await runningCourses(b.client)).length === 0);
      const courses = [startInput('forensic-tud', 'ahus'), startInput('long-term-coordinated', 'hnt')];
      const refs = courses.map((c) => c.courseRef).sort();
      for (const input of courses) await startCourseWorkflow(a.client, a.config, input);
      await settled(a.client, refs);

      const file = join(dir, 'encrypted.json');
      expect(await a.cli('export', '--file', file)).toMatchObject({ code: 0 });
      const before = await views(a.client, refs);
      for (const ref of refs) await a.client.workflow.getHandle(ref).terminate('moved to server B');
      const text = readFileSync(file, 'utf8');
      const envelope = JSON.parse(text);
      expect(envelope).toMatchObject({ format: 'forlopsvakt-course-export-encrypted', version: 1 });
      expect(envelope.courses).toBeUndefined();
      // Nothing of the courses in the clear: neither references nor mailboxes.
      for (const ref of refs) expect(text).not.toContain(ref);
      expect(text).not.toContain('hospital.test');
      expect(() => JSON.parse(Buffer.from(envelope.payload.data, 'base64').toString('utf8'))).toThrow();

      // Without the keys, or with another key: refused, naming the key, and nothing started.
      const withoutKeys = await runCli({ TEMPORAL_ADDRESS: serverB.address }, 'import', '--from-export', file);
      expect(withoutKeys.code).toBe(1);
      expect(withoutKeys.stderr).toContain("encrypted with codec key '2026-a'");
      const otherKey = await runCli(
        { TEMPORAL_ADDRESS: serverB.address, CODEC_KEYS: `2027-a:${key()}`, CODEC_ACTIVE_KEY_ID: '2027-a' },
        'import',
        '--from-export',
        file,
      );
      expect(otherKey.code).toBe(1);
      expect(otherKey.stderr).toContain("No codec key '2026-a'");
      expect(await runningCourses(b.client)).toEqual([]);

      const imported = await b.cli('import', '--from-export', file, '--json');
      expect(imported).toMatchObject({ code: 0 });
      expect(JSON.parse(imported.stdout)).toEqual(refs.map((courseRef) => ({ courseRef, status: 'started' })));
      expect(await views(b.client, refs)).toEqual(before);

      const again = await b.cli('import', '--from-export', file, '--json');
      expect(JSON.parse(again.stdout)).toEqual(refs.map((courseRef) => ({ courseRef, status: 'skipped' })));
      expect(await runningCourses(b.client)).toEqual(refs);
    } finally {
      await a.stop();
      await b.stop();
    }
  }, 180_000);
});
