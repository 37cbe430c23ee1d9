// Gates (domain §4.3): an event that may only happen once the rules before it are done, or an
// admin has overridden the gate with a recorded reason.
import { gateTitles, rule, type Gate } from './catalogue';
import type { EventInput } from './events';
import type { CourseState } from './model';
import { missingSteps } from './obligations';
import { reject } from './rejections';

/** Which gate an event must pass (domain §4.3). */
export const gateOf = (s: CourseState, e: EventInput): Gate | undefined =>
  e.kind === 'leaveStarted' && (s.flags.leaves ?? 0) === 0
    ? 'firstLeave'
    : e.kind === 'dischargeReady'
      ? 'dischargeReady'
      : e.kind === 'dischargedToTud'
        ? 'discharge'
        : undefined;

/** A gate is met when none of its rules is still open (domain §4.3), or an override stands. */
export function gateMissing(s: CourseState, gate: Gate): string[] {
  return s.obligations
    .filter((o) => rule(o.rule).gates?.includes(gate))
    .map(
      (o) =>
        `${o.rule} (${missingSteps(s, o)
          .map((st) => st.title.en)
          .join(', ')})`,
    );
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
