// Gates (domain §4.3, §9.7): an event that may only happen once the rules before it are done, or
// an admin has overridden the gate with a recorded reason.
import { matches } from './catalogue';
import type { EventInput } from './events';
import type { CourseState } from './model';
import { missingSteps, stayStartSeq } from './obligations';
import { loadProfile } from './profiles';
import { reject } from './rejections';
import { gateTitles, type Gate } from './rule';
import { rulesOf, ruleOf } from './rulebook';

/** The gates an event must pass: the first leave, every leave, discharge-ready, the discharge. */
export function gatesOf(s: CourseState, e: EventInput): Gate[] {
  switch (e.kind) {
    case 'leaveStarted':
      return (s.flags.leaves ?? 0) === 0 ? ['firstLeave', 'leave'] : ['leave'];
    case 'dischargeReady':
      return ['dischargeReady'];
    case 'dischargedToTud':
    case 'discharged':
      return ['discharge'];
    default:
      return [];
  }
}

/** Rules whose steps must be on record in the stay before the gated event, under the course's agreement. */
function recordedStepGates(s: CourseState, gate: Gate) {
  const agreement = loadProfile(s.profile).agreement;
  return rulesOf(s).flatMap((r) =>
    (r.gateSteps ?? [])
      .filter((g) => g.gate === gate && g.onlyUnder.includes(agreement))
      .map((g) => ({ rule: r, steps: r.steps.filter((st) => g.steps.includes(st.id)) })),
  );
}

/** Does any rule of the course gate this event? */
export const gateApplies = (s: CourseState, gate: Gate): boolean =>
  rulesOf(s).some((r) => r.gates?.includes(gate)) || recordedStepGates(s, gate).length > 0;

/** What is missing before the gate: open rules that gate it, and steps not on record in the stay. */
export function gateMissing(s: CourseState, gate: Gate): string[] {
  const open = s.obligations
    .filter((o) => ruleOf(s, o.rule).gates?.includes(gate))
    .map(
      (o) =>
        `${o.rule} (${missingSteps(s, o)
          .map((st) => st.title.en)
          .join(', ')})`,
    );
  const stayStart = stayStartSeq(s);
  const stay = s.events.filter((x) => x.seq > stayStart);
  const recorded = recordedStepGates(s, gate).flatMap(({ rule, steps }) => {
    const missing = steps.filter((st) => !stay.some((x) => st.match.some((m) => matches(m, x))));
    return missing.length > 0 ? [`${rule.id} (${missing.map((st) => st.title.en).join(', ')})`] : [];
  });
  return [...open, ...recorded];
}

export function checkGate(s: CourseState, gate: Gate): void {
  const missing = gateMissing(s, gate);
  if (missing.length > 0 && !s.overrides.some((o) => o.gate === gate && !o.usedBySeq)) {
    reject(
      `Gate before ${gateTitles[gate].en} not met; missing: ${missing.join('; ')}. An admin may override with a reason.`,
    );
  }
}

export function consumeOverride(s: CourseState, gate: Gate): void {
  const pending = s.overrides.find((o) => o.gate === gate && !o.usedBySeq);
  if (pending) pending.usedBySeq = s.events.length;
}
