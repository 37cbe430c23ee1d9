// No patient data in reminders (domain §7): every rule × every reminder kind is rendered from a
// payload carrying patient canaries, and none of them may reach the subject, text, HTML or ICS.
import { renderReminder } from '../activities/email/render';
import { catalogue } from '../domain';
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
  test.each(kinds)('%s carries only the course reference, rule, role, deadline and link', (kind) => {
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
    // The plain text is: heading and fixed intro (and "should" where the agreement says «bør»), then
    // exactly the allowed fields; bokmål, then English.
    const [nbIntro, nbRows, separator, enIntro, enRows, signature] = mail.text.split('\n\n').map((p) => p.split('\n'));
    const introLines = catalogue.find((r) => r.id === ruleId)!.should ? 3 : 2;
    expect([nbIntro!.length, enIntro!.length, separator, signature]).toEqual([
      introLines,
      introLines,
      ['— English —'],
      ['Forløpsvakt'],
    ]);
    const labels = (rows: string[]) => rows.map((l) => l.split(': ')[0]);
    expect(labels(nbRows!)).toEqual(['Forløp', 'Regel', 'Kilde', 'Skal handle', 'Frist', 'Se forløpet']);
    expect(labels(enRows!)).toEqual(['Course', 'Rule', 'Source', 'Must act', 'Deadline', 'See the course']);
  });
});
