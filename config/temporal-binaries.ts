// Where the Temporal CLI (dev server) and the time-skipping test server live: an env var first,
// then the PATH, then the project's pinned venv (scripts/install-temporal.sh). The SDK's own
// download of these binaries needs the internet, which our machines do not have.
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

const venvBin = resolve(__dirname, '..', '.temporal', 'venv', 'bin');

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function locate(envVar: string, name: string): string {
  const named = process.env[envVar];
  if (named) {
    if (!executable(named)) throw new Error(`${envVar}=${named} is not an executable file`);
    return named;
  }
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, name))
    .find(executable);
  if (onPath) return onPath;
  const pinned = join(venvBin, name);
  if (executable(pinned)) return pinned;
  throw new Error(`${name} not found: set ${envVar}, put it on PATH, or run: npm run temporal:install`);
}

export const temporalCli = (): string => locate('TEMPORAL_CLI', 'temporal');
export const temporalTestServer = (): string => locate('TEMPORAL_TEST_SERVER', 'temporal-test-server');
