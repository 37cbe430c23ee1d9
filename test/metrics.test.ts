// Prometheus metrics (docs/operations.md, "Monitoring"): with METRICS_PORT the worker serves the SDK's runtime metrics
// and Forløpsvakt's own on /metrics; a reminder sent against the dev server is counted there, and
// the overdue gauges show the course whose deadline has passed.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../config';
import { startCourseWorkflow } from '../client/courses';
import { createWorker, installRuntime } from '../worker';
import { smtpSender } from '../activities/email/smtp';
import { localEnv } from './helpers/temporal';
import { smtpSink, type SmtpSink } from './helpers/smtp';
import { freePort } from './helpers/maildev';
import { startInput } from './helpers/fixtures';
import { workerMetrics } from '../worker/metric-names';

let env: TestWorkflowEnvironment;
let sink: SmtpSink;
let metricsPort: number;

beforeAll(async () => {
  metricsPort = await freePort();
  // Before anything else touches the SDK runtime: it is installed once per process.
  installRuntime({ LOG_LEVEL: 'WARN', METRICS_PORT: metricsPort });
  [env, sink] = await Promise.all([localEnv(), smtpSink()]);
});
afterAll(async () => {
  await sink?.close();
  await env?.teardown();
});

const scrape = async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
const sample = (text: string, name: string, label = '') =>
  Number(new RegExp(`^${name}(?:\\{[^}]*${label}[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'm').exec(text)?.[1] ?? NaN);

test('the metrics endpoint counts a sent reminder and the overdue obligations', async () => {
  const config = loadConfig({
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: 'metrics',
    SMTP_PORT: String(sink.port),
    METRICS_PORT: String(metricsPort),
  });
  const worker = await createWorker(config, smtpSender(config));
  await worker.runUntil(async () => {
    // Admitted 30 h ago: ADM-STATUS (24 h) is overdue, its deadline reminder goes out at once.
    const at = new Date(Date.now() - 30 * 3_600_000).toISOString();
    const input = startInput('admission-discharge', 'hnt', {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, at },
    });
    expect(sample(await scrape(), 'forlopsvakt_reminders_sent_total', 'rule="ADM-STATUS"')).toBeNaN();
    await startCourseWorkflow(env.client, config, input);

    let text = '';
    for (let i = 0; i < 120; i++) {
      text = await scrape();
      if (
        sample(text, 'forlopsvakt_reminders_sent_total', 'kind="due"') >= 1 &&
        sample(text, 'forlopsvakt_overdue_obligations') >= 1
      )
        break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(sink.accepted.map((m) => m.headers.get('x-forlopsvakt-key'))).toContain(
      `${input.courseRef}/ADM-STATUS#1/due/ward`,
    );
    // Prometheus orders labels by name: kind before rule.
    expect(sample(text, 'forlopsvakt_reminders_sent_total', 'kind="due"[^}]*rule="ADM-STATUS"')).toBe(1);
    expect(sample(text, 'forlopsvakt_reminders_failed_total')).toBeNaN();
    expect(sample(text, 'forlopsvakt_overdue_obligations')).toBe(1);
    expect(sample(text, 'forlopsvakt_overdue_courses')).toBe(1);
    // The SDK's own runtime metrics are on the same endpoint (schedule-to-start latency among them).
    expect(text).toMatch(/^temporal_workflow_task_schedule_to_start_latency/m);
    // Every series the dashboard reads is exported with its type (the failure counters need a failure first).
    const types = Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    for (const [name, metric] of Object.entries(workerMetrics))
      if (!('afterFailure' in metric)) expect([name, types[name]]).toEqual([name, metric.type]);
    expect(text).toMatch(/^temporal_activity_execution_latency_bucket\{[^}]*activity_type="sendReminder"/m);
    await env.client.workflow.getHandle(input.courseRef).terminate('test finished');
  });
}, 120_000);
