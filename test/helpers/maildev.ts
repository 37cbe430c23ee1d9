// The local mail catcher the product's dev command uses (maildev), on free loopback ports.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/**
 * A loopback port nothing listens on, for a server a test starts. Picked at random below the
 * kernel's ephemeral range: a port the kernel hands out (port 0, outgoing connections, the dev
 * servers' internal services) can then never be the one just picked and released.
 */
export async function freePort(): Promise<number> {
  const high = Math.min(ephemeralStart(), 32_768);
  const low = Math.max(high - 12_000, 1_024);
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low));
    const server = createServer();
    const bound = await new Promise<boolean>((resolveBound) => {
      server.once('error', () => resolveBound(false));
      server.listen(port, '127.0.0.1', () => resolveBound(true));
    });
    if (bound) {
      await new Promise<void>((r) => server.close(() => r()));
      return port;
    }
  }
}

/** Where Linux starts handing out ephemeral ports (32768 by default, and where it cannot be read). */
function ephemeralStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]) || 32_768;
  } catch {
    return 32_768;
  }
}

export interface CaughtMail {
  subject: string;
  headers: Record<string, string>;
  to: { address: string }[];
}

export async function startMaildev() {
  const smtpPort = await freePort();
  const webPort = await freePort();
  const bin = resolve(__dirname, '..', '..', 'node_modules', '.bin', 'maildev');
  const child = spawn(
    bin,
    ['--smtp', String(smtpPort), '--ip', '127.0.0.1', '--web', String(webPort), '--web-ip', '127.0.0.1', '--silent'],
    { stdio: 'ignore' },
  );
  const api = `http://127.0.0.1:${webPort}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${api}/api/email`)).ok) break;
    } catch (err) {
      if (i > 100) throw new Error('maildev did not start', { cause: err });
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    smtpPort,
    webPort,
    api,
    emails: async (): Promise<CaughtMail[]> => (await fetch(`${api}/api/email`)).json() as Promise<CaughtMail[]>,
    stop: () => {
      child.kill('SIGTERM');
    },
  };
}
