// Reminder e-mail against a real SMTP server on a random loopback port: headers, text, HTML and
// the meeting invitation; idempotent delivery under temporary refusals; a permanent refusal is
// not retried, is recorded in the course and goes to the manager.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../config';
import { smtpDelivery, messageIdOf } from '../activities/email/smtp';
import { renderReminder } from '../activities/email/render';
import type { Reminder } from '../domain';
import { courseWorker, timeSkippingEnv, type Recorded } from './helpers/temporal';
import { recipientOf, smtpSink, type SmtpSink } from './helpers/smtp';
import { careTeam, startInput } from './helpers/fixtures';
import { courseStateQuery } from '../workflows/contract';
import { courseWorkflow } from '../workflows';
import { Command } from 'commander';
import { addCourseCommands } from '../client/commands/course';
import type { Session } from '../client/session';
import { catalogue } from '../domain';
import { eventInputSchema } from '../domain/events';

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
      await handle.terminate('test finished');
      return { view, sent };
    });
  }

  test('a server that refuses twice and then accepts yields exactly one message per business key', async () => {
    const tries = new Map<string, number>();
    const sink = await smtpSink((mail) => {
      const n = (tries.get(mail.messageId!) ?? 0) + 1;
      tries.set(mail.messageId!, n);
      return n <= 2 ? 451 : undefined;
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

  test('a permanent refusal (5xx) is not retried, is recorded in the course and goes to the manager', async () => {
    const ward = careTeam.ward!;
    const sink = await smtpSink((mail) => (recipientOf(mail) === ward.mailbox ? 550 : undefined));
    try {
      const { view } = await runCourse(sink, 'smtp-permanent', 21);
      const refused = view.deliveryFailures;
      // HNT, admission with municipal services: heads-ups for ADM-NOTICE and ADM-STATUS go to the ward.
      expect(refused.map((f) => f.rule).sort()).toEqual(['ADM-NOTICE', 'ADM-STATUS']);
      expect(refused.every((f) => f.role === 'ward' && f.kind === 'headsUp' && /550/.test(f.error))).toBe(true);
      // One attempt per refused reminder: no retry storm.
      const refusedIds = sink.attempts.filter((id) => !sink.accepted.some((m) => m.messageId === id));
      expect(refusedIds).toHaveLength(2);
      expect(new Set(refusedIds).size).toBe(2);
      const toManager = sink.accepted.filter((m) => recipientOf(m) === ward.manager);
      expect(toManager).toHaveLength(2);
      for (const m of toManager) expect(m.subject).toMatch(/^Ikke levert, frist .+: .+ – admission-/);
      expect(toManager.every((m) => m.text?.startsWith('En påminnelse kunne ikke leveres\n'))).toBe(true);
    } finally {
      await sink.close();
    }
  });
});

describe('what a reminder tells staff to do', () => {
  const links = { temporalUiUrl: 'https://temporal.hospital.test', namespace: 'default' };
  const notice: Reminder = {
    businessKey: 'ahus-2026-000123/ADM-NOTICE#1/headsUp/ward',
    courseRef: 'ahus-2026-000123',
    rule: 'ADM-NOTICE',
    kind: 'headsUp',
    role: 'ward',
    recipient: 'ward@hospital.test',
    profile: 'ahus',
    // Admitted Monday 1 March 2027 15:00 CET; the ahus admission notice is due the next day at 10:00.
    openedAt: '2027-03-01T14:00:00.000Z',
    dueAt: '2027-03-02T09:00:00.000Z',
    obligation: 'ADM-NOTICE#1',
  };
  const paragraphs = (text: string) => text.split('\n\n');

  test('the duty, why and when it opened, what closes it, and the exact CLI line and UI update for the course', () => {
    const mail = renderReminder(notice, links);
    expect(mail.subject).toBe(
      'Frist tir. 2. mar kl. 10:00: Melding om innlagt pasient til kommunen – ahus-2026-000123',
    );
    const [, nbWhat, nbRecord, , , , enWhat, enRecord] = paragraphs(mail.text);
    expect(nbWhat).toBe(
      [
        'Sengepost / behandlende enhet skal sørge for dette innen tirsdag 2. mars 2027 kl. 10:00 (CET): melding om innlagt pasient til kommunen.',
        'Hvorfor: innleggelse av pasient med kommunale tjenester – åpnet mandag 1. mars 2027 kl. 15:00 (CET).',
        'Ferdig når: melding om innlagt pasient sendt.',
      ].join('\n'),
    );
    expect(nbRecord).toBe(
      [
        'Registrer det på kommandolinjen:',
        `  forlopsvakt course event ahus-2026-000123 messageSent --data '{"message":"admissionNotice"}'`,
        'Eller i Temporal UI: åpne forløpet (lenken under), velg More Actions → Send an Update, navnet recordEvent, og lim inn dette i Data:',
        '  {"kind":"messageSent","message":"admissionNotice"}',
      ].join('\n'),
    );
    expect(enWhat).toBe(
      [
        'Ward / treating unit must see to this by Tuesday 2 March 2027 10:00 (CET): admission notice to the municipality.',
        'Why: admission of a patient who has municipal services – opened Monday 1 March 2027 15:00 (CET).',
        'Done when: admission notice sent.',
      ].join('\n'),
    );
    expect(enRecord).toBe(
      [
        'Record it on the command line:',
        `  forlopsvakt course event ahus-2026-000123 messageSent --data '{"message":"admissionNotice"}'`,
        'Or in the Temporal UI: open the course (the link below), choose More Actions → Send an Update, the name recordEvent, and paste this in Data:',
        '  {"kind":"messageSent","message":"admissionNotice"}',
      ].join('\n'),
    );
    expect(mail.html).toContain(
      '<p><strong>Sengepost / behandlende enhet skal sørge for dette innen tirsdag 2. mars 2027 kl. 10:00 (CET): melding om innlagt pasient til kommunen.</strong></p>',
    );
  });

  test('a task with no event of its own, several steps, and steps only some agreements require', () => {
    const text = (rule: string, profile = 'ahus') => renderReminder({ ...notice, rule, profile }, links).text;
    expect(text('ADM-CHILDREN')).toContain(
      `\n  forlopsvakt course event ahus-2026-000123 taskDone --data '{"rule":"ADM-CHILDREN"}'\n`,
    );
    // One line per step, in order, each named in a shell comment so the line still pastes as it is.
    expect(text('STAY-RISK')).toContain(
      [
        'Registrer det på kommandolinjen (ett steg per linje):',
        '  forlopsvakt course event ahus-2026-000123 riskAssessed  # risiko vurdert',
        `  forlopsvakt course event ahus-2026-000123 messageSent --data '{"message":"riskShared"}'  # delt med kommunen`,
      ].join('\n'),
    );
    expect(text('STAY-RISK')).toContain(
      'one step at a time:\n  {"kind":"riskAssessed"}\n  {"kind":"messageSent","message":"riskShared"}\n',
    );
    // DIS-COERCION: clarifying continued coercion with the municipality is UNN's step only.
    expect(text('DIS-COERCION', 'ahus')).not.toContain('taskDone');
    expect(text('DIS-COERCION', 'unn')).toContain(`taskDone --data '{"rule":"DIS-COERCION"}'`);
  });

  test('each kind has its subject; the manager is told what was late or refused', () => {
    const subject = (r: Partial<Reminder>) => renderReminder({ ...notice, ...r }, links).subject;
    const title = 'Melding om innlagt pasient til kommunen – ahus-2026-000123';
    expect(subject({ kind: 'due' })).toBe(`Frist nådd tir. 2. mar kl. 10:00: ${title}`);
    expect(subject({ kind: 'escalation' })).toBe(`Forsinket siden tir. 2. mar kl. 10:00: ${title}`);
    expect(subject({ kind: 'deliveryFailed' })).toBe(`Ikke levert, frist tir. 2. mar kl. 10:00: ${title}`);
    const late = renderReminder({ ...notice, kind: 'escalation' }, links).text;
    expect(late).toContain(
      'Sengepost / behandlende enhet skulle ha sørget for dette innen tirsdag 2. mars 2027 kl. 10:00 (CET): melding om innlagt pasient til kommunen.',
    );
    expect(late).toContain('Ward / treating unit was to see to this by Tuesday 2 March 2027 10:00 (CET)');
    const refused = renderReminder({ ...notice, kind: 'deliveryFailed' }, links).text;
    expect(refused).toContain('rett adressen med hendelsen careTeamChanged');
    expect(refused).toContain(`messageSent --data '{"message":"admissionNotice"}'`);
  });

  test('an alert says what happened and that there is nothing to record', () => {
    const alert: Reminder = {
      businessKey: 'ahus-2026-000123/TUD-ERM/event-7/alert/responsibleClinician',
      courseRef: 'ahus-2026-000123',
      rule: 'TUD-ERM',
      kind: 'alert',
      role: 'responsibleClinician',
      recipient: 'clinician@hospital.test',
      profile: 'ahus',
    };
    const mail = renderReminder(alert, links);
    expect(mail.subject).toBe('Varsel straks: ERM-skår rapportert til faglig ansvarlig – ahus-2026-000123');
    const [, nbWhat, nbRecord, , , , enWhat, enRecord] = paragraphs(mail.text);
    expect(nbWhat).toBe(
      [
        'Dette er et varsel til Faglig ansvarlig: ERM-skår rapportert til faglig ansvarlig.',
        // TUD-ERM alerts on a deterioration, not on what opens the rule (domain §4.5).
        'Hvorfor: ERM-skår med forverring rapportert.',
      ].join('\n'),
    );
    expect(nbRecord).toBe('Ingenting å registrere for et varsel.');
    expect(enWhat).toBe(
      [
        'This is an alert to Responsible clinician: ERM scores reported to the responsible clinician.',
        'Why: an ERM score with deterioration reported.',
      ].join('\n'),
    );
    expect(enRecord).toBe('Nothing to record for an alert.');
    const refused = renderReminder({ ...alert, kind: 'deliveryFailed' }, links);
    expect(refused.subject).toBe('Varsel ikke levert: ERM-skår rapportert til faglig ansvarlig – ahus-2026-000123');
    expect(refused.text).toContain('Et varsel til Faglig ansvarlig kunne ikke leveres: ERM-skår');
  });

  /** The words of a shell line: single quotes keep a JSON argument whole. */
  const shellWords = (line: string) =>
    [...line.replace(/\s+#.*$/, '').matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]!);

  test("every rule's CLI line is one the CLI parses, records a valid event, and matches the UI input", async () => {
    const recorded: unknown[] = [];
    const client = {
      workflow: {
        getHandle: (ref: string) => ({
          executeUpdate: async (_update: unknown, { args }: { args: [Record<string, unknown>] }) => {
            recorded.push({ ref, event: args[0] });
            return { seq: 1, phase: 'admitted', event: { ...args[0], at: '2027-03-01T14:00:00.000Z' } };
          },
        }),
      },
    };
    const session = { temporal: async () => client } as unknown as Session;
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      let lines = 0;
      for (const profile of ['ahus', 'hnt', 'unn'])
        for (const r of catalogue) {
          const text = renderReminder({ ...notice, rule: r.id, profile, kind: 'due' }, links).text;
          const [nb] = text.split('— English —');
          const cli = nb!.split('\n').filter((l) => l.startsWith('  forlopsvakt '));
          const ui = nb!.split('\n').filter((l) => l.startsWith('  {'));
          expect(ui).toHaveLength(cli.length);
          // Every rule that can fall due has a step to record.
          if (r.steps.length > 0) expect(cli.length).toBeGreaterThan(0);
          for (const [i, line] of cli.entries()) {
            const program = new Command('forlopsvakt').exitOverride();
            addCourseCommands(program, session);
            recorded.length = 0;
            await program.parseAsync(shellWords(line.trim()).slice(1), { from: 'user' });
            const input = JSON.parse(ui[i]!.trim()) as Record<string, unknown>;
            expect(recorded).toEqual([{ ref: 'ahus-2026-000123', event: input }]);
            expect(eventInputSchema.safeParse(input).success).toBe(true);
            lines++;
          }
        }
      expect(lines).toBeGreaterThan(catalogue.length);
    } finally {
      log.mockRestore();
    }
  });
});
