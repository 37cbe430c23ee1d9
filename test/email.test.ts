// Reminder e-mail against a real SMTP server on a random loopback port: headers, text, HTML and
// the meeting invitation; idempotent delivery under temporary refusals; a permanent refusal is
// not retried, is recorded in the course and goes to the manager (domain.md §7). What the text
// tells staff to do is in email-instructions.test.ts.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../config';
import { smtpDelivery, messageIdOf } from '../activities/email/smtp';
import { renderReminder } from '../activities/email/render';
import type { Reminder } from '../domain';
import { courseWorker, terminateWhenIdle, timeSkippingEnv, type Recorded } from './helpers/temporal';
import { recipientOf, smtpSink, type SmtpSink } from './helpers/smtp';
import { careTeam, startInput } from './helpers/fixtures';
import { courseStateQuery } from '../workflows/contract';
import { courseWorkflow } from '../workflows';

const configFor = (sink: SmtpSink) =>
  loadConfig({
    SMTP_PORT: String(sink.port),
    TEMPORAL_UI_URL: 'https://temporal.hospital.test',
    MAIL_FROM: 'Forløpsvakt <noreply@hospital.test>',
  });

const meeting: Reminder = {
  businessKey: 'ahus-2026-000123/TUD-MEETING#3/headsUp/responsibleClinician',
  courseRef: 'ahus-2026-000123',
  rule: 'TUD-MEETING',
  kind: 'headsUp',
  role: 'responsibleClinician',
  recipient: 'clinician@hospital.test',
  openedAt: '2027-05-25T08:00:00.000Z',
  dueAt: '2027-11-25T09:00:00.000Z',
  obligation: 'TUD-MEETING#3',
  profile: 'ahus',
};

describe('one reminder e-mail', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await smtpSink();
  });
  afterAll(async () => {
    await sink.close();
  });

  test('headers, bokmål then English text and HTML, and a meeting invitation with a stable UID', async () => {
    await smtpDelivery(configFor(sink))(meeting);
    expect(sink.accepted).toHaveLength(1);
    const mail = sink.accepted[0]!;
    expect(mail.messageId).toBe(messageIdOf(meeting));
    expect(mail.from?.value).toEqual([{ name: 'Forløpsvakt', address: 'noreply@hospital.test' }]);
    expect(recipientOf(mail)).toBe('clinician@hospital.test');
    // Scannable in a list: the kind of reminder and its deadline, the rule's title, the course last.
    expect(mail.subject).toBe(
      'Frist tor. 25. nov kl. 10:00: Samarbeidsmøte / ansvarsgruppemøte under TUD – ahus-2026-000123',
    );
    const text = mail.text ?? '';
    expect(text.indexOf('Frist nærmer seg')).toBeLessThan(text.indexOf('Deadline approaching'));
    for (const part of [
      // The duty in one sentence: who, by when, what; «bør» says "should" (domain §9).
      'Faglig ansvarlig bør sørge for dette innen torsdag 25. november 2027 kl. 10:00 (CET): samarbeidsmøte / ansvarsgruppemøte under TUD.',
      'Responsible clinician should see to this by Thursday 25 November 2027 10:00 (CET): collaboration / responsibility-group meeting during TUD.',
      // Why it opened and when, in Oslo time (CEST in May).
      'Hvorfor: utskrivning til TUD: minst to møter første halvår, deretter hvert halvår – åpnet tirsdag 25. mai 2027 kl. 10:00 (CEST).',
      'Why: discharge to TUD: at least two meetings in the first six months, then every six months – opened Tuesday 25 May 2027 10:00 (CEST).',
      // What closes it, and how to record that for this course.
      'Ferdig når: møte holdt, referat skrevet (politiet informeres).',
      'Done when: meeting held, minutes taken (the police are informed).',
      `\n  forlopsvakt course event ahus-2026-000123 meetingHeld --data '{"meeting":"collaboration"}'\n`,
      'Send an Update, navnet recordEvent, og lim inn dette i Data:\n  {"kind":"meetingHeld","meeting":"collaboration"}\n',
      'Send an Update, the name recordEvent, and paste this in Data:\n  {"kind":"meetingHeld","meeting":"collaboration"}\n',
      'ahus-2026-000123',
      'TUD-MEETING: Samarbeidsmøte / ansvarsgruppemøte under TUD',
      // The course's own agreement, by the name staff know it (domain §9.11).
      'Kilde: Ahus prosedyre, dom til TPH §3.4.1',
      // «bør» in the agreement: the reminder says "should".
      'The agreement says this should be done (a recommendation).',
      'Skal handle: Faglig ansvarlig',
      'Frist: torsdag 25. november 2027 kl. 10:00 (CET)',
      'Must act: Responsible clinician',
      'Deadline: Thursday 25 November 2027 10:00 (CET)',
      'https://temporal.hospital.test/namespaces/default/workflows/ahus-2026-000123',
    ])
      expect(text).toContain(part);
    expect(mail.html).toContain(
      '<a href="https://temporal.hospital.test/namespaces/default/workflows/ahus-2026-000123">',
    );
    expect(mail.html).toContain(
      '<pre>forlopsvakt course event ahus-2026-000123 meetingHeld --data &#39;{&quot;meeting&quot;:&quot;collaboration&quot;}&#39;</pre>',
    );
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))?.content.toString() ?? '';
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain('UID:ahus-2026-000123/TUD-MEETING#3@forlopsvakt');
    // The period the meeting must be held in: opened 25 May 10:00 CEST, due 25 November 10:00 CET.
    expect(ics).toContain('DTSTART:20270525T080000Z');
    expect(ics).toContain('DTEND:20271125T090000Z');
    // The next reminder for the same meeting updates the same calendar entry.
    const due = renderReminder(
      { ...meeting, kind: 'due', businessKey: meeting.businessKey.replace('headsUp', 'due') },
      { temporalUiUrl: 'x', namespace: 'default' },
    );
    expect(due.ics).toContain('UID:ahus-2026-000123/TUD-MEETING#3@forlopsvakt');
    expect(due.ics).toContain('SEQUENCE:1');
  });
});

describe('delivery through the course workflow', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await timeSkippingEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  async function runCourse(sink: SmtpSink, queue: string, hours: number) {
    const sent: Recorded[] = [];
    const worker = await courseWorker(env, queue, sent, smtpDelivery(configFor(sink)));
    const input = startInput('admission-discharge', 'hnt');
    return worker.runUntil(async () => {
      const handle = await env.client.workflow.start(courseWorkflow, {
        taskQueue: queue,
        workflowId: input.courseRef,
        args: [{ start: input }],
      });
      await env.sleep(hours * 3_600_000);
      const view = await handle.query(courseStateQuery);
      await terminateWhenIdle(env, handle);
      return { view, sent };
    });
  }

  test('a server that refuses twice and then accepts yields exactly one message per business key', async () => {
    const tries = new Map<string, number>();
    const sink = await smtpSink({
      refuse: (mail) => {
        const n = (tries.get(mail.messageId!) ?? 0) + 1;
        tries.set(mail.messageId!, n);
        return n <= 2 ? 451 : undefined;
      },
    });
    try {
      await runCourse(sink, 'smtp-flaky', 21);
      const keys = sink.accepted.map((m) => m.headers.get('x-forlopsvakt-key'));
      expect(keys.length).toBeGreaterThan(0);
      expect(new Set(keys).size).toBe(keys.length);
      expect(new Set(sink.accepted.map((m) => m.messageId)).size).toBe(keys.length);
      // Each message was refused twice before it was accepted.
      for (const m of sink.accepted) expect(sink.attempts.filter((id) => id === m.messageId)).toHaveLength(3);
    } finally {
      await sink.close();
    }
  });

  test('a refused recipient (550 to RCPT TO) is not retried, is recorded in the course and goes to the manager', async () => {
    const ward = careTeam.ward!;
    const sink = await smtpSink({ refuseRecipient: (address) => (address === ward.mailbox ? 550 : undefined) });
    try {
      const { view } = await runCourse(sink, 'smtp-permanent', 21);
      const refused = view.deliveryFailures;
      // HNT, admission with municipal services: heads-ups for ADM-NOTICE and ADM-STATUS go to the ward.
      expect(refused.map((f) => f.rule).sort()).toEqual(['ADM-NOTICE', 'ADM-STATUS']);
      expect(refused.every((f) => f.role === 'ward' && f.kind === 'headsUp' && /550/.test(f.error))).toBe(true);
      // One attempt per refused reminder: no retry storm.
      expect(sink.refusedRecipients).toEqual([ward.mailbox, ward.mailbox]);
      expect(refused.every((f) => f.error === 'the mail server refused the recipient (550)')).toBe(true);
      const toManager = sink.accepted.filter((m) => recipientOf(m) === ward.manager);
      expect(toManager).toHaveLength(2);
      for (const m of toManager) expect(m.subject).toMatch(/^Ikke levert, frist .+: .+ – admission-/);
      expect(toManager.every((m) => m.text?.startsWith('En påminnelse kunne ikke leveres\n'))).toBe(true);
    } finally {
      await sink.close();
    }
  });
});
