// `forlopsvakt rules`: the rules a profile has, each with its deadline as the profile resolves it
// and where it comes from: the agreement's section, a national source, or a labelled local default.
import { catalogue, gateTitles, isLocalDefault, profileHas, ruleSource, type Rule } from '../domain';
import type { DurationSpec } from '../domain';
import type { Profile } from '../domain';

const span = (d: DurationSpec) =>
  Object.entries(d)
    .map(([unit, n]) => `${n} ${n === 1 ? unit.replace(/s$/, '') : unit}`)
    .join(' ');

export function describeDeadline(r: Rule, p: Profile): string {
  const d = r.deadline;
  const fromProfile = (key: keyof Profile['deadlines']) => {
    const x = p.deadlines[key];
    return `${span(x.duration)} (${x.basis === 'agreement' ? `agreement, ${x.source}` : 'profile default'})`;
  };
  switch (d.type) {
    case 'fixed':
      return span(d.duration);
    case 'profile':
      return fromProfile(d.key);
    case 'noticeWindow':
      return `within the notice window ${p.noticeWindow.start}–${p.noticeWindow.end} on working days`;
    case 'answer':
      return p.answer.type === 'window'
        ? `by ${p.answer.window.end} on working days`
        : `${span(p.answer.duration)} after the notice (${p.answer.basis === 'agreement' ? 'agreement' : 'profile default'})`;
    case 'day0':
      return 'the day the notice counts from (day 0)';
    case 'reception':
      return `by the end of the day the answer names; without a day ${fromProfile('receptionWithoutDate')}`;
    case 'sinceAdmission':
      return `${span(d.duration)} after the admission`;
    case 'gate':
      return `before ${(r.gates ?? []).map((g) => gateTitles[g].en).join(' / ')} (no deadline)`;
    case 'rolling': {
      const every = typeof d.every === 'string' ? fromProfile(d.every) : span(d.every);
      const first = d.firstHalfYear
        ? `; ${d.firstHalfYear.count} within six months of the start (first after ${fromProfile(d.firstHalfYear.firstDue)})`
        : '';
      return `at most ${every} after the last time${first}${d.endsAfter ? `, for ${span(d.endsAfter)}` : ''}`;
    }
    case 'recurring': {
      const every = typeof d.every === 'string' ? fromProfile(d.every) : span(d.every);
      return `every ${every}${d.count ? `, ${d.count} times` : ''}${d.firstPeriodTwice ? `; two in the first period (first after ${fromProfile(d.firstPeriodTwice)})` : ''}`;
    }
    case 'immediate':
      return 'at once';
    case 'measure':
      return 'measured';
  }
}

export type RuleRow = {
  id: string;
  title: string;
  who: string;
  deadline: string;
  gates: string;
  /** The agreement's section or a national source; "Local default …" where the agreement has no such rule. */
  source: string;
  basis: 'agreement' | 'local default';
};

/** The rules the profile has (domain §9.1): its agreement's and national ones, and its local defaults. */
export function rulesTable(p: Profile): RuleRow[] {
  return catalogue
    .filter((r) => profileHas(p, r))
    .map((r) => ({
      id: r.id,
      title: r.title.en,
      who: r.who.map((g) => g[0]).join(' + ') || (r.alerts ? 'alert' : '-'),
      deadline: describeDeadline(r, p),
      gates: (r.gates ?? []).join(', '),
      source: ruleSource(r, p.id),
      basis: isLocalDefault(p, r) ? 'local default' : 'agreement',
    }));
}
