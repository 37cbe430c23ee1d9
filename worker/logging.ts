// What the worker's log lines look like (LOG_FORMAT). `json`, for production: one object per line,
// structured and greppable by a log collector. `pretty`, for `forlopsvakt dev`: one short line a
// person reads per reminder sent, event recorded, warning and error, and nothing else: the SDK's
// start-up chatter and the workflow bundler's webpack report are left out. A pretty line names a
// course only by its opaque reference, and a reminder by rule, kind and role: never a recipient.
import type { LogEntry } from '@temporalio/worker';
import type { Config } from '../config';

export type LogFormat = Config['LOG_FORMAT'];

const millisOf = (entry: LogEntry): number => Number(entry.timestampNanos / 1_000_000n);

/** Oslo time, as every deadline in Forløpsvakt is shown. */
const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export function jsonLine(entry: LogEntry): string {
  const { level, message, meta } = entry;
  return JSON.stringify({ time: new Date(millisOf(entry)).toISOString(), level, message, ...meta });
}

const firstLine = (text: string): string => text.split('\n', 1)[0]!.trim();

/** An error's message from log metadata: an Error, a failure object from the SDK or core, or a string. */
function errorText(value: unknown): string | undefined {
  if (typeof value === 'string') return firstLine(value);
  if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string')
    return firstLine((value as { message: string }).message);
  return undefined;
}

/** The line a person reads for `entry`, or undefined for an entry the pretty console leaves out. */
export function prettyLine(entry: LogEntry): string | undefined {
  const m = entry.meta ?? {};
  const at = (label: string, text: string) => `${clock.format(millisOf(entry))} ${label.padEnd(5)} ${text}`;
  const reminder = () => `${String(m.rule)} ${String(m.kind)} → ${String(m.role)} (${String(m.courseRef)})`;
  const cause = errorText(m.error) ?? errorText(m.failure);
  const because = cause ? `: ${cause}` : '';
  switch (entry.message) {
    case 'reminder sent':
      return at('sent', reminder());
    case 'event recorded':
      return at('event', `${String(m.event)} (${String(m.courseRef)})`);
    case 'reminder not delivered':
      return at('error', `${reminder()} not delivered${because}`);
    case 'Activity failed':
      // A reminder refused for good is told once, by the course that records it ('reminder not delivered').
      if (m.activityType === 'sendReminder' && (m.error as { nonRetryable?: boolean } | undefined)?.nonRetryable)
        return undefined;
      return at(
        'warn',
        `${String(m.activityType)} attempt ${String(m.attempt)} failed (${String(m.workflowId)})${because}`,
      );
  }
  if (entry.level !== 'WARN' && entry.level !== 'ERROR') return undefined;
  // A failed workflow bundle logs webpack's whole report as one error: its first ERROR line says why.
  const text = /^ERROR\b.*$/m.exec(entry.message)?.[0] ?? firstLine(entry.message);
  const where = typeof m.workflowId === 'string' ? ` (${m.workflowId})` : '';
  return at(entry.level === 'WARN' ? 'warn' : 'error', `${text}${where}${because}`);
}

/** The runtime logger's output function for `format`; `write` is the console unless a test listens. */
export function logFunction(
  format: LogFormat,
  write: (line: string) => void = (line) => console.log(line),
): (entry: LogEntry) => void {
  if (format === 'json') return (entry) => write(jsonLine(entry));
  return (entry) => {
    const line = prettyLine(entry);
    if (line !== undefined) write(line);
  };
}
