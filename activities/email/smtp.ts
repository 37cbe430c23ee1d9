// Reminder delivery over SMTP with nodemailer. Idempotent: the Message-ID is derived from the
// reminder's business key, so a retried activity sends the same message, never a second one.
// Temporary failures (connection refused, 4xx) are retried by Temporal with backoff; a
// permanent refusal (5xx) is non-retryable and goes back to the course (design.md §1).
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import nodemailer from 'nodemailer';
import type { DeliverReminder } from '..';
import type { Reminder } from '../../domain/engine';
import type { Config } from '../../config';
import { renderReminder } from './render';

export const permanentDeliveryFailure = 'PermanentDeliveryFailure';

export const messageIdOf = (r: Reminder): string => `<${createHash('sha256').update(r.businessKey).digest('hex').slice(0, 40)}@forlopsvakt>`;

export function smtpDelivery(config: Config): DeliverReminder {
  const transport = nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_TLS === 'implicit',
    requireTLS: config.SMTP_TLS === 'starttls',
    ignoreTLS: config.SMTP_TLS === 'none',
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASS } : undefined,
    connectionTimeout: 10_000,
  });
  const links = { temporalUiUrl: config.TEMPORAL_UI_URL, namespace: config.TEMPORAL_NAMESPACE };
  return async (r) => {
    const mail = renderReminder(r, links);
    try {
      await transport.sendMail({
        from: config.MAIL_FROM,
        to: r.recipient,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdOf(r),
        headers: { 'X-Forlopsvakt-Key': r.businessKey },
        ...(mail.ics ? { icalEvent: { method: 'REQUEST', filename: 'invitation.ics', content: mail.ics } } : {}),
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) {
        throw ApplicationFailure.nonRetryable(`SMTP refused the reminder permanently (${code})`, permanentDeliveryFailure);
      }
      throw err;
    }
  };
}
