// What every e-mail shares: its rendered form, the links into the Temporal UI, HTML escaping and
// the source line of a rule as staff name it.
import { ruleSource, type Rule, type Text } from '../../domain';

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

export const courseLink = (r: { courseRef: string }, links: Links): string =>
  `${links.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(links.namespace)}/workflows/${encodeURIComponent(r.courseRef)}`;

export const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * Where the rule comes from, as staff name it: the course's own agreement and national sources
 * (domain §9.11). A reminder from before reminders named their profile cites nothing rather than
 * another region's agreement.
 */
export const sourceOf = (rl: Rule, profile: string | undefined): Text | undefined =>
  profile ? { nb: ruleSource(rl, profile, 'nb'), en: ruleSource(rl, profile, 'en') } : undefined;
