// `forlopsvakt worker`: run the worker against the configured Temporal server.
import { loadConfig } from '../config';
import { createWorker, installJsonLogging } from './index';

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  installJsonLogging(config.LOG_LEVEL);
  const worker = await createWorker(config);
  await worker.run();
}
