// The local mail catcher the product's dev command uses (maildev), on free loopback ports.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
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
