// The worker's console (worker/logging.ts): LOG_FORMAT validated, `dev` pretty by default, the
// pretty formatter on sample records, and `forlopsvakt worker` with LOG_FORMAT=pretty against the
// dev server printing its reminder and event lines with nothing of the bundler and no JSON.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { LogEntry } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../config';
import { recordEvent, startCourseWorkflow } from '../client/courses';
import { devConfig } from '../dev/launcher';
import { jsonLine, logFunction, prettyLine } from '../worker/logging';
import { localEnv } from './helpers/temporal';
import { smtpSink } from './helpers/smtp';
import { startInput } from './helpers/fixtures';

// 2026-03-02 11:03:07 UTC is 12:03 in Oslo (winter time).
const at = BigInt(Date.parse('2026-03-02T11:03:07Z')) * 1_000_000n;
const entry = (message: string, meta: Record<string, unknown> = {}, level: LogEntry['level'] = 'INFO'): LogEntry => ({
  level,
  message,
  meta,
  timestampNanos: at,
});
const reminder = {
  businessKey: 'ahus-2026-000123/ADM-NOTICE#1/headsUp/ward',
  courseRef: 'ahus-2026-000123',
  rule: 'ADM-NOTICE',
  kind: 'headsUp',
  role: 'ward',
  recipient: 'ward@hospital.test',
  dueAt: '2026-03-02T12:00:00.000Z',
};
const activity = { sdkComponent: 'activity', activityType: 'sendReminder', workflowId: 'ahus-2026-000123', attempt: 2 };

describe('LOG_FORMAT', () => {
  test('is json unless set, pretty under `forlopsvakt dev`, and a bad value names the variable', () => {
    expect(loadConfig({}).LOG_FORMAT).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/^Bad configuration: LOG_FORMAT: /);
    expect(devConfig({}).LOG_FORMAT).toBe('pretty');
    expect(devConfig({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
  });
});

describe('the pretty formatter', () => {
  test('one short line per reminder sent, event recorded and error, in Oslo time, without the recipient', () => {
    expect(prettyLine(entry('reminder sent', { ...activity, ...reminder }))).toBe(
      '12:03 sent  ADM-NOTICE headsUp → ward (ahus-2026-000123)',
    );
    expect(prettyLine(entry('event recorded', { courseRef: 'ahus-2026-000123', event: 'dischargeReady' }))).toBe(
      '12:03 event dischargeReady (ahus-2026-000123)',
    );
    const refused = 'the mail server refused the recipient (550)';
    expect(prettyLine(entry('reminder not delivered', { ...reminder, error: refused }, 'WARN'))).toBe(
      `12:03 error ADM-NOTICE headsUp → ward (ahus-2026-000123) not delivered: ${refused}`,
    );
    const refusedEntry = entry('reminder sent', { ...reminder });
    expect(prettyLine(refusedEntry)).not.toContain('ward@hospital.test');
  });

  test('a failed attempt is one warning; one refused for good is left to the course that records it', () => {
    const retried = new Error('connect ECONNREFUSED 127.0.0.1:1025\n    at TCPConnectWrap.afterConnect');
    expect(prettyLine(entry('Activity failed', { ...activity, error: retried, durationMs: 3 }, 'WARN'))).toBe(
      '12:03 warn  sendReminder attempt 2 failed (ahus-2026-000123): connect ECONNREFUSED 127.0.0.1:1025',
    );
    const permanent = ApplicationFailure.nonRetryable('the mail server refused the recipient (550)');
    expect(prettyLine(entry('Activity failed', { ...activity, error: permanent }, 'WARN'))).toBeUndefined();
    const digest = ApplicationFailure.nonRetryable('the mail server refused the recipient (550)');
    expect(
      prettyLine(entry('Activity failed', { ...activity, activityType: 'sendDigest', error: digest }, 'WARN')),
    ).toBe('12:03 warn  sendDigest attempt 2 failed (ahus-2026-000123): the mail server refused the recipient (550)');
  });

  test('other warnings and errors on one line; the bundler and the worker start-up say nothing', () => {
    expect(prettyLine(entry('overdue gauges not refreshed', { error: 'deadline exceeded' }, 'WARN'))).toBe(
      '12:03 warn  overdue gauges not refreshed: deadline exceeded',
    );
    expect(prettyLine(entry('Workflow failed', { workflowId: 'x-1', error: new Error('boom') }, 'ERROR'))).toBe(
      '12:03 error Workflow failed (x-1): boom',
    );
    const stats = 'asset workflow-bundle-9b64.js 3.86 MiB [emitted]\norphan modules 473 KiB\nwebpack 5.112.2 compiled';
    expect(prettyLine(entry(stats, { sdkComponent: 'worker' }))).toBeUndefined();
    expect(prettyLine(entry('Workflow bundle created', { size: '3.86MB' }))).toBeUndefined();
    expect(prettyLine(entry('Worker state changed', { state: 'RUNNING' }))).toBeUndefined();
    const failedBundle = `asset workflow-bundle.js 3 MiB\n\nERROR in ./workflows/course.ts 3:0-20\nModule not found`;
    expect(prettyLine(entry(failedBundle, {}, 'ERROR'))).toBe('12:03 error ERROR in ./workflows/course.ts 3:0-20');
  });

  test('json keeps one object per line with every field, and pretty writes only what it formats', () => {
    expect(JSON.parse(jsonLine(entry('reminder sent', reminder)))).toEqual({
      time: '2026-03-02T11:03:07.000Z',
      level: 'INFO',
      message: 'reminder sent',
      ...reminder,
    });
    const written: string[] = [];
    const pretty = logFunction('pretty', (line) => written.push(line));
    pretty(entry('Workflow bundle created'));
    pretty(entry('event recorded', { courseRef: 'c-1', event: 'admission' }));
    expect(written).toEqual(['12:03 event admission (c-1)']);
  });
});

describe('`forlopsvakt worker` with LOG_FORMAT=pretty', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await localEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  test('prints the event and reminder lines, nothing of the bundler and no JSON', async () => {
    const sink = await smtpSink();
    const config = loadConfig({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: 'logging',
      SMTP_PORT: String(sink.port),
    });
    const worker = spawn(resolve(__dirname, '..', 'bin', 'forlopsvakt'), ['worker'], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
        TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
        SMTP_PORT: String(config.SMTP_PORT),
        LOG_LEVEL: 'INFO',
        LOG_FORMAT: 'pretty',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    worker.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Admitted 30 h ago under HNT: ADM-STATUS (24 h) is overdue, its deadline reminder goes out at once.
    const input = startInput('admission-discharge', 'hnt', {
      firstEvent: {
        kind: 'admission',
        hasMunicipalServices: false,
        at: new Date(Date.now() - 30 * 3_600_000).toISOString(),
      },
    });
    const sent = `sent  ADM-STATUS due → ward (${input.courseRef})`;
    const recorded = `event messageSent (${input.courseRef})`;
    try {
      await startCourseWorkflow(env.client, config, input);
      await recordEvent(env.client, input.courseRef, { kind: 'messageSent', message: 'admissionNotice' });
      for (const end = Date.now() + 90_000; !(stdout.includes(sent) && stdout.includes(recorded));) {
        if (Date.now() > end || worker.exitCode !== null)
          throw new Error(`no reminder and event lines; stdout:\n${stdout}\nstderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      worker.kill('SIGKILL');
      await env.client.workflow
        .getHandle(input.courseRef)
        .terminate('test finished')
        .catch(() => undefined);
      await sink.close();
    }
    const lines = stdout.split('\n').filter((line) => line !== '');
    // The first event comes with the start; the second through the recordEvent update.
    expect(stdout).toContain(`event admission (${input.courseRef})`);
    expect(lines.filter((line) => !/^\d\d:\d\d (sent |event|warn |error) /.test(line))).toEqual([]);
    expect(`${stdout}${stderr}`).not.toMatch(/asset |webpack|modules by path|Workflow bundle/);
    expect(stdout).not.toContain('@hospital.test');
  }, 150_000);
});
