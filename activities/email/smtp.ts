// E-mail over SMTP with nodemailer. Idempotent: each message's Message-ID is derived from its
// business key, so a retried activity sends the same message, never a second distinct one. What a
// failure means and how it is retried is activities/email/failures.ts.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { DeliverReminder } from '..';
import type { Config } from '../../config';
import { renderReminder } from './render';
import type { RenderedEmail } from './shared';
import type { DeliveryRetry } from './failures';

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

export const deliveryRetryOf = (config: Config): DeliveryRetry => ({
  initialMs: config.DELIVERY_RETRY_INITIAL_SECONDS * 1000,
  maxMs: Math.max(config.DELIVERY_RETRY_INITIAL_SECONDS, config.DELIVERY_RETRY_MAX_SECONDS) * 1000,
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
  };
}

export function smtpDelivery(config: Config, send: SendMail = smtpSender(config)): DeliverReminder {
  const links = linksOf(config);
  return (r) => send({ ...renderReminder(r, links), to: r.recipient, businessKey: r.businessKey });
}
