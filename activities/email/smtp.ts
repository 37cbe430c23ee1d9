// E-mail over SMTP with nodemailer. Idempotent: each message's Message-ID is derived from its
// business key, so a retried activity sends the same message, never a second distinct one.
// Temporary failures (connection refused, 4xx) are retried by Temporal with backoff; a
// permanent refusal (5xx) is non-retryable and goes back to the workflow, which records it in the
// course and tells the role's manager instead of retrying a send that can never succeed.
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import nodemailer from 'nodemailer';
import type { DeliverReminder } from '..';
import type { Config } from '../../config';
import { renderReminder } from './render';
import type { RenderedEmail } from './shared';

export const permanentDeliveryFailure = 'PermanentDeliveryFailure';

export const messageIdOf = (m: { businessKey: string }): string =>
  `<${createHash('sha256').update(m.businessKey).digest('hex').slice(0, 40)}@forlopsvakt>`;

export interface OutgoingMail extends RenderedEmail {
  to: string;
  businessKey: string;
}
export type SendMail = (mail: OutgoingMail) => Promise<void>;

export const linksOf = (config: Config) => ({
  temporalUiUrl: config.TEMPORAL_UI_URL,
  namespace: config.TEMPORAL_NAMESPACE,
});

export function smtpSender(config: Config): SendMail {
  const transport = nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_TLS === 'implicit',
    requireTLS: config.SMTP_TLS === 'starttls',
    ignoreTLS: config.SMTP_TLS === 'none',
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASS } : undefined,
    connectionTimeout: 10_000,
  });
  return async (mail) => {
    try {
      await transport.sendMail({
        from: config.MAIL_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdOf(mail),
        headers: { 'X-Forlopsvakt-Key': mail.businessKey },
        ...(mail.ics ? { icalEvent: { method: 'REQUEST', filename: 'invitation.ics', content: mail.ics } } : {}),
      });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) {
        throw ApplicationFailure.nonRetryable(
          `SMTP refused the message permanently (${code})`,
          permanentDeliveryFailure,
        );
      }
      throw err;
    }
  };
}

export function smtpDelivery(config: Config, send: SendMail = smtpSender(config)): DeliverReminder {
  const links = linksOf(config);
  return (r) => send({ ...renderReminder(r, links), to: r.recipient, businessKey: r.businessKey });
}
