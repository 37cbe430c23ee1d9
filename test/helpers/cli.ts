// `forlopsvakt` as an admin runs it (bin/forlopsvakt), against a dev server with a course worker.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { courseWorker, localEnv } from './temporal';

export const bin = resolve(__dirname, '..', '..', 'bin', 'forlopsvakt');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one command line with these environment variables; a non-zero exit is a result, not a throw. */
export function runCli(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return promisify(execFile)(bin, args, { env: { ...process.env, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: Run) => ({ code: err.code, stdout: err.stdout, stderr: err.stderr }),
  );
}

/**
 * A dev server with a course worker on `queue` for the tests of one file (started before them,
 * stopped after), and `cli` running command lines against it.
 */
export function cliAgainstDevServer(queue: string) {
  const ctx = {
    env: undefined as unknown as TestWorkflowEnvironment,
    cli: (...args: string[]) => runCli({ TEMPORAL_ADDRESS: ctx.env.address, TEMPORAL_TASK_QUEUE: queue }, ...args),
  };
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    ctx.env = await localEnv();
    worker = await courseWorker(ctx.env, queue);
    running = worker.run();
  });
  afterAll(async () => {
    worker?.shutdown();
    await running;
    await ctx.env?.teardown();
  });
  return ctx;
}
