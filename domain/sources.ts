// Sources as staff name them (domain §9.11): the agreement of the course, or a national source;
// never a file number, and never another region's agreement.
import type { Text } from './rule';

/** The collaboration agreements behind the shipped profiles, by the titles staff know them by (in both languages). */
const title = (name: string): Text => ({ nb: name, en: name });
export const agreements = {
  ahus: title('Ahus prosedyre, dom til TPH'),
  hnt: title('HNT retningslinje 1'),
  unn: title('UNN retningslinje 2'),
} satisfies Record<string, Text>;
export type AgreementId = keyof typeof agreements;
export const agreementIds = Object.keys(agreements) as AgreementId[];

/** Sources that hold for every region. */
export const nationalSources = {
  hdir: { nb: 'Nasjonal veileder (Hdir)', en: 'National guide (Norwegian Directorate of Health)' },
  vestfold: { nb: 'Vestfold-rapporten', en: 'The Vestfold report' },
} satisfies Record<string, Text>;
export type NationalSourceId = keyof typeof nationalSources;

export type SourceKey = AgreementId | NationalSourceId;

export const localDefaultText: Text = {
  nb: 'Lokal standard (ikke i avtalen)',
  en: 'Local default (not in the agreement)',
};

/**
 * The sources of a rule for a course under `agreement`: its own agreement's section and the
 * national sources; a rule the agreement does not contain is a local default and says so.
 */
export function sourceText(sources: Partial<Record<SourceKey, string>>, agreement: string, lang: keyof Text): string {
  const cite = (name: string, section: string | undefined) => (section ? `${name} ${section}` : name);
  const own = agreement in agreements ? sources[agreement as AgreementId] : undefined;
  const national = (Object.keys(nationalSources) as NationalSourceId[])
    .filter((id) => sources[id] !== undefined)
    .map((id) => cite(nationalSources[id][lang], sources[id]));
  const parts = own !== undefined ? [cite(agreements[agreement as AgreementId][lang], own), ...national] : national;
  return parts.length > 0 ? parts.join('; ') : localDefaultText[lang];
}

/** Does the agreement (or a national source) contain the rule, rather than a local default? */
export const inAgreement = (sources: Partial<Record<SourceKey, string>>, agreement: string): boolean =>
  sources[agreement as AgreementId] !== undefined ||
  (Object.keys(nationalSources) as NationalSourceId[]).some((id) => sources[id] !== undefined);
