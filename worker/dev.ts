// `npm run dev` / `forlopsvakt dev`: the whole product locally on the embedded default: the
// Temporal dev server with its SQLite file under the data folder, the worker, and the demo courses.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { temporalCli } from '../config/temporal-binaries';
import { seedDemo } from '../client/demo';
import { dataConverterFor } from '../codec/aes-gcm';
import { startCodecServer } from '../codec/server';
import { devServerFlags } from '../workflows/search-attributes';
import { createWorker, installRuntime } from './index';

export function startDevServer(config: Config, output: 'inherit' | 'ignore' = 'inherit'): ChildProcess {
  const dataDir = resolve(config.FORLOPSVAKT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const [host, port] = config.TEMPORAL_ADDRESS.split(':') as [string, string];
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    resolve(dataDir, 'temporal.db'),
    '--ip',
    host,
    '--port',
    port,
    '--ui-port',
    String(config.TEMPORAL_UI_PORT),
    '--namespace',
    config.TEMPORAL_NAMESPACE,
    '--log-level',
    'warn',
    ...devServerFlags(),
    // With encryption on, the UI asks the codec server to show payloads (design.md §2).
    ...(config.CODEC_KEYS ? ['--ui-codec-endpoint', `http://127.0.0.1:${config.CODEC_SERVER_PORT}`] : []),
  ];
  return spawn(temporalCli(), args, { stdio: ['ignore', output, output] });
}

/** The local mail catcher (maildev): reminders land here, with a web page and a JSON API. */
export function startMailCatcher(config: Config): ChildProcess {
  const bin = resolve(__dirname, '..', 'node_modules', '.bin', 'maildev');
  const args = [
    '--smtp',
    String(config.SMTP_PORT),
    '--ip',
    '127.0.0.1',
    '--web',
    String(config.MAILCATCHER_WEB_PORT),
    '--web-ip',
    '127.0.0.1',
    '--silent',
  ];
  return spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

export async function connectWhenReady(config: Config, timeoutMs = 60_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`Temporal at ${config.TEMPORAL_ADDRESS} did not answer within ${timeoutMs / 1000} s`, {
          cause: err,
        });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** `forlopsvakt dev`: the whole product locally, until Ctrl-C. */
export async function runDev(): Promise<void> {
  const config = loadConfig();
  installRuntime(config);
  const children = [startDevServer(config), startMailCatcher(config)];
  children.forEach((child, i) =>
    child.on('exit', (code) => {
      console.error(`${i === 0 ? 'Temporal dev server' : 'Mail catcher'} exited (${code ?? 'signal'})`);
      children.forEach((c) => c.kill('SIGTERM'));
      process.exit(1);
    }),
  );
  const stop = () => {
    children.forEach((c) => c.kill('SIGTERM'));
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  if (config.CODEC_KEYS) startCodecServer(config);
  const connection = await connectWhenReady(config);
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverterFor(config),
  });
  const worker = await createWorker(config);
  const running = worker.run();
  const seeded = await seedDemo(client, config);
  console.log(
    [
      '',
      'Forløpsvakt is running.',
      `  Temporal UI:     ${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`,
      `  Temporal server: ${config.TEMPORAL_ADDRESS} (data in ${resolve(config.FORLOPSVAKT_DATA_DIR, 'temporal.db')})`,
      `  Payloads:        ${config.CODEC_KEYS ? `encrypted (key ${config.CODEC_ACTIVE_KEY_ID}); codec server http://127.0.0.1:${config.CODEC_SERVER_PORT}` : 'not encrypted (set CODEC_KEYS to encrypt)'}`,
      `  Mail catcher:    http://127.0.0.1:${config.MAILCATCHER_WEB_PORT} (reminders sent to SMTP ${config.SMTP_HOST}:${config.SMTP_PORT})`,
      `  Demo courses:    ${seeded.length ? `started ${seeded.join(', ')}` : 'already running'}`,
      '  Ctrl-C stops everything; the courses continue where they were at the next start.',
      '',
    ].join('\n'),
  );
  await running;
}
