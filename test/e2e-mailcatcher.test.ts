// End to end as the product runs locally: the dev server, the worker with real SMTP delivery,
// and the maildev mail catcher. A back-dated course's reminders show up in the catcher's API.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../config';
import { smtpDelivery, messageIdOf } from '../activities/email/smtp';
import { startCourseWorkflow } from '../client/courses';
import { courseWorker, localEnv } from './helpers/temporal';
import { startInput, careTeam } from './helpers/fixtures';
import { startMaildev } from './helpers/maildev';
import type { Reminder } from '../domain';

let env: TestWorkflowEnvironment;
let catcher: Awaited<ReturnType<typeof startMaildev>>;
beforeAll(async () => {
  [env, catcher] = await Promise.all([localEnv(), startMaildev()]);
});
afterAll(async () => {
  catcher?.stop();
  await env?.teardown();
});

test('a course on the dev server delivers its reminders to the mail catcher', async () => {
  const config = loadConfig({ TEMPORAL_TASK_QUEUE: 'e2e-mail', SMTP_PORT: String(catcher.smtpPort) });
  const worker = await courseWorker(env, config.TEMPORAL_TASK_QUEUE, [], smtpDelivery(config));
  await worker.runUntil(async () => {
    // Admitted 24 h minus 5 s ago: ADM-STATUS's heads-up is overdue (sent at once), its deadline 5 s away.
    const at = new Date(Date.now() - 24 * 3_600_000 + 5_000).toISOString();
    const input = startInput('admission-discharge', 'hnt', {
      firstEvent: { kind: 'admission', hasMunicipalServices: false, at },
    });
    await startCourseWorkflow(env.client, config, input);
    const expected = (['headsUp', 'due'] as const).map((kind) =>
      messageIdOf({ businessKey: `${input.courseRef}/ADM-STATUS#1/${kind}/ward` } as Reminder),
    );
    let mails: Awaited<ReturnType<typeof catcher.emails>> = [];
    for (let i = 0; i < 60; i++) {
      mails = (await catcher.emails()).filter((m) =>
        m.headers['x-forlopsvakt-key']?.startsWith(`${input.courseRef}/ADM-STATUS`),
      );
      if (mails.length >= 2) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(mails.map((m) => m.headers['message-id']).sort()).toEqual([...expected].sort());
    expect(mails.every((m) => m.to[0]?.address === careTeam.ward!.mailbox)).toBe(true);
    // The kind of reminder and its deadline first, the rule's title, the course reference last.
    const subject = (kind: string) =>
      new RegExp(
        `^${kind} \\S+ \\d+\\. \\S+ kl\\. \\d\\d:\\d\\d: Status, forventet forløp og utskrivningstid – ${input.courseRef}$`,
      );
    const subjectOf = (kind: string) =>
      mails.find((m) => m.headers['x-forlopsvakt-key']?.includes(`/${kind}/`))?.subject;
    expect(subjectOf('headsUp')).toMatch(subject('Frist'));
    expect(subjectOf('due')).toMatch(subject('Frist nådd'));
    await env.client.workflow.getHandle(input.courseRef).terminate('test finished');
  });
});
