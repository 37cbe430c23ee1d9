// Reminder e-mails (domain §7): Norwegian bokmål first, English below, plain text and HTML.
// A reminder says what to do and nothing about the patient: the duty in one sentence (who, by
// when, the rule's title), why it opened and when, what closes it and how to record that (the CLI
// line and the Temporal UI update for this course), then the course reference, the rule (id,
// title, source), who must act, the deadline in Oslo time and a link to the course. Everything
// is rendered from the reminder payload and the catalogue's texts alone, so no patient data can
// reach it.
import ical, { ICalCalendarMethod } from 'ical-generator';
import { formatOslo, formatOsloShort, loadProfile } from '../../domain';
import { roleTitles, rule, ruleSource, type Rule, type Text } from '../../domain';
import type { DigestItem, EventKind, Reminder } from '../../domain';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  ics?: string;
}
export interface Links {
  temporalUiUrl: string;
  namespace: string;
}
type Lang = 'nb' | 'en';

const kindTitles: Record<Reminder['kind'], Text> = {
  headsUp: { nb: 'Frist nærmer seg', en: 'Deadline approaching' },
  due: { nb: 'Fristen er nå', en: 'Deadline reached' },
  escalation: { nb: 'Eskalering: fristen er passert', en: 'Escalation: the deadline has passed' },
  alert: { nb: 'Varsel som skal gis straks', en: 'Alert to act on at once' },
  deliveryFailed: { nb: 'En påminnelse kunne ikke leveres', en: 'A reminder could not be delivered' },
};
const intro: Record<Reminder['kind'], Text> = {
  headsUp: { nb: 'Denne plikten har frist snart.', en: 'This obligation falls due soon.' },
  due: {
    nb: 'Fristen for denne plikten er nådd, og den er ikke registrert som utført.',
    en: 'This obligation has reached its deadline and is not recorded as done.',
  },
  escalation: {
    nb: 'Du får denne som leder: plikten er fortsatt åpen etter fristen.',
    en: 'You receive this as manager: the obligation is still open after its deadline.',
  },
  alert: {
    nb: 'En hendelse i forløpet krever at du informeres straks.',
    en: 'An event in the course requires that you are informed at once.',
  },
  deliveryFailed: {
    nb: 'Du får denne som leder: e-postadressen for rollen avviste påminnelsen. Sørg for at den blir fulgt opp, og rett adressen med hendelsen careTeamChanged.',
    en: "You receive this as manager: the role's mailbox refused the reminder. See that it is acted on, and correct the address with a careTeamChanged event.",
  },
};

/**
 * The subject, short enough to scan in a list: what kind of reminder and its deadline, the rule's
 * title, the course reference last, e.g. "Frist tor. 26. nov kl. 12:23: Innleggelsesrapport til
 * sykehuset – ahus-2026-000123". Bokmål only, like the first half of the message.
 */
const subjectKinds: Record<Reminder['kind'], (due: string | undefined) => string> = {
  headsUp: (due) => (due ? `Frist ${due}` : 'Frist snart'),
  due: (due) => (due ? `Frist nådd ${due}` : 'Frist nådd'),
  escalation: (due) => (due ? `Forsinket siden ${due}` : 'Forsinket'),
  alert: () => 'Varsel straks',
  deliveryFailed: (due) => (due ? `Ikke levert, frist ${due}` : 'Varsel ikke levert'),
};

/**
 * Why an at-once alert went out (domain §7, §9.10). An alert has no opening instant of its own, and
 * some rules alert on another event than the one that opens them (TUD-ERM on a deterioration,
 * DIS-LEAVE-FEEDBACK on a breach of leave conditions); the texts follow the catalogue's.
 */
export const alertReasons: Partial<Record<EventKind, Text>> = {
  death: { nb: 'pasientens død er registrert i forløpet', en: 'the death of the patient is recorded in the course' },
  breach: {
    nb: 'brudd eller hendelse som kan øke voldsrisiko er registrert',
    en: 'a breach or an event that may raise the risk of violence is recorded',
  },
  medicationRefused: { nb: 'pasienten nekter medisiner', en: 'the patient refuses medication' },
  ermReported: { nb: 'ERM-skår med forverring rapportert', en: 'an ERM score with deterioration reported' },
  leaveEnded: {
    nb: 'en permisjon er avsluttet med brudd på vilkårene',
    en: 'a leave ended with a breach of its conditions',
  },
};
const alertReason = (rl: Rule): Text => {
  const on = rl.alerts?.[0]?.on.kind;
  return (on && alertReasons[on]) ?? rl.opensOn;
};

export const courseLink = (r: { courseRef: string }, links: Links): string =>
  `${links.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(links.namespace)}/workflows/${encodeURIComponent(r.courseRef)}`;

/**
 * Where the rule comes from, as staff name it: the course's own agreement and national sources
 * (domain §9.11). A reminder from before reminders named their profile cites nothing rather than
 * another region's agreement.
 */
const sourceOf = (rl: Rule, profile: string | undefined): Text | undefined =>
  profile ? { nb: ruleSource(rl, profile, 'nb'), en: ruleSource(rl, profile, 'en') } : undefined;

/** «bør» in the agreement: the same reminder, but it says "should" (domain §9). */
const shouldText: Text = {
  nb: 'Avtalen sier at dette bør gjøres (anbefaling).',
  en: 'The agreement says this should be done (a recommendation).',
};

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

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderReminder(r: Reminder, links: Links): RenderedEmail {
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

/** The daily digest for one mailbox: its open obligations across courses, overdue first. */
export function renderDigest(d: { mailbox: string; date: string; items: DigestItem[] }, links: Links): RenderedEmail {
  const items = [...d.items].sort(
    (a, b) =>
      Number(b.obligation.overdue) - Number(a.obligation.overdue) ||
      (a.obligation.dueAt ?? '~').localeCompare(b.obligation.dueAt ?? '~'),
  );
  const overdue = items.filter((i) => i.obligation.overdue).length;
  const line = (i: DigestItem, lang: 'nb' | 'en') => {
    const rl = rule(i.obligation.rule);
    const late = i.obligation.overdue ? (lang === 'nb' ? 'FORSINKET – ' : 'OVERDUE – ') : '';
    return {
      late,
      course: i.courseRef,
      rule: `${rl.id}: ${rl.title[lang]}`,
      who: roleTitles[i.role][lang],
      due: i.obligation.dueAt ? formatOslo(i.obligation.dueAt, lang) : i.obligation.dueOslo,
      link: courseLink(i, links),
    };
  };
  const heading = {
    nb: `Daglig oversikt ${d.date}: ${items.length} åpne plikter, ${overdue} forsinket`,
    en: `Daily digest ${d.date}: ${items.length} open obligations, ${overdue} overdue`,
  };
  const textPart = (lang: 'nb' | 'en') =>
    [
      heading[lang],
      '',
      ...items.map((i) => {
        const l = line(i, lang);
        return `- ${l.late}${l.course} · ${l.rule} · ${l.who} · ${lang === 'nb' ? 'frist' : 'due'} ${l.due}\n  ${l.link}`;
      }),
    ].join('\n');
  const htmlPart = (lang: 'nb' | 'en') =>
    `<section lang="${lang}"><h2>${escape(heading[lang])}</h2><ul>${items
      .map((i) => {
        const l = line(i, lang);
        return `<li>${l.late ? `<strong>${escape(l.late)}</strong>` : ''}<a href="${escape(l.link)}">${escape(l.course)}</a> · ${escape(l.rule)} · ${escape(l.who)} · ${escape(l.due)}</li>`;
      })
      .join('')}</ul></section>`;
  return {
    subject: `[Forløpsvakt] ${heading.nb}`,
    text: [textPart('nb'), '', '— English —', '', textPart('en'), '', 'Forløpsvakt'].join('\n'),
    html: `<!doctype html><html><body>${htmlPart('nb')}<hr>${htmlPart('en')}<p>Forløpsvakt</p></body></html>`,
  };
}

/**
 * Meeting obligations carry an invitation for the period in which the meeting must be held.
 * The UID is the obligation's, so each new reminder updates the same calendar entry
 * (SEQUENCE grows with the reminder kind).
 */
function meetingInvitation(r: Reminder, links: Links): string | undefined {
  const rl = rule(r.rule);
  if (!rl.meeting || !r.obligation || !r.dueAt || !r.openedAt) return undefined;
  const calendar = ical({
    prodId: { company: 'Forløpsvakt', product: 'forlopsvakt', language: 'NB' },
    method: ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: `${r.courseRef}/${r.obligation}@forlopsvakt`,
    sequence: sequenceOf[r.kind],
    // UTC instants: unambiguous in every calendar client, no VTIMEZONE needed.
    start: new Date(r.openedAt),
    end: new Date(r.dueAt),
    stamp: new Date(r.openedAt),
    summary: `${rl.id}: ${rl.title.nb} – ${r.courseRef}`,
    description: [`${rl.title.nb} / ${rl.title.en}`, sourceOf(rl, r.profile)?.nb, courseLink(r, links)]
      .filter(Boolean)
      .join('\n'),
    url: courseLink(r, links),
  });
  return calendar.toString();
}
const sequenceOf: Record<Reminder['kind'], number> = { headsUp: 0, due: 1, escalation: 2, alert: 0, deliveryFailed: 2 };
