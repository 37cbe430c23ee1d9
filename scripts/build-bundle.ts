// The workflow bundle the worker loads (worker/bundle.ts): built when missing or stale, by
// `npm run build` and by scripts/setup.sh (so `npm run dev`, the tests and the bench start on it).
import { buildWorkflowBundle, staleBundle } from '../worker/bundle';

async function main(): Promise<void> {
  const stale = staleBundle();
  if (stale === undefined) return console.log('workflow bundle: up to date');
  const { path, bytes, inputs } = await buildWorkflowBundle();
  console.log(`workflow bundle: ${path} (${(bytes / 2 ** 20).toFixed(1)} MiB from ${inputs} files; was: ${stale})`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
