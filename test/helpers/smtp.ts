// A real SMTP server on a random loopback port (smtp-server), recording what it accepted.
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';

export interface SmtpSink {
  port: number;
  accepted: ParsedMail[];
  /** Every DATA attempt, by Message-ID, accepted or not. */
  attempts: string[];
  /** Every RCPT TO the server refused, by address. */
  refusedRecipients: string[];
  /** Messages received whose client was gone before the server answered (never accepted: no 250 was sent). */
  lost: string[];
  /** Logins refused (while `login` said no). */
  refusedLogins: number;
  /** Resolves once the client of that SMTP session is gone. */
  closed(sessionId: string): Promise<void>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** An SMTP code to refuse a message at DATA with (e.g. 451), or undefined to accept it. */
  refuse?: (mail: ParsedMail) => number | undefined;
  /** An SMTP code to refuse the sender at MAIL FROM with (e.g. 550), or undefined to accept it. */
  refuseSender?: (address: string) => number | undefined;
  /** An SMTP code to refuse a recipient at RCPT TO with (e.g. 550), or undefined to accept it. */
  refuseRecipient?: (address: string) => number | undefined;
  /** With it, the server asks for a login and refuses (535) what it says no to. */
  login?: (user: string, pass: string) => boolean;
  /** Called once a message is received, before the server answers DATA: the answer waits for it. */
  hold?: (mail: ParsedMail, sessionId: string) => Promise<void>;
  port?: number;
}

/** The business key a reminder e-mail carries (X-Forlopsvakt-Key). */
export const keyOf = (mail: ParsedMail): string => String(mail.headers.get('x-forlopsvakt-key'));

export const recipientOf = (mail: ParsedMail): string | undefined =>
  (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address;

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

export async function smtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const { refuse, refuseSender, refuseRecipient, login, hold, port = 0 } = options;
  const sink = {
    accepted: [] as ParsedMail[],
    attempts: [] as string[],
    refusedRecipients: [] as string[],
    lost: [] as string[],
  };
  const closed = new Set<string>();
  const waiting = new Map<string, () => void>();
  let refusedLogins = 0;
  const server = new SMTPServer({
    authOptional: !login,
    // Logins over plain text on loopback: the test relay has no certificate.
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (!login || login(auth.username ?? '', auth.password ?? '')) return callback(null, { user: auth.username });
      refusedLogins++;
      return callback(smtpError('authentication credentials invalid', 535));
    },
    onMailFrom(address, _session, callback) {
      const code = refuseSender?.(address.address);
      return callback(code ? smtpError('sender refused', code) : undefined);
    },
    onRcptTo(address, _session, callback) {
      const code = refuseRecipient?.(address.address);
      if (!code) return callback();
      sink.refusedRecipients.push(address.address);
      return callback(smtpError(code >= 500 ? 'mailbox unavailable' : 'try again later', code));
    },
    onClose(session) {
      closed.add(session.id);
      waiting.get(session.id)?.();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(async (mail) => {
        await hold?.(mail, session.id);
        sink.attempts.push(mail.messageId ?? '');
        if (closed.has(session.id)) {
          sink.lost.push(mail.messageId ?? '');
          return callback(smtpError('client gone', 421));
        }
        const code = refuse?.(mail);
        if (code) return callback(smtpError(code >= 500 ? 'message refused' : 'try again later', code));
        sink.accepted.push(mail);
        return callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    ...sink,
    get refusedLogins() {
      return refusedLogins;
    },
    closed: (sessionId) =>
      closed.has(sessionId) ? Promise.resolve() : new Promise<void>((r) => waiting.set(sessionId, r)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
