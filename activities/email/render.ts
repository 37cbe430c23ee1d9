// Reminder e-mails (domain §7): Norwegian bokmål first, English below, plain text and HTML.
// A reminder says only: the course reference, the rule (id, title, source), who must act, the
// deadline in Oslo time, and a link to the course in the Temporal UI. It is rendered from the
// reminder payload and the catalogue alone, so no patient data can reach it.
import ical, { ICalCalendarMethod } from 'ical-generator';
import { formatOslo } from '../../domain';
import { roleTitles, rule, ruleSource, type Rule, type Text } from '../../domain';
import type { DigestItem, Reminder } from '../../domain';

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
    nb: 'Du får denne som leder: e-postadressen for rollen avviste påminnelsen.',
    en: "You receive this as manager: the role's mailbox refused the reminder.",
  },
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

/** Only these facts go into a reminder; every template reads them from here. */
function facts(r: Reminder, links: Links) {
  const rl = rule(r.rule);
  const who = roleTitles[r.role];
  return {
    kind: kindTitles[r.kind],
    intro: intro[r.kind],
    should: rl.should ? shouldText : undefined,
    courseRef: r.courseRef,
    ruleId: rl.id,
    title: rl.title,
    source: sourceOf(rl, r.profile),
    who,
    due: r.dueAt ? { nb: formatOslo(r.dueAt, 'nb'), en: formatOslo(r.dueAt, 'en') } : undefined,
    link: courseLink(r, links),
  };
}

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderReminder(r: Reminder, links: Links): RenderedEmail {
  const f = facts(r, links);
  const rows = (lang: 'nb' | 'en'): [string, string][] => {
    const label =
      lang === 'nb'
        ? { course: 'Forløp', rule: 'Regel', source: 'Kilde', who: 'Skal handle', due: 'Frist', link: 'Se forløpet' }
        : {
            course: 'Course',
            rule: 'Rule',
            source: 'Source',
            who: 'Must act',
            due: 'Deadline',
            link: 'See the course',
          };
    return [
      [label.course, f.courseRef],
      [label.rule, `${f.ruleId}: ${f.title[lang]}`],
      ...(f.source ? [[label.source, f.source[lang]] as [string, string]] : []),
      [label.who, f.who[lang]],
      ...(f.due ? [[label.due, f.due[lang]] as [string, string]] : []),
      [label.link, f.link],
    ];
  };
  const subject = `[Forløpsvakt] ${f.kind.nb}: ${f.ruleId} – ${f.courseRef}${f.due ? ` – frist ${f.due.nb}` : ''}`;
  const textPart = (lang: 'nb' | 'en') =>
    [
      `${f.kind[lang]}`,
      f.intro[lang],
      ...(f.should ? [f.should[lang]] : []),
      '',
      ...rows(lang).map(([k, v]) => `${k}: ${v}`),
    ].join('\n');
  const text = [textPart('nb'), '', '— English —', '', textPart('en'), '', 'Forløpsvakt'].join('\n');
  const htmlPart = (lang: 'nb' | 'en') =>
    `<section lang="${lang === 'nb' ? 'nb' : 'en'}"><h2>${escape(f.kind[lang])}</h2><p>${escape(f.intro[lang])}</p>${f.should ? `<p>${escape(f.should[lang])}</p>` : ''}<table>` +
    rows(lang)
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
