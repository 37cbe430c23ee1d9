// Privacy guard (docs/spec/domain.md §7: a reminder carries no health information and no patient
// identity): no workflow id, search attribute, log line or e-mail carries a name, a national
// identity number or event free text, even when an admin types them into the one free-text field
// (an override's reason) and the audit's `by`. Search attributes and logs are never encrypted.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../config';
import { startCourseWorkflow, recordEvent } from '../client/courses';
import { createWorker, installRuntime } from '../worker';
import { smtpSender } from '../activities/email/smtp';
import { localEnv } from './helpers/temporal';
import { smtpSink, type SmtpSink } from './helpers/smtp';
import { identityNumberLike, startInput } from './helpers/fixtures';

const canaries = ['Kari Nordmann', identityNumberLike, 'paranoid schizofreni', 'truet naboen'];
const logLines: string[] = [];
let env: TestWorkflowEnvironment;
let sink: SmtpSink;

beforeAll(async () => {
  jest.spyOn(console, 'log').mockImplementation((line: string) => void logLines.push(String(line)));
  installRuntime({ LOG_LEVEL: 'DEBUG' });
  [env, sink] = await Promise.all([localEnv(), smtpSink()]);
});
afterAll(async () => {
  await sink?.close();
  await env?.teardown();
});

test('names, identity numbers and free text stay out of ids, search attributes, logs and e-mails', async () => {
  const config = loadConfig({
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: 'privacy',
    SMTP_PORT: String(sink.port),
  });
  const worker = await createWorker(config, smtpSender(config));
  await worker.runUntil(async () => {
    // An identity number as the course reference is refused before anything starts.
    await expect(
      startCourseWorkflow(env.client, config, startInput('forensic-tud', 'ahus', { courseRef: `ahus-${canaries[1]}` })),
    ).rejects.toThrow(/national identity number/);

    const input = startInput('forensic-tud', 'ahus', {
      firstEvent: {
        kind: 'admission',
        hasMunicipalServices: true,
        at: new Date(Date.now() - 24 * 3_600_000 + 3_000).toISOString(),
      },
    });
    await startCourseWorkflow(env.client, config, input);
    await recordEvent(env.client, input.courseRef, { kind: 'dischargeProcessStarted', by: canaries[0] });
    await recordEvent(env.client, input.courseRef, {
      kind: 'override',
      gate: 'firstLeave',
      reason: `${canaries.join(', ')}: leave agreed`,
      by: canaries[0],
    });
    // Domain §9.7: the out-of-hours clinic is told before every leave.
    await recordEvent(env.client, input.courseRef, { kind: 'messageSent', message: 'emergencyClinicInformed' });
    await recordEvent(env.client, input.courseRef, { kind: 'leaveStarted' });
    await recordEvent(env.client, input.courseRef, { kind: 'breach' });
    for (let i = 0; i < 60 && !sink.accepted.some((m) => m.subject?.startsWith('Frist nådd')); i++)
      await new Promise((r) => setTimeout(r, 250));
    expect(sink.accepted.length).toBeGreaterThan(5);

    const ids: string[] = [];
    const attributes: unknown[] = [];
    for await (const wf of env.client.workflow.list({ query: `TaskQueue = 'privacy'` })) {
      ids.push(wf.workflowId);
      attributes.push(wf.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value]));
    }
    expect(ids).toEqual([input.courseRef]);
    const places = {
      'workflow ids': ids.join('\n'),
      'search attributes': JSON.stringify(attributes),
      'log lines': logLines.join('\n'),
      'e-mails': sink.accepted
        .map((m) => [m.subject, m.text, m.html, ...m.attachments.map((a) => a.content.toString())].join('\n'))
        .join('\n'),
    };
    expect(logLines.some((l) => l.includes('reminder sent'))).toBe(true);
    for (const [place, text] of Object.entries(places))
      for (const canary of canaries) expect({ place, found: text.includes(canary) }).toEqual({ place, found: false });
    await env.client.workflow.getHandle(input.courseRef).terminate();
  });
});
