// The course's one durable timer to its next wake-up, and the small helpers the workflow code shares.
import { ApplicationFailure, CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import { EventRejected } from '../domain';

/** Workflow time: the SDK makes `Date` deterministic inside a workflow. */
export const nowIso = (): string => new Date().toISOString();

/** Turns a domain rejection into an update failure the caller reads; other errors are bugs. */
export function asFailure<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EventRejected) throw ApplicationFailure.nonRetryable(err.message, 'EventRejected');
    throw err;
  }
}

/** A timer's duration until `wake` (at least 1 ms: a wake-up already due fires at once) and its UI summary. */
export function timerTo(wake: string, summary: string): [number, { summary: string }] {
  return [Math.max(1, Date.parse(wake) - Date.now()), { summary }];
}

/**
 * Keeps one timer for the next wake-up and replaces it only when that instant changes, so an event
 * that leaves the next deadline where it was costs no timer cancel and restart in the history.
 */
export class WakeTimer {
  private timer: { at: string; fired: boolean } | undefined;
  /**
   * The cancellation scope the timers start in. A timer that fired leaves its scope to the next
   * one: a scope costs promises, and each promise made in workflow code costs a stack trace in the
   * SDK (docs/benchmarks.md). Cancelling a scope cancels only its timers still pending (a fired
   * one has nothing to cancel), and a scope once cancelled is done with, so the next timer gets a
   * new one; so does the timer after one left to fire, which must stay out of the next cancel. A
   * scope holds a small handler for each timer started in it until it is cancelled or the run
   * ends: a few hundred at most, as a run continues as new long before (workflows/course.ts `historyIsLong`).
   */
  private scope: CancellationScope | undefined;

  /**
   * `onFired` is called when a timer fires. With `leaveDueTimers` (v11, docs/versioning.md) a timer
   * whose instant has come is left to fire instead of being cancelled: the server may have fired it
   * while this workflow task ran, and the time-skipping test server strands a run whose task
   * cancels a timer that fired meanwhile (temporalio/sdk-java#3088). Its firing then wakes no one.
   */
  constructor(
    private readonly onFired: () => void,
    private readonly leaveDueTimers: boolean,
  ) {}

  /** True once the armed timer has fired (until the next `at`). */
  get fired(): boolean {
    return this.timer?.fired === true;
  }

  /** Arms the timer for `wake` (none when undefined); `summary` names it in the UI, asked only when a timer starts. */
  at(wake: string | undefined, summary: () => string): void {
    const timer = this.timer;
    if (timer && !timer.fired && timer.at === wake) return;
    if (timer && !timer.fired) {
      const due = Date.parse(timer.at) <= Date.now();
      if (!(this.leaveDueTimers && due)) this.scope?.cancel();
      this.scope = undefined;
    }
    this.timer = undefined;
    if (wake === undefined) return;
    const armed = { at: wake, fired: false };
    this.scope ??= new CancellationScope();
    this.scope
      .run(() => sleep(...timerTo(wake, summary())))
      .then(
        () => {
          armed.fired = true;
          this.onFired();
        },
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
    this.timer = armed;
  }
}
