// The daily digest on the dev server (it needs visibility to list courses): the worker creates
// the 07:30 Europe/Oslo weekday schedule; a digest mailbox gets no single heads-up or deadline
// reminders, and one digest e-mail listing its obligations across courses.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../config';
import { startCourseWorkflow } from '../client/courses';
import { createWorker } from '../worker';
import { localEnv } from './helpers/temporal';
import { careTeam, startInput } from './helpers/fixtures';
import { recipientOf, smtpSink, type SmtpSink } from './helpers/smtp';
import { smtpSender } from '../activities/email/smtp';
import { courseWorkflowType, digestScheduleId, recordEventUpdate } from '../workflows/contract';
import { digestWorkflow } from '../workflows';

let env: TestWorkflowEnvironment;
let sink: SmtpSink;
beforeAll(async () => {
  [env, sink] = await Promise.all([localEnv(), smtpSink()]);
});
afterAll(async () => {
  await sink?.close();
  await env?.teardown();
});

test('one digest per mailbox, instead of one e-mail per reminder', async () => {
  const config = loadConfig({
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: 'digest-test',
    SMTP_PORT: String(sink.port),
  });
  const worker = await createWorker(config, smtpSender(config));
  const digestTeam = { ...careTeam, caseOffice: { ...careTeam.caseOffice!, digest: true } };
  await worker.runUntil(async () => {
    const schedule = await env.client.schedule.getHandle(digestScheduleId).describe();
    expect(schedule.spec.timezone).toBe('Europe/Oslo');
    expect(schedule.spec.calendars).toEqual([
      expect.objectContaining({
        hour: [{ start: 7, end: 7, step: 1 }],
        minute: [{ start: 30, end: 30, step: 1 }],
        dayOfWeek: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'].map((d) => ({ start: d, end: d, step: 1 })),
      }),
    ]);

    // Two HNT courses, admitted 25 h ago: the case office has ADM-REPORT (4 h; overdue in one) and ADM-CHILDREN open
    // in both.
    const at = new Date(Date.now() - 25 * 3_600_000).toISOString();
    const refs: string[] = [];
    for (const n of [1, 2]) {
      const input = startInput('admission-discharge', 'hnt', {
        careTeam: digestTeam,
        firstEvent: { kind: 'admission', hasMunicipalServices: true, at },
      });
      await startCourseWorkflow(env.client, config, input);
      await env.client.workflow.getHandle(input.courseRef).executeUpdate(recordEventUpdate, {
        args: [{ kind: 'messageSent', message: 'admissionNotice', at: n === 1 ? at : undefined }],
      });
      refs.push(input.courseRef);
    }
    // Visibility is eventually consistent: wait until both courses are listed.
    const courses = `WorkflowType = '${courseWorkflowType}' AND ExecutionStatus = 'Running'`;
    for (let i = 0; i < 50 && (await env.client.workflow.count(courses)).count < 2; i++)
      await new Promise((r) => setTimeout(r, 200));
    const result = await env.client.workflow.execute(digestWorkflow, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: 'digest-now',
      args: [{ skipNonWorkingDays: false }],
    });
    expect(result.sent).toBe(1);

    const toCaseOffice = sink.accepted.filter((m) => recipientOf(m) === careTeam.caseOffice!.mailbox);
    expect(toCaseOffice).toHaveLength(1);
    const digest = toCaseOffice[0]!;
    expect(digest.subject).toMatch(/^\[Forløpsvakt\] Daglig oversikt \d{4}-\d{2}-\d{2}: 4 åpne plikter, 1 forsinket$/);
    for (const ref of refs) expect(digest.text).toContain(ref);
    expect(digest.text).toMatch(/- FORSINKET – .* · ADM-REPORT: Innleggelsesrapport til sykehuset · Tildelingskontor/);
    // Roles without a digest still get each reminder as it falls due (ADM-STATUS is overdue for the ward).
    expect(
      sink.accepted.filter(
        (m) =>
          recipientOf(m) === careTeam.ward!.mailbox &&
          String(m.headers.get('x-forlopsvakt-key')).includes('/ADM-STATUS#'),
      ),
    ).toHaveLength(2);
    for (const ref of refs) await env.client.workflow.getHandle(ref).terminate('test finished');
  });
});
