// The one summary per responsible role when a course under way is adopted (domain §9.6): the
// role's duties that were already overdue, each with its rule, source and deadline in Oslo time,
// bokmål first and English below. Rendered from the reminder payload and the catalogue alone, so
// nothing about the patient can reach it (domain §7).
import { formatOslo, roleTitles, rule, type Reminder } from '../../domain';
import { courseLink, escape, sourceOf, type Links, type RenderedEmail } from './shared';
import { intro, kindTitles, subjectKinds } from './texts';

type Lang = 'nb' | 'en';

export function renderAdoptionSummary(r: Reminder, links: Links): RenderedEmail {
  const items = (r.overdue ?? []).map((o) => ({ ...o, rl: rule(o.rule) }));
  const link = courseLink(r, links);
  const who = roleTitles[r.role];
  const lead = (lang: Lang) =>
    ({
      nb: `${who.nb}: ${items.length} ${items.length === 1 ? 'plikt' : 'plikter'} var forsinket da forløpet ble tatt inn.`,
      en: `${who.en}: ${items.length} ${items.length === 1 ? 'obligation was' : 'obligations were'} overdue when the course was adopted.`,
    })[lang];
  const line = (i: (typeof items)[number], lang: Lang) =>
    [
      `${i.rl.id}: ${i.rl.title[lang]}`,
      `${lang === 'nb' ? 'frist' : 'due'} ${formatOslo(i.dueAt, lang)}`,
      sourceOf(i.rl, r.profile)?.[lang],
    ]
      .filter(Boolean)
      .join(' · ');
  const label = (lang: Lang) =>
    lang === 'nb' ? { course: 'Forløp', link: 'Se forløpet' } : { course: 'Course', link: 'See the course' };
  const textPart = (lang: Lang) =>
    [
      kindTitles.adopted[lang],
      intro.adopted[lang],
      lead(lang),
      items.map((i) => `- ${line(i, lang)}`).join('\n'),
      `${label(lang).course}: ${r.courseRef}\n${label(lang).link}: ${link}`,
    ].join('\n\n');
  const htmlPart = (lang: Lang) =>
    `<section lang="${lang}"><h2>${escape(kindTitles.adopted[lang])}</h2><p>${escape(intro.adopted[lang])}</p>` +
    `<p><strong>${escape(lead(lang))}</strong></p><ul>${items.map((i) => `<li>${escape(line(i, lang))}</li>`).join('')}</ul>` +
    `<table><tr><th align="left">${escape(label(lang).course)}</th><td>${escape(r.courseRef)}</td></tr>` +
    `<tr><th align="left">${escape(label(lang).link)}</th><td><a href="${escape(link)}">${escape(link)}</a></td></tr></table></section>`;
  return {
    subject: `${subjectKinds.adopted(undefined)}: ${items.length} ${items.length === 1 ? 'plikt' : 'plikter'} – ${r.courseRef}`,
    text: [textPart('nb'), '— English —', textPart('en'), 'Forløpsvakt'].join('\n\n'),
    html: `<!doctype html><html><body>${htmlPart('nb')}<hr>${htmlPart('en')}<p>Forløpsvakt</p></body></html>`,
  };
}
