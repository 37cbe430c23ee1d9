// The rules of one course: the catalogue's rules for its kind, as its revision of the rules reads
// them, that its profile has (its agreement's, the national ones and its local defaults).
import { catalogue, rule } from './catalogue';
import type { CourseKind, CourseState } from './model';
import { loadProfile, type Profile } from './profiles';
import type { Rule, RuleContext } from './rule';
import { inAgreement } from './sources';

/** Revision 2 of the rules (domain §9); courses started before it read revision 1 until upgraded. */
export type Revision = 1 | 2;
export const currentRevision: Revision = 2;
export const revisionOf = (s: Pick<CourseState, 'revision'>): Revision => s.revision ?? 1;

/** Does the profile have the rule (domain §9.1)? Revision 1 knew no such choice. */
export const profileHas = (profile: Profile, r: Rule): boolean =>
  inAgreement(r.sources, profile.agreement) || profile.localDefaults.includes(r.id);
export const isLocalDefault = (profile: Profile, r: Rule): boolean =>
  !inAgreement(r.sources, profile.agreement) && profile.localDefaults.includes(r.id);

function resolve(r: Rule, revision: Revision, kind: CourseKind): Rule {
  if (revision === 1) return { ...r, ...r.revision1 };
  return { ...r, ...r.byKind?.[kind] };
}

// Resolved once per revision, kind and profile: the rules are data and never change at run time.
const books = new Map<string, { rules: readonly Rule[]; byId: Map<string, Rule> }>();
function book(s: Pick<CourseState, 'revision' | 'kind' | 'profile'>) {
  const revision = revisionOf(s);
  const key = `${revision}/${s.kind}/${s.profile}`;
  let found = books.get(key);
  if (!found) {
    const profile = loadProfile(s.profile);
    const byId = new Map(catalogue.map((r) => [r.id, resolve(r, revision, s.kind)]));
    const rules = [...byId.values()].filter(
      (r) => r.kinds.includes(s.kind) && (revision === 1 ? r.since === undefined : profileHas(profile, r)),
    );
    found = { rules, byId };
    books.set(key, found);
  }
  return found;
}

/** The rules that apply to the course. */
export const rulesOf = (s: Pick<CourseState, 'revision' | 'kind' | 'profile'>): readonly Rule[] => book(s).rules;

/** A rule as the course's revision reads it (whether or not the course has it). */
export function ruleOf(s: Pick<CourseState, 'revision' | 'kind' | 'profile'>, id: string): Rule {
  return book(s).byId.get(id) ?? rule(id);
}

export const hasRule = (s: Pick<CourseState, 'revision' | 'kind' | 'profile'>, id: string): boolean =>
  rulesOf(s).some((r) => r.id === id);

/** What a rule's opening and cancelling conditions may look at. */
export function contextOf(s: CourseState, profile: Profile): RuleContext {
  return {
    kind: s.kind,
    flags: s.flags,
    phase: s.phase,
    agreement: profile.agreement,
    open: (id) => s.obligations.some((o) => o.rule === id),
    dueOf: (id) => s.obligations.find((o) => o.rule === id)?.dueAt,
  };
}
