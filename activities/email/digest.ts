// The daily digest (domain §7): one e-mail per mailbox that asked for it, listing its open
// obligations across courses, overdue first. Nothing about the patient.
import { formatOslo, roleTitles, rule } from '../../domain';
import type { DigestItem } from '../../domain';
import { courseLink, escape, type Links, type RenderedEmail } from './shared';

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
