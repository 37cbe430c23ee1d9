// What a reminder e-mail tells staff to do (domain.md §7, §9.11), rendered without a server: the
// duty, why and when it opened, what closes it, the CLI line and the Temporal UI update to record
// it; each kind's subject; alerts; and that every rule's CLI line parses and records a valid event.
import { renderReminder } from '../activities/email/render';
import type { Reminder } from '../domain';
import { Command } from 'commander';
import { addCourseCommands } from '../client/commands/course';
import type { Session } from '../client/session';
import { catalogue } from '../domain';
import { eventInputSchema } from '../domain/events';

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
            // The CLI adds the id it makes for the event (client/commands/course.ts); the UI's update id is left empty.
            expect(recorded).toEqual([{ ref: 'ahus-2026-000123', event: { ...input, id: expect.any(String) } }]);
            expect(eventInputSchema().safeParse(input).success).toBe(true);
            lines++;
          }
        }
      expect(lines).toBeGreaterThan(catalogue.length);
    } finally {
      log.mockRestore();
    }
  });
});
