// No patient data in reminders (domain §7): every rule × every reminder kind is rendered from a
// payload carrying patient canaries, and none of them may reach the subject, text, HTML or ICS.
import { renderReminder } from '../activities/email/render';
import { alertReasons } from '../activities/email/texts';
import { catalogue, formatOslo, roleTitles } from '../domain';
import type { Reminder } from '../domain';
import type { ReminderKind } from '../domain';
import { identityNumberLike } from './helpers/fixtures';

const canaries = {
  name: 'Kari Nordmann',
  nationalId: identityNumberLike,
  diagnosis: 'paranoid schizofreni F20.0',
  note: 'truet nabo med kniv',
  address: 'Storgata 1, 0155 Oslo',
};
const kinds: ReminderKind[] = ['headsUp', 'due', 'escalation', 'alert', 'deliveryFailed'];
const links = { temporalUiUrl: 'https://temporal.hospital.test', namespace: 'default' };

describe.each(catalogue.map((r) => r.id))('%s', (ruleId) => {
  test.each(kinds)(
    '%s carries only the course, the rule and its texts, role, deadline, how to record it and link',
    (kind) => {
      const reminder = {
        businessKey: `ahus-2026-000123/${ruleId}#1/${kind}/ward`,
        courseRef: 'ahus-2026-000123',
        rule: ruleId,
        kind,
        role: 'ward',
        recipient: 'ward@hospital.test',
        profile: 'ahus',
        dueAt: '2027-03-05T14:00:00.000Z',
        openedAt: '2027-03-01T14:00:00.000Z',
        obligation: `${ruleId}#1`,
        ...canaries,
        patient: canaries,
        event: { note: canaries.note },
      } as Reminder;
      const mail = renderReminder(reminder, links);
      const everything = [mail.subject, mail.text, mail.html, mail.ics ?? ''].join('\n');
      for (const value of Object.values(canaries)) expect(everything).not.toContain(value);
      expect(everything).toContain('ahus-2026-000123');
      expect(everything).toContain(ruleId);
      // The plain text is, in bokmål and then in English: heading and fixed intro (and "should" where
      // the agreement says «bør»); the duty, why and when, and what closes it; how to record it; then
      // exactly the allowed fields. Each line is a fixed template around those facts, nothing else.
      const paragraphs = mail.text.split('\n\n').map((p) => p.split('\n'));
      expect(paragraphs).toHaveLength(10);
      const [nbIntro, nbWhat, nbRecord, nbRows, separator, enIntro, enWhat, enRecord, enRows, signature] = paragraphs;
      const rl = catalogue.find((r) => r.id === ruleId)!;
      const introLines = rl.should ? 3 : 2;
      expect([nbIntro!.length, enIntro!.length, separator, signature]).toEqual([
        introLines,
        introLines,
        ['— English —'],
        ['Forløpsvakt'],
      ]);
      checkWhatToDo('nb', nbWhat!, reminder, kind);
      checkWhatToDo('en', enWhat!, reminder, kind);
      checkRecording('nb', nbRecord!, kind);
      checkRecording('en', enRecord!, kind);
      const labels = (rows: string[]) => rows.map((l) => l.split(': ')[0]);
      expect(labels(nbRows!)).toEqual(['Forløp', 'Regel', 'Kilde', 'Skal handle', 'Frist', 'Se forløpet']);
      expect(labels(enRows!)).toEqual(['Course', 'Rule', 'Source', 'Must act', 'Deadline', 'See the course']);

      /** Replace each allowed fact by its name: what is left must be one of the templates. */
      function template(line: string, facts: Record<string, string>): string {
        let out = line;
        for (const [name, value] of Object.entries(facts)) {
          for (const v of [value, value[0]!.toLowerCase() + value.slice(1)]) out = out.split(v).join(`{${name}}`);
        }
        return out;
      }

      function checkWhatToDo(lang: 'nb' | 'en', lines: string[], r: Reminder, k: ReminderKind) {
        // The title first: it may contain a role's title.
        const facts = {
          title: rl.title[lang],
          who: roleTitles[r.role][lang],
          due: formatOslo(r.dueAt!, lang),
          opened: formatOslo(r.openedAt!, lang),
        };
        const duty = {
          nb: [
            '{who} skal sørge for dette innen {due}: {title}.',
            '{who} bør sørge for dette innen {due}: {title}.',
            '{who} skulle ha sørget for dette innen {due}: {title}.',
            '{who} burde ha sørget for dette innen {due}: {title}.',
            'Dette er et varsel til {who}: {title}.',
          ],
          en: [
            '{who} must see to this by {due}: {title}.',
            '{who} should see to this by {due}: {title}.',
            '{who} was to see to this by {due}: {title}.',
            '{who} should have seen to this by {due}: {title}.',
            'This is an alert to {who}: {title}.',
          ],
        }[lang];
        expect(duty).toContain(template(lines[0]!, facts));
        const why = [rl.opensOn, ...(k === 'alert' ? Object.values(alertReasons) : [])].map((t) => t![lang]);
        const whyLine = lines[1]!;
        const because = { nb: 'Hvorfor: ', en: 'Why: ' }[lang];
        expect(whyLine.startsWith(because)).toBe(true);
        const opened = { nb: ' – åpnet {opened}.', en: ' – opened {opened}.' }[lang];
        const reason = template(whyLine.slice(because.length), { opened: facts.opened }).replace(
          /( – (åpnet|opened) \{opened\})?\.$/,
          '',
        );
        expect(why).toContain(reason);
        if (k === 'alert') {
          expect(lines).toHaveLength(2);
        } else {
          expect(template(whyLine, { opened: facts.opened }).endsWith(opened)).toBe(true);
          expect(lines.slice(2)).toEqual([
            { nb: `Ferdig når: ${rl.closedBy.nb}.`, en: `Done when: ${rl.closedBy.en}.` }[lang],
          ]);
        }
      }

      function checkRecording(lang: 'nb' | 'en', lines: string[], k: ReminderKind) {
        const nothing = {
          nb: ['Ingenting å registrere for et varsel.', 'Ingenting å registrere for denne regelen.'],
          en: ['Nothing to record for an alert.', 'Nothing to record for this rule.'],
        }[lang];
        if (k === 'alert' || rl.steps.length === 0) {
          expect(lines).toHaveLength(1);
          expect(nothing).toContain(lines[0]);
          return;
        }
        // Only the rule's own step events, for this course, and the step titles as shell comments.
        const events = rl.steps.map((st) => JSON.stringify(st.match[0]));
        const stepTitles = rl.steps.map((st) => st.title[lang]);
        const headers = {
          nb: [
            'Registrer det på kommandolinjen:',
            'Registrer det på kommandolinjen (ett steg per linje):',
            'Eller i Temporal UI: åpne forløpet (lenken under), velg More Actions → Send an Update, navnet recordEvent, og lim inn dette i Data:',
            'Eller i Temporal UI: åpne forløpet (lenken under), velg More Actions → Send an Update, navnet recordEvent, og lim inn dette i Data, ett steg om gangen:',
          ],
          en: [
            'Record it on the command line:',
            'Record it on the command line (one step a line):',
            'Or in the Temporal UI: open the course (the link below), choose More Actions → Send an Update, the name recordEvent, and paste this in Data:',
            'Or in the Temporal UI: open the course (the link below), choose More Actions → Send an Update, the name recordEvent, and paste this in Data, one step at a time:',
          ],
        }[lang];
        const cli = /^ {2}forlopsvakt course event ahus-2026-000123 (\w+)(?: --data '(\{[^']*\})')?(?: {2}# (.+))?$/;
        for (const line of lines) {
          if (!line.startsWith('  ')) {
            expect(headers).toContain(line);
            continue;
          }
          const m = cli.exec(line);
          if (m) {
            expect(events).toContain(JSON.stringify({ kind: m[1], ...(m[2] ? JSON.parse(m[2]) : {}) }));
            if (m[3]) expect(stepTitles).toContain(m[3]);
          } else expect(events).toContain(line.trim());
        }
      }
    },
  );
});
