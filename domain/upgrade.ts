// Moving a running course from revision 1 of the rules to revision 2 (domain §9), at a safe point
// of its workflow. Nothing open is dropped without a trace and nothing is sent twice: every open
// obligation stays open with the reminders it already had, unless revision 2 no longer asks it of
// this course's agreement (closed as `withdrawn`, kept in the closed list) or its steps are
// already complete under revision 2 (closed as `done`).
import { add, type Instant } from './calendar';
import { copyState, type CourseState } from './model';
import { close, continueRolling, missingSteps, newObligation } from './obligations';
import { loadProfile } from './profiles';
import { hasRule, revisionOf, ruleOf } from './rulebook';

export function upgradeToRevision2(current: CourseState, now: Instant): CourseState {
  if (revisionOf(current) === 2) return current;
  const s = copyState(current);
  s.revision = 2;
  const profile = loadProfile(s.profile);
  const at = { at: now, seq: s.events.length };
  // What is open keeps its deadline and the reminders already sent: revision 2's deadlines apply
  // to what opens from now on.
  for (const o of [...s.obligations]) {
    if (!hasRule(s, o.rule)) close(s, o, at, 'withdrawn');
    else if (missingSteps(s, o).length === 0) close(s, o, at, 'done');
  }
  // Fixed calendar periods become rolling (domain §9.4): the next occurrence of a rule with none
  // open falls due one period after its last fulfilment.
  s.schedules = s.schedules.flatMap((sch) => {
    const r = ruleOf(s, sch.rule);
    if (!hasRule(s, sch.rule) || r.deadline.type !== 'rolling') return [];
    const schedule = { rule: sch.rule, anchor: sch.anchor, next: sch.next };
    return [r.deadline.endsAfter ? { ...schedule, until: add(sch.anchor, r.deadline.endsAfter) } : schedule];
  });
  for (const sch of s.schedules) {
    const lastDone = s.closed.filter((c) => c.rule === sch.rule).at(-1);
    if (lastDone) continueRolling(s, ruleOf(s, sch.rule), { at: lastDone.closedAt, seq: lastDone.eventSeq }, profile);
  }
  // Domain §9.10: a violence-risk plan whenever elevated risk is suspected; revision 1 had it as a
  // step of LT-RISK.
  const riskPlan = ruleOf(s, 'LT-RISKPLAN');
  const planned = [...s.obligations, ...s.closed].some((o) => o.rule === riskPlan.id);
  if (s.flags.elevatedViolenceRisk && hasRule(s, riskPlan.id) && !planned && riskPlan.deadline.type === 'profile')
    s.obligations.push(newObligation(riskPlan, 1, now, add(now, profile.deadlines[riskPlan.deadline.key].duration)));
  return s;
}
