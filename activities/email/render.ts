// Reminder e-mails (domain §7): Norwegian bokmål first, English below, plain text and HTML.
// A reminder says what to do and nothing about the patient: the duty in one sentence (who, by
// when, the rule's title), why it opened and when, what closes it and how to record that (the CLI
// line and the Temporal UI update for this course), then the course reference, the rule (id,
// title, source), who must act, the deadline in Oslo time and a link to the course. Everything
// is rendered from the reminder payload and the catalogue's texts alone, so no patient data can
// reach it.
import { formatOslo, formatOsloShort, loadProfile } from '../../domain';
import { roleTitles, rule, type Rule, type Text } from '../../domain';
import type { Reminder } from '../../domain';
import { renderAdoptionSummary } from './adopted';
import { meetingInvitation } from './invitation';
import { courseLink, escape, sourceOf, type Links, type RenderedEmail } from './shared';
import { alertReason, intro, kindTitles, shouldText, subjectKinds } from './texts';

type Lang = 'nb' | 'en';

/**
 * The events that record the rule's steps as done, one per step: its first match (domain §8:
 * events carry only kinds and flags). Steps only some agreements require are left out under
 * the others; without a profile every step is listed.
 */
function recordings(rl: Rule, profile: string | undefined): { step: Text; event: Record<string, string | boolean> }[] {
  const agreement = profile ? loadProfile(profile).agreement : undefined;
  return rl.steps
    .filter((st) => !st.onlyUnder || !agreement || st.onlyUnder.includes(agreement))
    .filter((st) => st.match.length > 0)
    .map((st) => ({ step: st.title, event: { ...st.match[0]! } }));
}

/** `forlopsvakt course event <ref> <kind> [--data '<json>']` (client/commands/course.ts). */
export function cliLine(courseRef: string, event: Record<string, string | boolean>): string {
  const { kind, ...data } = event;
  const json = Object.keys(data).length > 0 ? ` --data '${JSON.stringify(data)}'` : '';
  return `forlopsvakt course event ${courseRef} ${String(kind)}${json}`;
}

/** Lower-case a title's first letter where it runs on in a sentence; acronyms (ERM-, IP) stay. */
const inSentence = (title: string): string =>
  /^\p{Lu}(\p{Ll}|\s)/u.test(title) ? title[0]!.toLocaleLowerCase('nb') + title.slice(1) : title;

/** Only these facts go into a reminder; every template reads them from here. */
function facts(r: Reminder, links: Links) {
  const rl = rule(r.rule);
  // An alert, or a refused alert, has no deadline and nothing to record (domain §7).
  const isAlert = r.kind === 'alert' || (r.kind === 'deliveryFailed' && !r.obligation && !r.dueAt);
  return {
    kind: r.kind,
    isAlert,
    heading: kindTitles[r.kind],
    intro: intro[r.kind],
    should: rl.should ? shouldText : undefined,
    courseRef: r.courseRef,
    ruleId: rl.id,
    title: rl.title,
    source: sourceOf(rl, r.profile),
    who: roleTitles[r.role],
    due: r.dueAt ? { nb: formatOslo(r.dueAt, 'nb'), en: formatOslo(r.dueAt, 'en') } : undefined,
    dueShort: r.dueAt ? formatOsloShort(r.dueAt, 'nb') : undefined,
    why: isAlert ? alertReason(rl) : rl.opensOn,
    opened: r.openedAt ? { nb: formatOslo(r.openedAt, 'nb'), en: formatOslo(r.openedAt, 'en') } : undefined,
    closedBy: rl.closedBy,
    recordings: isAlert ? [] : recordings(rl, r.profile),
    link: courseLink(r, links),
  };
}
type Facts = ReturnType<typeof facts>;

/** The duty in one plain sentence: who, by when, the rule's title. */
function duty(f: Facts, lang: Lang): string {
  const who = f.who[lang];
  const title = inSentence(f.title[lang]);
  if (f.isAlert)
    return f.kind === 'alert'
      ? { nb: `Dette er et varsel til ${who}: ${title}.`, en: `This is an alert to ${who}: ${title}.` }[lang]
      : {
          nb: `Et varsel til ${who} kunne ikke leveres: ${title}.`,
          en: `An alert to ${who} could not be delivered: ${title}.`,
        }[lang];
  const should = !!f.should;
  if (!f.due)
    return {
      nb: `${who} ${should ? 'bør' : 'skal'} sørge for dette: ${title}.`,
      en: `${who} ${should ? 'should' : 'must'} see to this: ${title}.`,
    }[lang];
  if (f.kind === 'escalation')
    return {
      nb: `${who} ${should ? 'burde' : 'skulle'} ha sørget for dette innen ${f.due.nb}: ${title}.`,
      en: `${who} ${should ? 'should have seen' : 'was to see'} to this by ${f.due.en}: ${title}.`,
    }[lang];
  return {
    nb: `${who} ${should ? 'bør' : 'skal'} sørge for dette innen ${f.due.nb}: ${title}.`,
    en: `${who} ${should ? 'should' : 'must'} see to this by ${f.due.en}: ${title}.`,
  }[lang];
}

/** One block of a message: paragraphs (`p`) and lines to copy as they are (`code`). */
type Line = { p: string } | { code: string };
const p = (text: string): Line => ({ p: text });

function blocks(f: Facts, lang: Lang): Line[][] {
  const heading = [p(f.heading[lang]), p(f.intro[lang]), ...(f.should ? [p(f.should[lang])] : [])];
  const why = f.opened
    ? { nb: `Hvorfor: ${f.why.nb} – åpnet ${f.opened.nb}.`, en: `Why: ${f.why.en} – opened ${f.opened.en}.` }
    : { nb: `Hvorfor: ${f.why.nb}.`, en: `Why: ${f.why.en}.` };
  const done = { nb: `Ferdig når: ${f.closedBy.nb}.`, en: `Done when: ${f.closedBy.en}.` };
  const whatToDo = [p(duty(f, lang)), p(why[lang]), ...(f.isAlert ? [] : [p(done[lang])])];
  const several = f.recordings.length > 1;
  const record: Line[] =
    f.recordings.length === 0
      ? [
          p(
            f.isAlert
              ? { nb: 'Ingenting å registrere for et varsel.', en: 'Nothing to record for an alert.' }[lang]
              : { nb: 'Ingenting å registrere for denne regelen.', en: 'Nothing to record for this rule.' }[lang],
          ),
        ]
      : [
          p(
            {
              nb: `Registrer det på kommandolinjen${several ? ' (ett steg per linje)' : ''}:`,
              en: `Record it on the command line${several ? ' (one step a line)' : ''}:`,
            }[lang],
          ),
          // Shell comments name the steps: the lines still paste as they are.
          ...f.recordings.map((x) => ({
            code: `${cliLine(f.courseRef, x.event)}${several ? `  # ${x.step[lang]}` : ''}`,
          })),
          p(
            {
              nb: `Eller i Temporal UI: åpne forløpet (lenken under), velg More Actions → Send an Update, navnet recordEvent, og lim inn dette i Data${several ? ', ett steg om gangen' : ''}:`,
              en: `Or in the Temporal UI: open the course (the link below), choose More Actions → Send an Update, the name recordEvent, and paste this in Data${several ? ', one step at a time' : ''}:`,
            }[lang],
          ),
          ...f.recordings.map((x) => ({ code: JSON.stringify(x.event) })),
        ];
  return [heading, whatToDo, record];
}

function rows(f: Facts, lang: Lang): [string, string][] {
  const label =
    lang === 'nb'
      ? { course: 'Forløp', rule: 'Regel', source: 'Kilde', who: 'Skal handle', due: 'Frist', link: 'Se forløpet' }
      : { course: 'Course', rule: 'Rule', source: 'Source', who: 'Must act', due: 'Deadline', link: 'See the course' };
  return [
    [label.course, f.courseRef],
    [label.rule, `${f.ruleId}: ${f.title[lang]}`],
    ...(f.source ? [[label.source, f.source[lang]] as [string, string]] : []),
    [label.who, f.who[lang]],
    ...(f.due ? [[label.due, f.due[lang]] as [string, string]] : []),
    [label.link, f.link],
  ];
}

export function renderReminder(r: Reminder, links: Links): RenderedEmail {
  // Domain §9.6: one summary of what was overdue at adoption, not one reminder per duty.
  if (r.kind === 'adopted') return renderAdoptionSummary(r, links);
  const f = facts(r, links);
  const subject = `${subjectKinds[f.kind](f.dueShort)}: ${f.title.nb} – ${f.courseRef}`;
  const textPart = (lang: Lang) =>
    [
      ...blocks(f, lang).map((b) => b.map((l) => ('p' in l ? l.p : `  ${l.code}`)).join('\n')),
      rows(f, lang)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\n'),
    ].join('\n\n');
  const text = [textPart('nb'), '— English —', textPart('en'), 'Forløpsvakt'].join('\n\n');
  // The first line of the first block is the heading; of the second, the duty, in bold.
  const htmlBlock = (b: Line[], block: number) => {
    const out: string[] = [];
    b.forEach((l, i) => {
      if ('p' in l && i === 0 && block === 0) out.push(`<h2>${escape(l.p)}</h2>`);
      else if ('p' in l && i === 0 && block === 1) out.push(`<p><strong>${escape(l.p)}</strong></p>`);
      else if ('p' in l) out.push(`<p>${escape(l.p)}</p>`);
      // Consecutive lines to copy share one <pre>.
      else if (out.length > 0 && out[out.length - 1]!.startsWith('<pre>'))
        out[out.length - 1] = out[out.length - 1]!.replace(/<\/pre>$/, `\n${escape(l.code)}</pre>`);
      else out.push(`<pre>${escape(l.code)}</pre>`);
    });
    return out.join('');
  };
  const htmlPart = (lang: Lang) =>
    `<section lang="${lang}">${blocks(f, lang)
      .map((b, i) => htmlBlock(b, i))
      .join('')}<table>` +
    rows(f, lang)
      .map(
        ([k, v]) =>
          `<tr><th align="left">${escape(k)}</th><td>${v.startsWith('http') ? `<a href="${escape(v)}">${escape(v)}</a>` : escape(v)}</td></tr>`,
      )
      .join('') +
    '</table></section>';
  const html = `<!doctype html><html><body>${htmlPart('nb')}<hr>${htmlPart('en')}<p>Forløpsvakt</p></body></html>`;
  return { subject, text, html, ics: meetingInvitation(r, links) };
}
