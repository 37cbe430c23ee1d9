// `npm run build` (second step): the workflow bundle the worker loads (worker/bundle.ts).
import { buildWorkflowBundle } from '../worker/bundle';

buildWorkflowBundle().then(
  ({ path, bytes, inputs }) =>
    console.log(`workflow bundle: ${path} (${(bytes / 2 ** 20).toFixed(1)} MiB from ${inputs} source files)`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
