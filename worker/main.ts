// `forlopsvakt worker`: run the worker against the configured Temporal server.
import { loadConfig } from '../config';
import { createWorker, installJsonLogging } from './index';

async function main(): Promise<void> {
  const config = loadConfig();
  installJsonLogging(config.LOG_LEVEL);
  const worker = await createWorker(config);
  await worker.run();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
