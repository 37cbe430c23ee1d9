// One workflow execution per patient course (design.md §1). The story: start the course from
// its first event, then forever: let time pass (reminders), wait for the next event or the
// next wake-up, and continue as new when the history grows long. The rules live in domain/.
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import {
  advance,
  courseView,
  decide,
  digestItems,
  EventRejected,
  nextWakeUp,
  openObligations,
  recordDeliveryFailure,
  startCourse,
  waitingDays,
  type Reminder,
} from '../domain';
import type { CourseState } from '../domain';
import type { Activities } from '../activities';
import {
  courseKindKey,
  hospitalUnitKey,
  municipalityKey,
  nextDeadlineKey,
  overdueCountKey,
  phaseKey,
  profileKey,
} from './search-attributes';
import {
  courseStateQuery,
  digestQuery,
  eventsQuery,
  openObligationsQuery,
  recordEventUpdate,
  type CourseOutcome,
  type CourseWorkflowInput,
} from './contract';

const { sendReminder } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Far below Temporal's 10,240-event warning; a run never grows past it (issue 3 §8). */
export const defaultContinueAsNewAfterEvents = 2_000;

const nowIso = (): string => new Date().toISOString();

/** Turns a domain rejection into an update failure the caller reads; other errors are bugs. */
function asFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EventRejected) throw ApplicationFailure.nonRetryable(err.message, 'EventRejected');
    throw err;
  }
}

export async function courseWorkflow(input: CourseWorkflowInput): Promise<CourseOutcome> {
  const pending: Reminder[] = [];
  let state: CourseState;
  if (input.state) {
    state = input.state;
  } else {
    const started = asFailure(() => startCourse(input.start, nowIso()));
    state = started.state;
    pending.push(...started.effects);
  }
  const limit = input.continueAsNewAfterEvents ?? defaultContinueAsNewAfterEvents;
  /** The search attributes last upserted (see publish). */
  let published = '';
  // Courses started before this release keep a timer per wait (docs/versioning.md).
  const keepWakeTimer = patched('wake-timer-kept-across-events');
  const publishBeforeDelivery = patched('publish-before-delivery');
  let timer: { at: string; scope: CancellationScope; fired: boolean } | undefined;

  setHandler(
    recordEventUpdate,
    (event) => {
      const d = asFailure(() => decide(state, event, nowIso()));
      state = d.state;
      pending.push(...d.effects);
      return { seq: d.event.seq, phase: state.phase, event: d.event };
    },
    // A rejected event never reaches history and changes nothing (domain §8).
    { validator: (event) => void asFailure(() => decide(state, event, nowIso())) },
  );
  setHandler(courseStateQuery, () => courseView(state, nowIso()));
  setHandler(openObligationsQuery, () => openObligations(state, nowIso()));
  setHandler(eventsQuery, () => state.events);
  setHandler(digestQuery, () => digestItems(state, nowIso()));

  for (;;) {
    const passed = advance(state, nowIso());
    state = passed.state;
    pending.push(...passed.effects);
    if (pending.length > 0) {
      // Managers can find and read a course in the UI even while the mail server is down and its
      // reminders are still being retried.
      if (publishBeforeDelivery) publish();
      while (pending.length > 0) await deliver(pending.splice(0));
    }
    publish();

    if (state.phase === 'ended') {
      await condition(allHandlersFinished);
      if (pending.length > 0) continue;
      return {
        courseRef: state.courseRef,
        phase: state.phase,
        events: state.events.length,
        waitingDays: waitingDays(state, nowIso()),
      };
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= limit) {
      await condition(allHandlersFinished);
      if (pending.length > 0) continue;
      // Carries the whole state: open obligations keep their absolute due instants.
      await continueAsNew<typeof courseWorkflow>({ state, continueAsNewAfterEvents: input.continueAsNewAfterEvents });
    }
    const seen = state;
    const wake = nextWakeUp(state);
    const changed = () => state !== seen || pending.length > 0;
    if (keepWakeTimer) {
      wakeAt(wake);
      await condition(() => changed() || timer?.fired === true);
    } else if (wake === undefined) await condition(changed);
    else await condition(changed, ...timerTo(wake));
  }

  /**
   * Keeps one timer for the next wake-up and replaces it only when that instant changes, so an
   * event that leaves the next deadline where it was costs no timer cancel and restart in the
   * history (issue 7: history events per course-year).
   */
  function wakeAt(wake: string | undefined): void {
    if (timer && !timer.fired && timer.at === wake) return;
    if (timer && !timer.fired) timer.scope.cancel();
    timer = undefined;
    if (wake === undefined) return;
    const armed = { at: wake, scope: new CancellationScope(), fired: false };
    armed.scope
      .run(() => sleep(...timerTo(wake)))
      .then(
        () => {
          armed.fired = true;
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
    timer = armed;
  }

  /**
   * What managers see in the Temporal UI: search attributes (upserted only when they change, so
   * the history stays small) and the open obligations as a table in the current details.
   */
  function publish(): void {
    const view = courseView(state, nowIso());
    const attributes: SearchAttributeUpdatePair[] = [
      { key: courseKindKey, value: state.kind },
      { key: profileKey, value: state.profile },
      { key: phaseKey, value: state.phase },
      { key: nextDeadlineKey, value: view.nextDeadline ? new Date(view.nextDeadline) : null },
      { key: overdueCountKey, value: view.overdueCount },
      { key: hospitalUnitKey, value: state.labels.hospitalUnit ?? null },
      { key: municipalityKey, value: state.labels.municipality ?? null },
    ];
    const fingerprint = JSON.stringify(attributes.map((a) => a.value));
    if (fingerprint !== published) {
      upsertSearchAttributes(attributes);
      published = fingerprint;
    }
    setCurrentDetails(detailsTable(view));
  }

  /**
   * Sends reminders. One the mail server refuses for good is recorded in the course and its
   * manager told; the course never fails on a reminder.
   */
  async function deliver(reminders: Reminder[]): Promise<void> {
    const results = await Promise.allSettled(
      reminders.map((r) => sendReminder.executeWithOptions({ summary: `${r.rule} ${r.kind} → ${r.role}` }, [r])),
    );
    results.forEach((res, i) => {
      if (res.status === 'fulfilled') return;
      const r = reminders[i]!;
      const cause = res.reason instanceof ActivityFailure ? res.reason.cause : res.reason;
      log.warn('reminder not delivered', { businessKey: r.businessKey, error: (cause as Error)?.message });
      const failed = recordDeliveryFailure(state, r, (cause as Error)?.message ?? 'unknown', nowIso());
      state = failed.state;
      pending.push(...failed.effects);
    });
  }
}

/** A timer's duration until `wake` (at least 1 ms: a wake-up already due fires at once) and its UI summary. */
function timerTo(wake: string): [number, { summary: string }] {
  return [Math.max(1, Date.parse(wake) - Date.now()), { summary: `next reminder or schedule at ${wake}` }];
}

/** The open obligations as a Markdown table, overdue first (the Temporal UI renders it). */
function detailsTable(view: ReturnType<typeof courseView>): string {
  const rows = [...view.openObligations].sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return [
    `**${view.kind}** · profile **${view.profile}** · phase **${view.phase}** · ${view.overdueCount} overdue${view.waitingDays ? ` · DIS-WAITING ${view.waitingDays} days` : ''}`,
    '',
    '| Due (Oslo) | Rule | Obligation | Who | Missing | |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (o) =>
        `| ${o.dueOslo} | ${o.rule} | ${o.title} | ${o.who.join(', ')} | ${o.missing.join(', ')} | ${o.overdue ? '**OVERDUE**' : ''} |`,
    ),
  ].join('\n');
}
