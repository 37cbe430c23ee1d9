// A real SMTP server on a random loopback port (smtp-server), recording what it accepted.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface SmtpSink {
  port: number;
  accepted: ParsedMail[];
  /** Every DATA attempt, by Message-ID, accepted or not. */
  attempts: string[];
  close(): Promise<void>;
}

export const recipientOf = (mail: ParsedMail): string | undefined =>
  (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;

/** `refuse(mail)` returns an SMTP code to refuse the attempt with (e.g. 451 or 550), or undefined to accept. */
export async function smtpSink(
  refuse: (mail: ParsedMail) => number | undefined = () => undefined,
  delayMs = 0,
  port = 0,
): Promise<SmtpSink> {
  const accepted: ParsedMail[] = [];
  const attempts: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(async (mail) => {
        if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
        attempts.push(mail.messageId ?? '');
        const code = refuse(mail);
        if (code)
          return callback(
            Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }),
          );
        accepted.push(mail);
        return callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    port: bound,
    accepted,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
