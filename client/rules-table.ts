// `forlopsvakt rules`: the catalogue as a table, with each deadline as a profile resolves it.
import { catalogue, type Rule } from '../domain';
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

export function rulesTable(
  p: Profile,
): { id: string; title: string; who: string; deadline: string; gates: string; source: string }[] {
  return catalogue.map((r) => ({
    id: r.id,
    title: r.title.en,
    who: r.who.map((g) => g[0]).join(' + ') || (r.alerts ? 'alert' : '-'),
    deadline: describeDeadline(r, p),
    gates: (r.gates ?? []).join(', '),
    source: r.source,
  }));
}
