// What a failed delivery means, and how it is retried. Nothing is ever dropped because of the
// mail system: a refused recipient is the one permanent failure (the course records it and tells
// the role's manager); a problem with Forløpsvakt's own settings or the relay (authentication, TLS,
// a refused sender, a refused message) is retried until an operator fixes it, and raises an alert
// (a metric and a log line that says what to fix) on every attempt; anything else (the relay down,
// a 4xx) is retried quietly. The delay between attempts is configuration (DELIVERY_RETRY_*), set
// here with `nextRetryDelay`, so the workflow's retry policy never needs to change.
import { activityInfo, ApplicationFailure, log, metricMeter } from '@temporalio/activity';

export const recipientRefused = 'RecipientRefused';

export type SmtpProblem = 'recipient' | 'auth' | 'tls' | 'sender' | 'message' | 'unavailable';

/** What the operator must fix, per problem with the settings or the relay. */
const fixes: Partial<Record<SmtpProblem, string>> = {
  auth: 'the relay refused the login: check SMTP_USER and SMTP_PASS (a rotated password?)',
  tls: "TLS with the relay failed: check SMTP_TLS, SMTP_PORT and the relay's certificate",
  sender: 'the relay refused the sender: check MAIL_FROM and that the relay lets Forløpsvakt send as it',
  message: "the relay refused the message itself: read the relay's reply and log",
};

export interface DeliveryRetry {
  /** The first retry's delay; each next one doubles, up to `maxMs`. */
  initialMs: number;
  maxMs: number;
}
export const defaultDeliveryRetry: DeliveryRetry = { initialMs: 5_000, maxMs: 600_000 };

interface SmtpError {
  code?: string;
  command?: string;
  responseCode?: number;
  message?: string;
}

/** Sorts a nodemailer error by who must act: nobody (retry), the operator, or the care team (recipient). */
export function smtpProblem(err: unknown): SmtpProblem {
  const { code, command = '', responseCode, message = '' } = (err ?? {}) as SmtpError;
  if (code === 'EAUTH' || code === 'ENOAUTH' || command.startsWith('AUTH')) return 'auth';
  if (code === 'ETLS' || code === 'EREQUIRETLS' || command === 'STARTTLS') return 'tls';
  // A handshake that fails on the socket (SMTPS towards a plain relay, an untrusted certificate).
  if (code === 'ESOCKET' && /\b(SSL|TLS)\b|certificate/i.test(message)) return 'tls';
  // 503 is a bad command sequence, not a refusal: a new connection can go through (RFC 5321).
  const permanent = responseCode !== undefined && responseCode >= 500 && responseCode !== 503;
  if (!permanent) return 'unavailable';
  if (command === 'RCPT TO') return 'recipient';
  if (command === 'MAIL FROM') return 'sender';
  return 'message';
}

/**
 * The failure a delivery activity throws for `err` on this attempt: non-retryable only for a refused
 * recipient; otherwise retried after the configured backoff, with an operator alert when the
 * settings or the relay need fixing. No recipient or content goes in the alert.
 */
export function deliveryFailure(err: unknown, retry: DeliveryRetry = defaultDeliveryRetry): ApplicationFailure {
  const { attempt } = activityInfo();
  const problem = smtpProblem(err);
  const reply = (err as SmtpError | undefined)?.responseCode;
  const said = reply ? ` (${reply})` : '';
  if (problem === 'recipient') {
    return ApplicationFailure.nonRetryable(`the mail server refused the recipient${said}`, recipientRefused);
  }
  const fix = fixes[problem];
  if (fix) {
    metricMeter
      .createCounter(
        'forlopsvakt_smtp_configuration_errors',
        'attempts',
        'Delivery attempts that failed on the SMTP settings or the relay (retried until fixed)',
      )
      .add(1, { problem });
    log.error(`SMTP configuration problem: ${fix}`, { problem, reply, attempt });
  }
  const nextRetryDelay = Math.min(retry.maxMs, retry.initialMs * 2 ** Math.min(attempt - 1, 30));
  const message = err instanceof Error ? err.message : String(err);
  return ApplicationFailure.create({
    message: fix ? `${fix}${said}` : `delivery failed, will retry: ${message}`,
    type: fix ? 'SmtpConfigurationProblem' : 'DeliveryUnavailable',
    nextRetryDelay,
  });
}
