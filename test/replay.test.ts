// Determinism guard: every recorded history under test/replay/ replays against the current
// workflow code. A command-sequence change without patched() fails it; with patched() it passes.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { courseKinds } from '../domain';

const dir = resolve(__dirname, 'replay');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const histories = () =>
  files.map((f) => ({ workflowId: f, history: historyFromJSON(JSON.parse(readFileSync(resolve(dir, f), 'utf8'))) }));

async function replay(workflowsPath: string) {
  const results = [];
  for await (const result of Worker.runReplayHistories({ workflowsPath }, histories())) results.push(result);
  return results;
}

test('there is a recorded history for every course kind', () => {
  for (const kind of courseKinds) expect(files.some((f) => f.endsWith(`-${kind}.json`))).toBe(true);
});

test('every recorded history replays against the current workflow code', async () => {
  const results = await replay(require.resolve('../workflows'));
  expect(results.map((r) => [r.workflowId, r.error?.message])).toEqual(files.map((f) => [f, undefined]));
}, 120_000);

test('a change to the command sequence without a patch fails the replay', async () => {
  const results = await replay(require.resolve('./replay/changes/unpatched'));
  expect(results).toHaveLength(files.length);
  for (const r of results) expect(r.error).toBeInstanceOf(DeterminismViolationError);
}, 120_000);

test('the same change behind patched() replays', async () => {
  const results = await replay(require.resolve('./replay/changes/patched'));
  expect(results.map((r) => r.error?.message)).toEqual(files.map(() => undefined));
}, 120_000);
