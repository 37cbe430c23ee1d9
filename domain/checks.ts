// Checks of an event against the course beyond its phase and gates: its instant, duplicates, and
// what needs an open obligation (domain §8). Each rejects with a message naming the problem.
import { formatOslo, parseInstant, subtract, type Instant } from './calendar';
import { isRuleId, matches } from './catalogue';
import type { EventInput, RecordedEvent } from './events';
import { gateApplies, gateMissing } from './gates';
import type { CourseState } from './model';
import type { Profile } from './profiles';
import { reject } from './rejections';
import { gateTitles } from './rule';
import { ruleOf } from './rulebook';

/** Clocks of clients and the workflow differ a little; a minute ahead is not "the future". */
const clockSkewMs = 60_000;
export function eventInstant(s: CourseState, e: EventInput, now: Instant, profile: Profile): Instant {
  if (e.at === undefined) return now;
  const at =
    parseInstant(e.at) ??
    reject(
      // Not repeated: whatever was typed in its place may be a name (domain §7).
      `'at' must be an ISO-8601 instant with a time zone offset, e.g. 2026-03-02T14:30:00+01:00`,
    );
  if (Date.parse(at) > Date.parse(now) + clockSkewMs)
    reject(`'at' ${e.at} is in the future (now is ${formatOslo(now, 'en')})`);
  const earliest = subtract(now, profile.backdateLimit);
  if (at < earliest)
    reject(
      `'at' ${e.at} is earlier than profile '${profile.id}' allows for back-dating (${formatOslo(earliest, 'en')})`,
    );
  const last = s.events.at(-1);
  if (last && at < last.at)
    reject(
      `'at' ${e.at} is before the last recorded event (${last.kind} at ${formatOslo(last.at, 'en')}); events are recorded in order`,
    );
  // Up to a minute ahead is the sender's clock, not the future: record it at `now`, or a later
  // event without `at` (recorded at `now`) would land before it and break the order (domain §8).
  return at > now ? now : at;
}

export function checkDuplicate(s: CourseState, e: EventInput, at: Instant): void {
  if (e.id !== undefined && s.events.some((x) => x.id === e.id))
    reject(`Duplicate: an event with id '${e.id}' is already recorded`);
  const same = s.events.find((x) => x.at === at && sameData(x, e));
  if (same)
    reject(`Duplicate: the same '${e.kind}' event at ${formatOslo(at, 'en')} is already recorded (#${same.seq})`);
}
/** The same kind and data, whatever its instant, id and who recorded it. */
export function sameData(recorded: RecordedEvent, e: EventInput): boolean {
  const strip = ({ seq: _s, at: _a, recordedAt: _r, id: _i, by: _b, ...rest }: Record<string, unknown>) =>
    JSON.stringify(rest, Object.keys(rest).sort());
  return strip(recorded as unknown as Record<string, unknown>) === strip(e as unknown as Record<string, unknown>);
}

/** Checks that depend on open obligations: steps in order, tasks and notices that need an open rule. */
export function checkSpecific(s: CourseState, e: EventInput): void {
  if (e.kind === 'leaveStarted' && s.flags.onLeave) reject('The patient is already on leave; record leaveEnded first');
  if (e.kind === 'leaveEnded' && !s.flags.onLeave) reject('The patient is not on leave');
  // Domain §9.10: after a death during a stay, only the ward's notice to the municipality remains.
  if (s.flags.died && !(e.kind === 'messageSent' && e.message === 'deathNotice') && e.kind !== 'courseEnded')
    reject(
      "The patient has died: record the death notice to the municipality (messageSent deathNotice) or 'courseEnded'",
    );
  if (e.kind === 'taskDone') {
    // The unknown id is not repeated: it may be a name typed into the field (domain §7).
    if (!isRuleId(e.rule)) reject('Unknown rule id (`forlopsvakt rules` lists them)');
    if (!s.obligations.some((o) => o.rule === e.rule)) reject(`There is no open ${e.rule} obligation on this course`);
  }
  if (e.kind === 'override') {
    if (!gateApplies(s, e.gate)) reject(`Gate '${e.gate}' does not apply to a ${s.kind} course`);
    if (gateMissing(s, e.gate).length === 0)
      reject(`Gate before ${gateTitles[e.gate].en} is already met; no override needed`);
    if (s.overrides.some((o) => o.gate === e.gate && !o.usedBySeq))
      reject(`An override of gate '${e.gate}' is already recorded and not yet used`);
    if (e.gate === 'firstLeave' && (s.flags.leaves ?? 0) > 0)
      reject('The first leave has already taken place; there is no firstLeave gate to override');
  }
  // Notices that start or stop clocks need the obligation they answer (DIS-READY, DIS-WITHDRAW, DIS-ANSWER).
  const needsOpen: Partial<Record<string, string>> = {
    dischargeReadyNotice: 'DIS-READY',
    withdrawalNotice: 'DIS-WITHDRAW',
  };
  const needed =
    e.kind === 'messageSent' ? needsOpen[e.message] : e.kind === 'answerReceived' ? 'DIS-ANSWER' : undefined;
  if (needed && !s.obligations.some((o) => o.rule === needed))
    reject(
      `'${e.kind}${e.kind === 'messageSent' ? ` ${e.message}` : ''}' needs an open ${needed} obligation, and there is none`,
    );
  const probe = { ...e, seq: 0, at: '', recordedAt: '' } as RecordedEvent;
  for (const o of s.obligations) {
    const r = ruleOf(s, o.rule);
    if (!r.ordered) continue;
    const index = r.steps.findIndex((st) => st.match.some((m) => matches(m, probe)));
    const earlier = r.steps.slice(0, Math.max(index, 0)).filter((st) => !o.steps.find((x) => x.id === st.id)?.doneAt);
    if (index > 0 && earlier.length > 0)
      reject(`${r.id}: '${r.steps[index]!.title.en}' must come after: ${earlier.map((st) => st.title.en).join(', ')}`);
  }
}
