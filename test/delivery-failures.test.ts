// What a failed delivery means (activities/email/failures.ts), from real nodemailer against a real
// SMTP server on loopback: only a refused recipient is permanent; the settings and the relay
// (login, TLS, sender, message) are retried with an operator alert; the rest retried quietly. That
// one refusing mailbox holds up nothing else in its course is test/faults.test.ts (e).
import { loadConfig } from '../config';
import { smtpSender, type OutgoingMail } from '../activities/email/smtp';
import { smtpProblem, type SmtpProblem } from '../activities/email/failures';
import { freePort } from './helpers/maildev';
import { smtpSink, type SmtpSinkOptions } from './helpers/smtp';

const mail: OutgoingMail = {
  to: 'ward@hospital.test',
  businessKey: 'ahus-2026-000123/ADM-NOTICE#1/due/ward',
  subject: 'Frist',
  text: 'text',
  html: '<p>text</p>',
};

async function problemOf(
  options: SmtpSinkOptions,
  settings: Record<string, string> = {},
): Promise<SmtpProblem | 'sent'> {
  const sink = await smtpSink(options);
  try {
    await smtpSender(loadConfig({ SMTP_PORT: String(sink.port), ...settings }))(mail);
    return 'sent';
  } catch (err) {
    return smtpProblem(err);
  } finally {
    await sink.close();
  }
}

describe('each SMTP failure is sorted by who must act', () => {
  test('a refused recipient is permanent', async () => {
    expect(await problemOf({ refuseRecipient: () => 550 })).toBe('recipient');
  });
  test('a recipient refused for now (450), a busy relay (451, 421) and no relay at all are retried quietly', async () => {
    expect(await problemOf({ refuseRecipient: () => 450 })).toBe('unavailable');
    expect(await problemOf({ refuse: () => 451 })).toBe('unavailable');
    expect(await problemOf({ refuse: () => 421 })).toBe('unavailable');
    const nothing = await freePort();
    const unreachable = await smtpSender(loadConfig({ SMTP_PORT: String(nothing) }))(mail).catch((err: unknown) => err);
    expect(smtpProblem(unreachable)).toBe('unavailable');
  });
  test('a refused login, a refused sender, a refused message and failed TLS are for the operator', async () => {
    const login = { SMTP_USER: 'forlopsvakt', SMTP_PASS: 'old' };
    expect(await problemOf({ login: () => false }, login)).toBe('auth');
    expect(await problemOf({ login: (u, p) => u === 'forlopsvakt' && p === 'old' }, login)).toBe('sent');
    expect(await problemOf({ refuseSender: () => 550 })).toBe('sender');
    expect(await problemOf({ refuse: () => 554 })).toBe('message');
    // SMTPS towards a relay that speaks plain SMTP, and STARTTLS required of a relay without it.
    expect(await problemOf({}, { SMTP_TLS: 'implicit' })).toBe('tls');
    expect(await problemOf({}, { SMTP_TLS: 'starttls' })).toBe('tls');
  });
});
