// The `forlopsvakt` entry point that bin/forlopsvakt loads: the CLI of client/ with the two
// commands that run a process of their own wired in, the worker (worker/main.ts) and the local
// launcher. Only here and in the launcher do the client and the worker meet.
import { runCli } from '../client/cli';
import { runWorker } from '../worker/main';
import { runDev } from './launcher';

export function main(argv = process.argv): Promise<void> {
  return runCli({ worker: runWorker, dev: runDev }, argv);
}
