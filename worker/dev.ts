// `npm run dev` / `forlopsvakt dev`: the whole product locally on the embedded default: the
// Temporal dev server with its SQLite file under the data folder, the worker, and the demo courses.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../config';
import { temporalCli } from '../config/temporal-binaries';
import { seedDemo } from '../client/demo';
import { createWorker, installJsonLogging } from './index';

export function startDevServer(config: Config): ChildProcess {
  const dataDir = resolve(config.FORLOPSVAKT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const [host, port] = config.TEMPORAL_ADDRESS.split(':') as [string, string];
  const args = [
    'server', 'start-dev', '--db-filename', resolve(dataDir, 'temporal.db'), '--ip', host, '--port', port,
    '--ui-port', String(config.TEMPORAL_UI_PORT), '--namespace', config.TEMPORAL_NAMESPACE, '--log-level', 'warn',
  ];
  return spawn(temporalCli(), args, { stdio: ['ignore', 'inherit', 'inherit'] });
}

export async function connectWhenReady(config: Config, timeoutMs = 60_000): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Temporal at ${config.TEMPORAL_ADDRESS} did not answer within ${timeoutMs / 1000} s`, { cause: err });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  installJsonLogging(config.LOG_LEVEL);
  const server = startDevServer(config);
  server.on('exit', (code) => {
    console.error(`Temporal dev server exited (${code ?? 'signal'})`);
    process.exit(1);
  });
  const stop = () => { server.kill('SIGTERM'); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  const connection = await connectWhenReady(config);
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const worker = await createWorker(config);
  const running = worker.run();
  const seeded = await seedDemo(client, config);
  console.log([
    '',
    'Forløpsvakt is running.',
    `  Temporal UI:     ${config.TEMPORAL_UI_URL}/namespaces/${config.TEMPORAL_NAMESPACE}/workflows`,
    `  Temporal server: ${config.TEMPORAL_ADDRESS} (data in ${resolve(config.FORLOPSVAKT_DATA_DIR, 'temporal.db')})`,
    `  Demo courses:    ${seeded.length ? `started ${seeded.join(', ')}` : 'already running'}`,
    '  Reminders are written to this log until e-mail delivery is configured. Ctrl-C stops everything.',
    '',
  ].join('\n'));
  await running;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
