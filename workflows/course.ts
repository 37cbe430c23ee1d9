// One workflow execution per patient course; its id is the course reference. The story of a
// course: it starts from its first event; then, until it ends, the reminders that time has made
// due are sent, the course is shown in the Temporal UI, and it waits for the next event or the
// next wake-up; when the history grows long it continues as new with its whole state. The rules
// themselves live in domain/, a pure engine this class only drives.
import {
  ActivityFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import {
  adoptCourse,
  advance,
  alreadyRecorded,
  courseView,
  decide,
  digestItems,
  nextWakeUp,
  recordDeliveryFailure,
  revisionOf,
  startAsOf,
  startCourse,
  upgradeToRevision2,
  validateEvent,
  waitingDays,
  type CourseState,
  type Decision,
  type Reminder,
} from '../domain';
import type { Activities } from '../activities';
import {
  courseStateQuery,
  digestQuery,
  eventsQuery,
  exportStateQuery,
  mailboxesQuery,
  courseCode,
  recordEventUpdate,
  type CourseOutcome,
  type CourseWorkflowInput,
} from './contract';
import { reminderSummary, wakeUpSummary } from './summaries';
import { courseSearchAttributes } from './search-attributes';
import { detailsTable, mailboxesOf, searchAttributesOf } from './visibility';
import { asFailure, nowIso, timerTo, WakeTimer } from './wake-timer';

const deliveryOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
} as const;
/** Retried until delivered or refused for good (activities/email/failures.ts). */
const { sendReminder } = proxyActivities<Activities>(deliveryOptions);
/**
 * A reminder's first attempt on its own (`Course.firstAttempt`): changed search attributes wait for
 * it, and for nothing longer; a reminder it did not deliver is retried by `sendReminder`.
 */
const { sendReminder: sendReminderOnce } = proxyActivities<Activities>({
  ...deliveryOptions,
  retry: { ...deliveryOptions.retry, maximumAttempts: 1 },
});
/** A first attempt that ran out (one attempt allowed): the mail server did not take the reminder, not its recipient refused. */
const mailServerDidNotTake = (err: unknown): boolean =>
  err instanceof ActivityFailure && err.retryState === 'MAXIMUM_ATTEMPTS_REACHED';
/** Hands `reminder` to the mail activity `via`, named in the UI by its summary. */
const send = (via: typeof sendReminder, reminder: Reminder) =>
  via.executeWithOptions({ summary: reminderSummary(reminder, nowIso()) }, [reminder]);

/** The patch behind revision 2 of the rules (domain §9). */
const rulesRevision2 = 'rules-revision-2';
/**
 * One marker for every change below: a course started on this code records it instead of one
 * marker (and one search-attribute upsert) per change. `course-code-2026-12` stood for the first
 * four; `course-code-2026-12-2` for those and search attributes upserted key by key;
 * `course-code-2026-12-3` for those and the search attributes the course was started with taken as
 * published; `course-code-2026-12-4` for those and search attributes that wait for the reminders in
 * flight; `course-code-2026-12-5` for those and a reminder's first attempt on its own, the attributes
 * waiting for that attempt only; `course-code-2026-12-6` for those, waits woken by what they wait
 * for (`Course.until`) and due wake timers left to fire (`WakeTimer`); `course-code-2026-12-7` for
 * those and fewer promises (the loop's wait and each delivery as direct promise chains), the code a
 * client names at a start (`courseCode`, `combinedCodeOf`). Courses started before replay the markers
 * they recorded (docs/versioning.md).
 */
const currentCode = courseCode;
const nudgedWaitsCode = 'course-code-2026-12-6';
const firstAttemptCode = 'course-code-2026-12-5';
const attributesWaitCode = 'course-code-2026-12-4';
const startAttributesCode = 'course-code-2026-12-3';
const keyByKeyCode = 'course-code-2026-12-2';
const allChangesOfDecember2026 = 'course-code-2026-12';

/** The combined markers, newest first: each stands for the changes of every one after it. */
const combinedCodes = [
  currentCode,
  nudgedWaitsCode,
  firstAttemptCode,
  attributesWaitCode,
  startAttributesCode,
  keyByKeyCode,
  allChangesOfDecember2026,
] as const;
type CombinedCode = (typeof combinedCodes)[number];

/**
 * The index in `combinedCodes` of the code a course runs, undefined for a course older than all of
 * them. A course the client started for the current code (`input.code`, client/courses.ts) records
 * no marker: its first task asks `patched` nothing (asking would record the marker, and the SDK's
 * `TemporalChangeVersion` upsert beside it), and a replay asks, finds none and takes the stamp.
 * Markers win over the stamp: a worker of an earlier release ran the course's first task by its own
 * code and recorded that code's marker (docs/versioning.md "v13").
 */
function combinedCodeOf(input: CourseWorkflowInput): number | undefined {
  if (input.code === currentCode && !workflowInfo().unsafe.isReplaying) return 0;
  const marked = combinedCodes.findIndex((code) => patched(code));
  if (marked >= 0) return marked;
  // No marker: a worker on the code the stamp names ran the first task (a later release keeps it in the chain).
  const stamped = (combinedCodes as readonly string[]).indexOf(input.code ?? '');
  return stamped >= 0 ? stamped : undefined;
}

/** Far below Temporal's 10,240-event warning: a run never grows past it. */
export const defaultContinueAsNewAfterEvents = 2_000;

/**
 * Courses on `course-code-2026-12-4` only: how long changed search attributes waited for the
 * reminders in flight before they were upserted anyway, a condition whose timer was cancelled when
 * the deliveries finished first. The current code needs no timer: the attributes wait for the
 * reminders' first attempts, which end on their own (docs/versioning.md "v10").
 */
export const attributesWaitForDeliveryMs = 60_000;

export async function courseWorkflow(input: CourseWorkflowInput): Promise<CourseOutcome> {
  const course = new Course(input);
  course.setup();
  return course.run();
}

class Course {
  private state: CourseState;
  /** Reminders decided but not yet handed to the mail activity. */
  private readonly pending: Reminder[] = [];
  /** Each search attribute's value as last upserted (JSON), to upsert only what changed. */
  private readonly published = new Map<string, string>();
  private readonly wakeTimer: WakeTimer;
  // Courses started before these changes keep their command sequence (docs/versioning.md).
  private readonly keepWakeTimer: boolean;
  private readonly publishBeforeDelivery: boolean;
  private readonly deliverInBackground: boolean;
  private readonly upsertChangedKeysOnly: boolean;
  private readonly attributesWaitForDelivery: boolean;
  private readonly firstAttemptAlone: boolean;
  private readonly nudgedWaits: boolean;
  private readonly directChains: boolean;
  /** Changed search attributes held back while reminders are in flight (`publish`). */
  private attributesWaiting = false;
  /** The wait for the reminders in flight ran out: the next change is upserted even while they are retried. */
  private attributesWaitOver = false;
  /** Reminders handed to the mail activity and not yet delivered or refused. */
  private inFlight = 0;
  /** Reminders whose first attempt (`firstAttempt`) has no outcome yet. */
  private firstAttempts = 0;
  /** The run loop's wait (`until`): what it waits for, and how to wake it. */
  private waiting: { ready: () => boolean; wake: () => void } | undefined;
  /** The validator's decision on the event it accepted, for its handler (`decisionOn`). */
  private validated: { state: CourseState; event: string; now: string; decision: Decision } | undefined;

  constructor(private readonly input: CourseWorkflowInput) {
    const code = combinedCodeOf(input);
    const since = (change: CombinedCode) => code !== undefined && combinedCodes.indexOf(change) >= code;
    const current = since(currentCode);
    const nudged = since(nudgedWaitsCode);
    const firstAttempt = since(firstAttemptCode);
    const attributesWait = since(attributesWaitCode);
    const startAttributes = since(startAttributesCode);
    const keyByKey = since(keyByKeyCode);
    const december = since(allChangesOfDecember2026);
    this.keepWakeTimer = december || patched('wake-timer-kept-across-events');
    this.publishBeforeDelivery = december || patched('publish-before-delivery');
    this.deliverInBackground = december || patched('deliveries-in-background');
    this.upsertChangedKeysOnly = keyByKey;
    this.attributesWaitForDelivery = attributesWait;
    this.firstAttemptAlone = firstAttempt;
    this.nudgedWaits = nudged;
    this.directChains = current;
    this.wakeTimer = new WakeTimer(() => this.nudge(), nudged);
    if (startAttributes) this.takeStartAttributesAsPublished();
    if (input.state) {
      this.state = input.state;
    } else if (input.adopt) {
      // Domain §9.6: built from the past facts as of now; only the summaries of what is already
      // overdue are sent, never the reminders that fell due in the past. Older histories never
      // carry `adopt`, so they replay as before.
      const adopted = asFailure(() => adoptCourse(input.adopt, nowIso()));
      this.state = adopted.state;
      this.pending.push(...adopted.effects);
      log.info('course adopted', { courseRef: this.state.courseRef, overdue: adopted.overdue.length });
    } else {
      // A course started before revision 2 of the rules replays under revision 1 (domain §9).
      const revision = december || patched(rulesRevision2) ? 2 : 1;
      // The client dated the first event by its own clock, which may run ahead (domain/start.ts).
      const start = startAttributes ? startAsOf(input.start, nowIso()) : input.start;
      const started = asFailure(() => startCourse(start, nowIso(), revision));
      this.state = started.state;
      this.pending.push(...started.effects);
      log.info('event recorded', { courseRef: this.state.courseRef, event: started.event.kind });
    }
  }

  setup(): void {
    setHandler(
      recordEventUpdate,
      (event) => {
        this.moveToRevision2();
        // The same event sent again under its id (a retried call; Temporal's own update-id dedup
        // ends with the run, at continue-as-new) is answered with the event as recorded and changes
        // nothing: no second event, no alert twice (domain/decide.ts `alreadyRecorded`). The phase
        // is the course's now: the one the event led to, unless later events moved it on. Histories
        // recorded before this hold no accepted duplicate (the validator refused them), so they replay.
        const earlier = asFailure(() => alreadyRecorded(this.state, event));
        if (earlier) return { seq: earlier.seq, phase: this.state.phase, event: earlier };
        const decision = this.decisionOn(event);
        this.state = decision.state;
        this.pending.push(...decision.effects);
        log.info('event recorded', { courseRef: this.state.courseRef, event: decision.event.kind });
        this.nudge();
        return { seq: decision.event.seq, phase: this.state.phase, event: decision.event };
      },
      // A rejected event never reaches history and changes nothing (domain §8).
      // The validator decides against the state the handler will see: upgraded if it is still on revision 1.
      // It alone refuses an identity number in any field (domain §7, domain/edge.ts): validators do
      // not run on replay, so events recorded before this check still replay.
      {
        validator: (event) => {
          this.validated = undefined;
          asFailure(() => validateEvent(event));
          if (asFailure(() => alreadyRecorded(this.state, event))) return;
          const now = nowIso();
          const state = upgradeToRevision2(this.state, now);
          const json = JSON.stringify(event);
          this.validated = { state, event: json, now, decision: asFailure(() => decide(state, event, now)) };
        },
      },
    );
    setHandler(courseStateQuery, () => courseView(this.state, nowIso()));
    setHandler(eventsQuery, () => this.state.events);
    setHandler(digestQuery, () => digestItems(this.state, nowIso()));
    setHandler(mailboxesQuery, () => mailboxesOf(this.state));
    // A query adds no command to the history, so courses already running replay unchanged.
    setHandler(exportStateQuery, () => this.nextRunInput());
  }

  async run(): Promise<CourseOutcome> {
    for (;;) {
      this.moveToRevision2();
      const delivering = this.sendWhatIsDue();
      // Courses before v11 took a turn here whatever was sent, and their replay depends on it.
      if (delivering || !this.nudgedWaits) await delivering;
      if (this.state.phase === 'ended') {
        await condition(this.settled);
        if (this.pending.length === 0 && !this.attributesWaiting) return this.outcome();
        continue; // an update that arrived meanwhile raised alerts (send them first), or attributes wait
      }
      if (this.historyIsLong()) {
        await condition(this.settled);
        // Carries the whole state: open obligations keep their absolute due instants.
        if (this.pending.length === 0 && !this.attributesWaiting)
          await continueAsNew<typeof courseWorkflow>(this.nextRunInput());
        continue;
      }
      await this.waitForEventOrWakeUp();
    }
  }

  /**
   * A course started under revision 1 moves to revision 2 at its first workflow task on this code:
   * `patched` is false while its old history replays and true from then on (docs/versioning.md).
   */
  private moveToRevision2(): void {
    if (revisionOf(this.state) === 1 && patched(rulesRevision2)) this.state = upgradeToRevision2(this.state, nowIso());
  }

  /**
   * The decision on `event`: the validator's when it was made on this state, at this time, on the
   * same event, else decided now. The SDK runs an update's handler right after its validator, in the
   * same activation, so the rules run once per event recorded, not twice; decisions are pure, so
   * either way gives the same. On replay validators do not run and the handler decides.
   */
  private decisionOn(event: unknown): Decision {
    const validated = this.validated;
    this.validated = undefined;
    if (validated?.state === this.state && validated.now === nowIso() && validated.event === JSON.stringify(event))
      return validated.decision;
    return asFailure(() => decide(this.state, event, nowIso()));
  }

  /**
   * Lets time pass to now, sends every reminder that is due, and shows the course in the UI. Only
   * courses that wait for their deliveries (before they went to the background) get a promise back.
   */
  private sendWhatIsDue(): Promise<void> | undefined {
    const passed = advance(this.state, nowIso());
    this.state = passed.state;
    this.pending.push(...passed.effects);
    if (this.pending.length > 0 && !this.deliverInBackground) return this.deliverThenPublish();
    if (this.pending.length > 0) {
      // Managers can find and read a course in the UI even while the mail server is down and its
      // reminders are still being retried.
      if (this.publishBeforeDelivery && !this.attributesWaitForDelivery) this.publish();
      for (const reminder of this.pending.splice(0))
        if (this.directChains) this.sendOne(reminder);
        else void this.deliverOne(reminder);
    }
    this.publish();
    return undefined;
  }

  /** Courses started before deliveries went to the background wait for them before they publish. */
  private async deliverThenPublish(): Promise<void> {
    if (this.publishBeforeDelivery) this.publish();
    while (this.pending.length > 0) await this.deliver(this.pending.splice(0));
    this.publish();
  }

  /** No update is being handled and every reminder handed to the mail activity has an outcome. */
  private readonly settled = (): boolean => allHandlersFinished() && this.inFlight === 0;

  /**
   * Sends one reminder without holding up the course: a reminder the mail server keeps refusing
   * (retried until an operator fixes the cause) delays no later reminder or escalation of the
   * course. The course ends or continues as new only once every reminder has an outcome. Its first
   * attempt goes on its own: the search attributes wait for that attempt only, so they need no
   * timer of their own, and a mail server that keeps refusing cannot keep an overdue course out of
   * managers' filters; one the mail server did not take is sent again, retried until it is
   * delivered or refused for good. One promise per attempt: each promise made in workflow code
   * costs a stack trace in the SDK (docs/benchmarks.md); `deliverOne` is the same in async functions.
   */
  private sendOne(reminder: Reminder): void {
    this.inFlight++;
    this.firstAttempts++;
    const refused = (err: unknown) => {
      this.notDelivered(reminder, err);
      this.deliveryEnded();
    };
    void send(sendReminderOnce, reminder).then(
      () => {
        this.firstAttemptEnded();
        this.deliveryEnded();
      },
      (err: unknown) => {
        this.firstAttemptEnded();
        if (mailServerDidNotTake(err)) void send(sendReminder, reminder).then(() => this.deliveryEnded(), refused);
        else refused(err);
      },
    );
  }

  /** `sendOne` as courses before `course-code-2026-12-7` replay it: in two async functions. */
  private async deliverOne(reminder: Reminder): Promise<void> {
    this.inFlight++;
    try {
      if (this.firstAttemptAlone && (await this.firstAttempt(reminder))) return;
      await send(sendReminder, reminder);
    } catch (err) {
      this.notDelivered(reminder, err);
    } finally {
      this.deliveryEnded();
    }
  }

  /** A reminder's first attempt, on its own (`sendOne`): true once delivered, false when the mail server did not take it. */
  private async firstAttempt(reminder: Reminder): Promise<boolean> {
    this.firstAttempts++;
    try {
      await send(sendReminderOnce, reminder);
      return true;
    } catch (err) {
      if (mailServerDidNotTake(err)) return false;
      throw err;
    } finally {
      this.firstAttemptEnded();
    }
  }

  private firstAttemptEnded(): void {
    this.firstAttempts--;
    this.nudge();
  }

  private deliveryEnded(): void {
    this.inFlight--;
    this.nudge();
  }

  /** The reminders the changed search attributes wait for: their first attempts, before v10 every one in flight. */
  private attributesHeldBy(): number {
    return this.firstAttemptAlone ? this.firstAttempts : this.inFlight;
  }

  /**
   * Arms the wake timer and returns the wait for the next event or wake-up: the promise itself, so
   * that a turn of the loop makes as few promises as it can (`sendOne`). Courses before
   * `course-code-2026-12-7` waited in an async method, one more promise and one more step
   * (`asBefore`), and resume as they did.
   */
  private waitForEventOrWakeUp(): Promise<void> {
    const seen = this.state;
    const wake = nextWakeUp(this.state);
    const changed = () => this.state !== seen || this.pending.length > 0;
    if (!this.keepWakeTimer)
      return this.asBefore(
        wake === undefined
          ? condition(changed)
          : condition(changed, ...timerTo(wake, wakeUpSummary(this.state, wake, nowIso()))),
      );
    this.wakeTimer.at(wake, () => wakeUpSummary(this.state, wake!, nowIso()));
    const woken = () => changed() || this.wakeTimer.fired;
    // Held-back attributes are upserted once the reminders they wait for have an outcome.
    const released = () => woken() || this.attributesHeldBy() === 0;
    if (this.attributesWaiting && !this.firstAttemptAlone) return this.boundedAttributesWait(released);
    const ready = this.attributesWaiting ? released : woken;
    // v11 waits with `until`; older courses replay the `condition` they recorded their tasks with.
    const wait = this.nudgedWaits ? this.until(ready) : condition(ready);
    return this.directChains ? wait : this.asBefore(wait);
  }

  /** How courses before `course-code-2026-12-7` waited: in an async method. */
  private async asBefore(wait: Promise<unknown>): Promise<void> {
    await wait;
  }

  /** v9 (course-code-2026-12-4) waited for every reminder in flight, bounded by a timer. */
  private async boundedAttributesWait(released: () => boolean): Promise<void> {
    if (!(await condition(released, attributesWaitForDeliveryMs))) this.attributesWaitOver = true;
  }

  /**
   * Resolves once `ready` holds, checked again whenever something it reads may have changed
   * (`nudge`: an event recorded, the wake timer fired, a reminder's attempt ended). Unlike
   * `condition`, which the SDK checks in a further pass into the workflow sandbox after each
   * activation and which takes three promises, this takes one promise and resumes the course in the
   * pass that changed it: each promise costs a stack trace in the SDK (docs/benchmarks.md).
   */
  private until(ready: () => boolean): Promise<void> {
    return new Promise((wake) => {
      this.waiting = { ready, wake };
      this.nudge();
    });
  }

  private nudge(): void {
    const waiting = this.waiting;
    if (!waiting?.ready()) return;
    this.waiting = undefined;
    waiting.wake();
  }

  /**
   * The search attributes the course was started with count as published: clients before v14 set
   * them in the start request (docs/versioning.md), and a run continued as new inherits its
   * predecessor's, so the first task upserts only what differs. One not set counts as null: a
   * course started without them (client/courses.ts `courseStart`) gets every one with a value.
   */
  private takeStartAttributesAsPublished(): void {
    const started = workflowInfo().typedSearchAttributes;
    for (const key of courseSearchAttributes) this.published.set(key.name, JSON.stringify(started.get(key) ?? null));
  }

  /**
   * What managers see in the Temporal UI: the open obligations table at once (it is read by a
   * query, no command), and the search attributes.
   */
  private publish(): void {
    const view = courseView(this.state, nowIso());
    setCurrentDetails(detailsTable(view, this.input.timelineUrl));
    const attributes = searchAttributesOf(this.state, view);
    // Upserted only when one changes, so the history stays small; on the current code only the
    // keys that changed, and only once the reminders in flight are out (or the wait for them ran
    // out): the server rewrites its visibility record at each upsert, and done beside a deadline's
    // reminder that write held the reminder back (docs/benchmarks.md).
    const changed = attributes.filter(({ key, value }) => this.published.get(key.name) !== JSON.stringify(value));
    this.attributesWaiting =
      this.attributesWaitForDelivery && changed.length > 0 && this.attributesHeldBy() > 0 && !this.attributesWaitOver;
    if (changed.length > 0 && !this.attributesWaiting) {
      upsertSearchAttributes(this.upsertChangedKeysOnly ? changed : attributes);
      for (const { key, value } of changed) this.published.set(key.name, JSON.stringify(value));
      this.attributesWaitOver = false;
    }
  }

  /**
   * Sends reminders and waits for them all: the command sequence of courses started before
   * deliveries went to the background. The course never fails on a reminder.
   */
  private async deliver(reminders: Reminder[]): Promise<void> {
    const results = await Promise.allSettled(reminders.map((r) => send(sendReminder, r)));
    results.forEach((result, i) => {
      if (result.status === 'rejected') this.notDelivered(reminders[i]!, result.reason);
    });
  }

  /** A reminder refused for good (its recipient): recorded in the course, and the role's manager told. */
  private notDelivered(reminder: Reminder, reason: unknown): void {
    const cause = (reason instanceof ActivityFailure ? reason.cause : reason) as Error;
    const { businessKey, courseRef, rule, kind, role } = reminder;
    log.warn('reminder not delivered', { businessKey, courseRef, rule, kind, role, error: cause?.message });
    const failed = recordDeliveryFailure(this.state, reminder, cause?.message ?? 'unknown', nowIso());
    this.state = failed.state;
    this.pending.push(...failed.effects);
  }

  private historyIsLong(): boolean {
    const info = workflowInfo();
    const limit = this.input.continueAsNewAfterEvents ?? defaultContinueAsNewAfterEvents;
    return info.continueAsNewSuggested || info.historyLength >= limit;
  }

  private nextRunInput(): CourseWorkflowInput {
    const { continueAsNewAfterEvents, timelineUrl } = this.input;
    return { state: this.state, continueAsNewAfterEvents, timelineUrl };
  }

  private outcome(): CourseOutcome {
    const { courseRef, phase, events } = this.state;
    return { courseRef, phase, events: events.length, waitingDays: waitingDays(this.state, nowIso()) };
  }
}
