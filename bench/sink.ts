// The SMTP sink reminders are delivered to: a real SMTP server on loopback (smtp-server) that
// notes when it accepted each message, by the message's business key (X-Forlopsvakt-Key).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface TimedSink {
  port: number;
  /** Business key → when the sink accepted the message (ms since the epoch); the first acceptance counts. */
  acceptedAt: Map<string, number>;
  close(): Promise<void>;
}

const keyHeader = /^x-forlopsvakt-key:\s*(.+?)\s*$/im;

export async function timedSink(): Promise<TimedSink> {
  const acceptedAt = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 1_000_000,
    onData(stream, _session, callback) {
      // Only the header block is kept; the body (text, HTML, calendar) is read and dropped.
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (!head.includes('\r\n\r\n')) head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        const headers = (head.split('\r\n\r\n')[0] ?? '').replace(/\r\n[ \t]+/g, ' ');
        const key = keyHeader.exec(headers)?.[1];
        if (key && !acceptedAt.has(key)) acceptedAt.set(key, Date.now());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, acceptedAt, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
