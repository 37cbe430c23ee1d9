// Deciding an event: checks it against the course, then records it and applies the rules it
// touches. A pure function of (state, event, now): no I/O and no clock of its own.
import { formatOslo, parseInstant, windowOpening, type Instant } from './calendar';
import { matches } from './catalogue';
import { checkDuplicate, checkSpecific, eventInstant, sameData } from './checks';
import { eventInputSchema, eventKinds, type EventInput, type RecordedEvent } from './events';
import { checkGate, consumeOverride, gateApplies, gatesOf } from './gates';
import { copyState, isInStay, type CourseState, type Phase, type Reminder } from './model';
import { cancelRule, completeSteps, endCourse, openRule, redate } from './obligations';
import { checkPhase, ENDED, transitions } from './phases';
import { loadProfile, type Profile } from './profiles';
import { alertsFor } from './recipients';
import { describeIssues, reject } from './rejections';
import type { Opening, RuleContext } from './rule';
import { contextOf, hasRule, revisionOf, ruleOf, rulesOf } from './rulebook';

export interface Decision {
  state: CourseState;
  event: RecordedEvent;
  /** At-once alerts the event raised. */
  effects: Reminder[];
}

const applies = (o: Opening, c: RuleContext, e: RecordedEvent) => matches(o.on, e) && (!o.when || o.when(c, e));

/**
 * Checks an event against the course and returns the new state and its effects; throws
 * EventRejected with a message naming the problem otherwise. The input state is never changed.
 */
export function decide(current: CourseState, input: unknown, now: Instant): Decision {
  const profile = loadProfile(current.profile);
  const e = parseEvent(input);
  const at = eventInstant(current, e, now, profile);
  checkDuplicate(current, e, at);
  checkPhase(current, e);
  const gates = gatesOf(current, e).filter((g) => gateApplies(current, g));
  for (const g of gates) checkGate(current, g);
  checkSpecific(current, e);

  const s: CourseState = copyState(current);
  const event = { ...e, seq: s.events.length + 1, at, recordedAt: now } as RecordedEvent;
  s.events.push(event);
  const effects: Reminder[] = [];

  for (const g of gates) consumeOverride(s, g);
  updateFlags(s, event, profile, current.phase);
  const to = transitions[e.kind].to;
  if (to) s.phase = to(s);

  completeSteps(s, event, profile);
  const context = contextOf(s, profile);
  for (const r of rulesOf(s)) if (r.cancelledBy?.some((o) => applies(o, context, event))) cancelRule(s, r.id, event);
  for (const r of rulesOf(s)) if (r.redatedBy && matches(r.redatedBy.on, event)) redate(s, r, event, profile);
  for (const r of rulesOf(s)) {
    if (r.opens.some((o) => applies(o, context, event))) openRule(s, r, event, profile);
    for (const alert of r.alerts ?? []) if (matches(alert.on, event)) effects.push(...alertsFor(s, r, alert.to, event));
  }
  // DIS-WITHDRAW: a withdrawal needs a notice only when the municipality was told the patient was ready.
  if (e.kind === 'withdrawal' && current.waiting.some((w) => !w.to) && hasRule(s, 'DIS-WITHDRAW'))
    openRule(s, ruleOf(s, 'DIS-WITHDRAW'), event, profile);
  // Domain §9.10: after a death in a stay only the ward's notice remains; the course ends when it is sent.
  if (s.flags.died) {
    endCourse(s, event, 'ADM-DEATH');
    if (!s.obligations.some((o) => o.rule === 'ADM-DEATH')) s.phase = ENDED;
  }
  // domain §2: an admission-discharge course ends when the patient has left and the messages are sent.
  if (s.phase === 'discharged' && !s.obligations.some((o) => o.rule === 'DIS-LEAVE')) s.phase = ENDED;
  if (s.phase === ENDED) endCourse(s, event);
  return { state: s, event, effects };
}

/**
 * The event already recorded under this event's id, when this is that event sent again: a call
 * retried after a timeout or a lost answer, also after the course continued as new, where
 * Temporal's own update-id dedup no longer reaches (workflows/course.ts). The caller is answered
 * with it, and nothing changes: no second event, no alert raised twice (domain §8). Undefined
 * when the event has no id or a new one; the same id with other content is refused.
 */
export function alreadyRecorded(current: CourseState, input: unknown): RecordedEvent | undefined {
  const id = (input as { id?: unknown } | null)?.id;
  if (typeof id !== 'string') return undefined;
  const earlier = current.events.find((x) => x.id !== undefined && x.id === id.trim());
  if (!earlier) return undefined;
  checkSameEvent(earlier, input);
  return earlier;
}

/**
 * Refuses `input` unless it is `recorded` sent again: the same kind, data and who, at the same
 * instant or without one. Clients check their answer with it too: Temporal answers a repeated
 * update id with the first outcome whatever the update carries (client/courses.ts).
 */
export function checkSameEvent(recorded: RecordedEvent, input: unknown): void {
  const e = parseEvent(input);
  const at = e.at === undefined ? undefined : parseInstant(e.at);
  // Without `at` it was recorded when it came in; a minute ahead was recorded then too (checks.ts eventInstant).
  const sameAt =
    e.at === undefined ||
    at === recorded.at ||
    (at !== undefined && recorded.at === recorded.recordedAt && at > recorded.at);
  if (e.id !== recorded.id || !sameData(recorded, e) || e.by !== recorded.by || !sameAt)
    reject(
      `Duplicate: an event with id '${recorded.id}' is already recorded with other content (#${recorded.seq} '${recorded.kind}' at ${formatOslo(recorded.at, 'en')})`,
    );
}

function parseEvent(input: unknown): EventInput {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(eventKinds as string[]).includes(kind)) {
    reject(`Unknown event kind ${JSON.stringify(kind)}; known kinds: ${eventKinds.join(', ')}`);
  }
  const parsed = eventInputSchema().safeParse(input);
  if (!parsed.success) reject(`Invalid '${kind as string}' event: ${describeIssues(parsed.error)}`);
  return parsed.data as EventInput;
}

function updateFlags(s: CourseState, e: RecordedEvent, profile: Profile, before: Phase): void {
  const f = s.flags;
  const revision2 = revisionOf(s) === 2;
  switch (e.kind) {
    case 'admission':
      f.hasMunicipalServices = e.hasMunicipalServices;
      // A forensic course is by definition coercive with complex, long-term needs (000 §3.1).
      f.complexNeeds = s.kind === 'forensic-tud' || e.complexNeeds === true;
      f.coercion = s.kind === 'forensic-tud' || e.coercion === true;
      if (revision2) {
        f.needsMunicipalServices = e.hasMunicipalServices === true || e.needsMunicipalServices === true;
        f.outpatientFollowUp = false;
        // Domain §9.5: an admission from TUD; the way back is a transfer decision.
        if (before === 'tud') f.readmitted = true;
      }
      break;
    case 'servicesNeedFound':
      if (revision2) f.needsMunicipalServices = true;
      break;
    case 'meetingNeeded':
      if (e.outpatientFollowUp) f.outpatientFollowUp = true;
      break;
    case 'courseStarted':
      f.formerCompulsoryCare = e.formerCompulsoryCare === true;
      break;
    case 'leaveStarted':
      f.onLeave = true;
      f.leaves = (f.leaves ?? 0) + 1;
      break;
    case 'leaveEnded':
      f.onLeave = false;
      break;
    case 'riskAssessed':
      f.elevatedViolenceRisk = e.elevatedViolenceRisk === true;
      break;
    case 'coercionEnded':
      f.coercion = false;
      break;
    case 'careTeamChanged':
      s.careTeam = e.careTeam;
      break;
    case 'override':
      s.overrides.push({ gate: e.gate, reason: e.reason, by: e.by, at: e.at, eventSeq: e.seq });
      break;
    case 'messageSent':
      // DIS-WAITING counts from day 0 where the agreement has it (HNT), else from the notice (domain §9.9).
      if (e.message === 'dischargeReadyNotice') {
        const fromDay0 = !revision2 || hasRule(s, 'DIS-DAY0');
        s.waiting.push({ from: fromDay0 ? windowOpening(e.at, profile.noticeWindow) : e.at });
      }
      break;
    case 'withdrawal':
    case 'discharged':
    case 'dischargedToTud':
    case 'death':
    case 'courseEnded':
      for (const w of s.waiting) if (!w.to) w.to = e.at > w.from ? e.at : w.from;
      if (e.kind === 'death' && revision2 && isInStay(before)) f.died = true;
      break;
  }
}
