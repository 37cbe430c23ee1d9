// Deciding an event: checks it against the course, then records it and applies the rules it
// touches. A pure function of (state, event, now): no I/O and no clock of its own.
import { matches, rule } from './catalogue';
import { eventInputSchema, eventKinds, type EventInput, type RecordedEvent } from './events';
import { windowOpening, type Instant } from './calendar';
import { checkDuplicate, checkSpecific, eventInstant } from './checks';
import { checkGate, consumeOverride, gateOf } from './gates';
import { copyState, type CourseState, type Reminder } from './model';
import { cancelRule, completeSteps, endCourse, openRule, rulesOf } from './obligations';
import { checkPhase, ENDED, transitions } from './phases';
import { loadProfile, type Profile } from './profiles';
import { alertsFor } from './recipients';
import { describeIssues, reject } from './rejections';

export interface Decision {
  state: CourseState;
  event: RecordedEvent;
  /** At-once alerts the event raised. */
  effects: Reminder[];
}

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
  const gate = gateOf(current, e);
  if (gate) checkGate(current, gate);
  checkSpecific(current, e);

  const s: CourseState = copyState(current);
  const event = { ...e, seq: s.events.length + 1, at, recordedAt: now } as RecordedEvent;
  s.events.push(event);
  const effects: Reminder[] = [];

  if (gate) consumeOverride(s, gate);
  updateFlags(s, event, profile);
  const to = transitions[e.kind].to;
  if (to) s.phase = to(s);

  completeSteps(s, event);
  for (const r of rulesOf(s)) {
    if (r.cancelledBy?.some((m) => matches(m, event))) cancelRule(s, r.id, event);
  }
  for (const r of rulesOf(s)) {
    if (r.opens.some((o) => matches(o.on, event) && (!o.when || o.when(s)))) openRule(s, r, at, profile);
    for (const alert of r.alerts ?? []) if (matches(alert.on, event)) effects.push(...alertsFor(s, r, alert.to, event));
  }
  if (e.kind === 'withdrawal' && current.waiting.some((w) => !w.to)) openRule(s, rule('DIS-WITHDRAW'), at, profile);
  // domain §2: an admission-discharge course ends when the patient has left and the messages are sent.
  if (s.phase === 'discharged' && !s.obligations.some((o) => o.rule === 'DIS-LEAVE')) s.phase = ENDED;
  if (s.phase === ENDED) endCourse(s, event);
  return { state: s, event, effects };
}

function parseEvent(input: unknown): EventInput {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !(eventKinds as string[]).includes(kind)) {
    reject(`Unknown event kind ${JSON.stringify(kind)}; known kinds: ${eventKinds.join(', ')}`);
  }
  const parsed = eventInputSchema.safeParse(input);
  if (!parsed.success) reject(`Invalid '${kind as string}' event: ${describeIssues(parsed.error)}`);
  return parsed.data as EventInput;
}

function updateFlags(s: CourseState, e: RecordedEvent, profile: Profile): void {
  const f = s.flags;
  switch (e.kind) {
    case 'admission':
      f.hasMunicipalServices = e.hasMunicipalServices;
      // A forensic course is by definition coercive with complex, long-term needs (000 §3.1).
      f.complexNeeds = s.kind === 'forensic-tud' || e.complexNeeds === true;
      f.coercion = s.kind === 'forensic-tud' || e.coercion === true;
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
      // DIS-WAITING / DIS-DAY0: the waiting clock starts at the notice's effective instant.
      if (e.message === 'dischargeReadyNotice') s.waiting.push({ from: windowOpening(e.at, profile.noticeWindow) });
      break;
    case 'withdrawal':
    case 'discharged':
    case 'dischargedToTud':
    case 'death':
    case 'courseEnded':
      for (const w of s.waiting) if (!w.to) w.to = e.at > w.from ? e.at : w.from;
      break;
  }
}
