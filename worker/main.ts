// `forlopsvakt worker`: run the worker against the configured Temporal server.
import { loadConfig } from '../config';
import { createWorker, installRuntime } from './index';

export async function runWorker(): Promise<void> {
  const config = loadConfig();
  installRuntime(config);
  const worker = await createWorker(config);
  await worker.run();
}
