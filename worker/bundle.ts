// The workflow code a worker runs: one webpack bundle of workflows/ with the stateless modules
// preloaded once per worker thread. `npm run build` writes it to lib/workflow-bundle.js with a
// manifest of every file it was made from; a worker loads it when those files are unchanged, and
// bundles at start-up (seconds on two cores) only when it is missing or stale.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { bundleWorkflowCode, type BundleOptions, type WorkerOptions } from '@temporalio/worker';

/** The repository (or, in the image, /app): the folder with package.json above this file. */
const root = [resolve(__dirname, '..'), resolve(__dirname, '..', '..')].find((dir) =>
  existsSync(resolve(dir, 'package.json')),
)!;
export const bundlePath = resolve(root, 'lib', 'workflow-bundle.js');
const manifestPath = resolve(root, 'lib', 'workflow-bundle.json');
const lockPath = resolve(root, 'package-lock.json');

const workflowsPath = require.resolve('../workflows');

/**
 * Evaluated once per worker thread instead of once per cached workflow: with the SDK's reusable V8
 * context every other module runs again for each course it holds. Only stateless modules belong
 * here; their exports are deep-frozen by the SDK, which is why no zod schema is exported from a
 * preloaded module (zod 4 fills its schemas in lazily). The domain keeps only results of pure
 * functions at module scope (holiday and duration caches), which are the same for every course.
 */
const preloaded = ['zod', 'luxon', '../domain'];
export const preloadModules = preloaded.map((m) => (m.startsWith('.') ? require.resolve(m) : m));

export const bundleOptions: Pick<BundleOptions, 'workflowsPath' | 'preloadModules'> = {
  workflowsPath,
  preloadModules,
};

interface Manifest {
  sdk: string;
  /** The lock file's SHA-256: the packages bundled with the sources. */
  lock: string;
  preloadModules: string[];
  /** Every file of the repository webpack read, relative to the root, with its SHA-256. */
  inputs: Record<string, string>;
}

const sdkVersion = (): string =>
  (JSON.parse(readFileSync(require.resolve('@temporalio/workflow/package.json'), 'utf8')) as { version: string })
    .version;
const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Bundles workflows/ and writes lib/workflow-bundle.js with its manifest (`npm run build`). */
export async function buildWorkflowBundle(): Promise<{ path: string; bytes: number; inputs: number }> {
  const read = new Set<string>();
  const { code } = await bundleWorkflowCode({
    ...bundleOptions,
    webpackConfigHook: (config) => ({
      ...config,
      plugins: [
        ...(config.plugins ?? []),
        {
          apply: (compiler) =>
            compiler.hooks.afterCompile.tap('forlopsvakt-bundle-inputs', (compilation) => {
              for (const file of compilation.fileDependencies) read.add(file);
            }),
        },
      ],
    }),
  });
  // Packages are pinned by the lock file; our own sources are what changes between builds.
  const inputs = [...read]
    .filter((f) => f.startsWith(root) && !/\/(node_modules\/|package\.json$)/.test(f))
    .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile())
    .map((f) => relative(root, f))
    .sort();
  const manifest: Manifest = {
    sdk: sdkVersion(),
    lock: digest(lockPath),
    preloadModules: preloaded,
    inputs: Object.fromEntries(inputs.map((f) => [f, digest(resolve(root, f))])),
  };
  mkdirSync(dirname(bundlePath), { recursive: true });
  writeFileSync(bundlePath, code);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { path: bundlePath, bytes: code.length, inputs: inputs.length };
}

/**
 * Why the built bundle cannot be used, or undefined when it can. In the image the sources it was
 * built from are not shipped (only lib/): a bundle whose inputs are all absent was built with it.
 */
export function staleBundle(): string | undefined {
  if (!existsSync(bundlePath) || !existsSync(manifestPath)) return 'no built bundle (npm run build)';
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  if (manifest.sdk !== sdkVersion()) return `built for SDK ${manifest.sdk}`;
  if (manifest.lock !== digest(lockPath)) return 'package-lock.json changed since it was built';
  if (JSON.stringify(manifest.preloadModules) !== JSON.stringify(preloaded)) return 'other preloaded modules';
  const present = Object.keys(manifest.inputs).filter((f) => existsSync(resolve(root, f)));
  if (present.length === 0) return undefined;
  const changed = present.find((f) => digest(resolve(root, f)) !== manifest.inputs[f]);
  if (changed) return `${changed} changed since it was built`;
  if (present.length < Object.keys(manifest.inputs).length) return 'some of its sources are gone';
  return undefined;
}

/** The workflow options of every worker, test worker and replayer: the built bundle when fresh. */
export function workflowCode(
  onStale: (reason: string) => void = () => undefined,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  const stale = staleBundle();
  if (stale === undefined) return { workflowBundle: { codePath: bundlePath } };
  onStale(stale);
  return { workflowsPath, bundlerOptions: { preloadModules } };
}
