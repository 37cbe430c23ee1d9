// `npm run dev` / `forlopsvakt dev`: the whole product locally on the embedded default: the
// Temporal dev server with its SQLite file under the data folder, the mail catcher, the worker,
// and the demo courses. The launcher is the one place that uses both the worker and the client.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { connectClient } from '../config/temporal';
import { temporalCli } from '../config/temporal-binaries';
import { seedDemo } from '../client/demo';
import { startCodecServer } from '../codec/server';
import { devServerFlags } from '../workflows/search-attributes';
import { createWorker, installRuntime } from '../worker';

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
    ...sqlitePragmaFlags(config),
    // With encryption on (CODEC_KEYS), the UI shows payloads by asking the codec server to decrypt them.
    ...(config.CODEC_KEYS ? ['--ui-codec-endpoint', `http://127.0.0.1:${config.CODEC_SERVER_PORT}`] : []),
  ];
  return spawn(temporalCli(), args, { stdio: ['ignore', output, output] });
}

/** `--sqlite-pragma` per configured pragma; none for `none` (an empty setting means the default, config/index.ts). */
export const sqlitePragmaFlags = (config: Pick<Config, 'DEV_SQLITE_PRAGMAS'>): string[] =>
  config.DEV_SQLITE_PRAGMAS === 'none'
    ? []
    : config.DEV_SQLITE_PRAGMAS.split(',').flatMap((pragma) => ['--sqlite-pragma', pragma]);

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

/**
 * A client (see `connectClient`) once the server answers: a freshly started dev server takes a few
 * seconds. Each attempt waits at most a second; after `timeoutMs` the last error is the cause.
 */
export async function connectWhenReady(config: Config, timeoutMs = 60_000): Promise<Client> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let client: Client | undefined;
    try {
      client = await connectClient(config, 1_000);
      await client.workflowService.getSystemInfo({});
      return client;
    } catch (err) {
      await client?.connection.close();
      if (Date.now() > deadline) {
        const message = `Temporal at ${config.TEMPORAL_ADDRESS} did not answer within ${timeoutMs / 1000} s`;
        throw new Error(message, { cause: err });
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The configuration of `forlopsvakt dev`: as everywhere, except that the worker logs short lines a person reads. */
export const devConfig = (env: Record<string, string | undefined> = process.env): Config =>
  loadConfig({ LOG_FORMAT: 'pretty', ...env });

/** Where `forlopsvakt dev` serves the calendar feed and the timeline pages unless CALENDAR_PORT says otherwise. */
export const devFeedPort = 8234;

/**
 * The feed's secret for `forlopsvakt dev`, made once and kept in the data folder (readable by its
 * owner only), so the timeline links in the courses' details keep working across restarts.
 */
function keptFeedSecret(dataDir: string): string {
  const file = resolve(dataDir, 'feed-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}

/** `forlopsvakt dev`: the whole product locally, until Ctrl-C. */
export async function runDev(): Promise<void> {
  const defaults = devConfig();
  // The feed server is on in dev, so each course's details link to its timeline page.
  const config = devConfig({
    CALENDAR_PORT: String(devFeedPort),
    CALENDAR_SECRET: keptFeedSecret(defaults.FORLOPSVAKT_DATA_DIR),
    ...process.env,
  });
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
  const client = await connectWhenReady(config);
  const worker = await createWorker(config);
  const running = worker.run();
  const seeded = await seedDemo(client, config);
  const codecServer = `http://127.0.0.1:${config.CODEC_SERVER_PORT}`;
  const payloads = config.CODEC_KEYS
    ? `encrypted (key ${config.CODEC_ACTIVE_KEY_ID}); codec server ${codecServer}`
    : 'not encrypted (set CODEC_KEYS to encrypt)';
  const mailCatcher = `http://127.0.0.1:${config.MAILCATCHER_WEB_PORT}`;
  const database = resolve(config.FORLOPSVAKT_DATA_DIR, 'temporal.db');
  console.log(
    [
      '',
      'Forløpsvakt is running.',
      `  Temporal UI:     ${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`,
      `  Temporal server: ${config.TEMPORAL_ADDRESS} (data in ${database})`,
      `  Payloads:        ${payloads}`,
      `  Mail catcher:    ${mailCatcher} (reminders sent to SMTP ${config.SMTP_HOST}:${config.SMTP_PORT})`,
      `  Timelines:       linked from each course's details (feed server on port ${config.CALENDAR_PORT})`,
      `  Demo courses:    ${seeded.length ? `started ${seeded.join(', ')}` : 'already running'}`,
      '  Ctrl-C stops everything; the courses continue where they were at the next start.',
      '',
    ].join('\n'),
  );
  await running;
}
