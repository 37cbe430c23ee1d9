// Moving running courses to another Temporal server (docs/operations.md, "Moving from the embedded
// dev server to the cluster"). Temporal cannot carry a history between servers, so `forlopsvakt
// export` writes what each course continues as new with (its `CourseState`, workflows/contract.ts
// `exportStateQuery`), and `forlopsvakt import --from-export` starts each course on the target from
// it, exactly as continue-as-new does: timers re-arm from the absolute due instants in the state,
// and the `sent` flags keep reminders already handed to the mail activity from being sent again.
// The file holds the course states and nothing else: no history, no server address, no credential.
// With CODEC_KEYS it is one payload encrypted by the payload codec (codec/aes-gcm.ts), like every
// payload the workflows carry.
import { writeFileSync } from 'node:fs';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { z } from 'zod';
import { courseKinds, courseRefSchema, type CourseState } from '../domain';
import { courseWorkflow } from '../workflows';
import { exportStateQuery, type CourseWorkflowInput } from '../workflows/contract';
import { forEachRunningCourse } from '../activities/feed/courses';
import { codecFromConfig, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../codec/aes-gcm';
import { signedUrl } from '../activities/feed/token';
import type { Config } from '../config';
import { courseStart } from './courses';

export const exportFormat = 'forlopsvakt-course-export';
export const encryptedExportFormat = 'forlopsvakt-course-export-encrypted';
export const exportVersion = 1;

export interface ExportedCourse {
  courseRef: string;
  /** Exactly what the course would continue as new with. */
  input: CourseWorkflowInput;
}

export interface CourseExport {
  format: typeof exportFormat;
  version: typeof exportVersion;
  /** Where and when it was taken: the namespace only, never the server's address or credentials. */
  source: { namespace: string; exportedAt: string };
  courses: ExportedCourse[];
}

export interface ExportProblem {
  courseRef: string;
  error: string;
}

/** The courses read, and those left out (not written to the file) with the reason. */
export interface ExportResult {
  document: CourseExport;
  leftOut: ExportProblem[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Reads every running course. A course whose reminder is being delivered right now is read again
 * until the delivery has an outcome (for at most `waitMs`): its state already marks that reminder
 * sent, so a file taken meanwhile would lose the reminder if the delivery never finishes on the
 * old server. One still delivering after that (e.g. its mail server is down) is left out, so that
 * it is not moved without it. A few courses at a time, as activities/feed/courses.ts reads them.
 */
export async function exportCourses(
  client: Client,
  config: Config,
  options: { waitMs?: number; concurrency?: number; terminate?: boolean } = {},
): Promise<ExportResult> {
  const { waitMs = 60_000, concurrency = 8, terminate = false } = options;
  const courses: ExportedCourse[] = [];
  const leftOut: ExportProblem[] = [];
  const end = Date.now() + waitMs;
  const read = async (courseRef: string) => {
    const handle = client.workflow.getHandle(courseRef);
    try {
      for (;;) {
        const input = await handle.query(exportStateQuery);
        const { raw } = await handle.describe();
        if ((raw.pendingActivities ?? []).length === 0) {
          return void courses.push({ courseRef, input: terminate ? await endHere(handle, input) : input });
        }
        if (Date.now() > end)
          return void leftOut.push({ courseRef, error: 'a reminder is still being delivered; export again later' });
        await sleep(500);
      }
    } catch (err) {
      // Gone between the list and the query: it has ended, there is nothing to move.
      if (err instanceof WorkflowNotFoundError) return;
      leftOut.push({ courseRef, error: err instanceof Error ? err.message : String(err) });
    }
  };
  await forEachRunningCourse(client, read, concurrency);
  courses.sort((a, b) => a.courseRef.localeCompare(b.courseRef));
  return {
    document: {
      format: exportFormat,
      version: exportVersion,
      source: { namespace: config.TEMPORAL_NAMESPACE, exportedAt: new Date().toISOString() },
      courses,
    },
    leftOut,
  };
}

/**
 * Ends the course on this server in the same step as it is read (`export --terminate`), so nothing
 * falls due on both servers. The state is read again from the terminated run (a query replays it):
 * whatever time or an event did between the two reads is in it. A reminder handed to the mail
 * activity in between may never have been delivered before the end, so it is marked unsent and the
 * target sends it (at least once: under the same Message-ID, activities/email/smtp.ts).
 */
async function endHere(
  handle: WorkflowHandle<typeof courseWorkflow>,
  before: CourseWorkflowInput,
): Promise<CourseWorkflowInput> {
  await handle.terminate('moved to another server (forlopsvakt export --terminate)');
  const after = await handle.query(exportStateQuery);
  const sentBefore = new Map((before.state?.obligations ?? []).map((o) => [o.key, o.sent]));
  const obligations = (after.state?.obligations ?? []).map((o) => ({
    ...o,
    sent: o.sent.filter((kind) => sentBefore.get(o.key)?.includes(kind)),
  }));
  return { ...after, state: { ...after.state!, obligations } };
}

const encryptedFileSchema = z.object({
  format: z.literal(encryptedExportFormat),
  version: z.literal(exportVersion),
  payload: z.object({ metadata: z.record(z.string(), z.string()), data: z.string() }),
});

const exportSchema = z.object({
  format: z.literal(exportFormat),
  version: z.literal(exportVersion),
  source: z.object({ namespace: z.string(), exportedAt: z.string() }),
  courses: z.array(
    z.object({
      courseRef: courseRefSchema(),
      input: z.object({
        // The engine's own state, as the course carried it across continue-as-new: only its outline is checked.
        state: z.looseObject({
          courseRef: z.string(),
          kind: z.enum(courseKinds),
          profile: z.string(),
          labels: z.looseObject({}),
          obligations: z.array(z.unknown()),
          events: z.array(z.unknown()),
        }),
        continueAsNewAfterEvents: z.number().int().positive().optional(),
        timelineUrl: z.string().optional(),
      }),
    }),
  ),
});

const base64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('base64');

/** The file's text: plain JSON without CODEC_KEYS, else the whole document as one encrypted payload. */
export async function encodeExport(document: CourseExport, config: Config): Promise<string> {
  const codec = codecFromConfig(config);
  if (!codec) return `${JSON.stringify(document, null, 2)}\n`;
  const [payload] = await codec.encode([defaultPayloadConverter.toPayload(document)]);
  const metadata = Object.fromEntries(Object.entries(payload!.metadata ?? {}).map(([k, v]) => [k, base64(v)]));
  const file = {
    format: encryptedExportFormat,
    version: exportVersion,
    payload: { metadata, data: base64(payload!.data) },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Writes the file readable by its owner only: it holds the course states. */
export async function writeExport(file: string, document: CourseExport, config: Config): Promise<void> {
  writeFileSync(file, await encodeExport(document, config), { mode: 0o600 });
}

/** Reads an export file, decrypting it with CODEC_KEYS; a file it cannot read is one clear message. */
export async function decodeExport(text: string, config: Config): Promise<CourseExport> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('Not a Forløpsvakt export file: it is not JSON');
  }
  const format = (parsed as { format?: unknown } | null)?.format;
  if (format === encryptedExportFormat) parsed = await decrypt(parsed, config);
  else if (format !== exportFormat)
    throw new Error(
      `Not a Forløpsvakt export file: its format must be '${exportFormat}' or '${encryptedExportFormat}'`,
    );
  const result = exportSchema.safeParse(parsed);
  if (!result.success)
    throw new Error(
      `Not a readable Forløpsvakt export file (version ${exportVersion}): ` +
        result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return result.data as unknown as CourseExport;
}

async function decrypt(parsed: unknown, config: Config): Promise<unknown> {
  const file = encryptedFileSchema.safeParse(parsed);
  if (!file.success) throw new Error(`Not a readable encrypted Forløpsvakt export file (version ${exportVersion})`);
  const { metadata, data } = file.data.payload;
  const payload: Payload = {
    metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(data, 'base64'),
  };
  const keyId = Buffer.from(payload.metadata![KEY_ID_METADATA] ?? []).toString();
  if (Buffer.from(payload.metadata![METADATA_ENCODING_KEY] ?? []).toString() !== ENCRYPTED_ENCODING || !keyId)
    throw new Error('Not a readable encrypted Forløpsvakt export file: its payload is not encrypted by the codec');
  const codec = codecFromConfig(config);
  if (!codec)
    throw new Error(
      `The export file is encrypted with codec key '${keyId}': set CODEC_KEYS with that key to import it`,
    );
  try {
    const [plain] = await codec.decode([payload]);
    return defaultPayloadConverter.fromPayload(plain!);
  } catch (err) {
    // The codec names a key it does not have; a different key under the same id fails GCM's tag check.
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `Cannot decrypt the export file (encrypted with codec key '${keyId}'): ${reason}; ` +
        'CODEC_KEYS must hold the key it was exported with',
      { cause: err },
    );
  }
}

export type ImportedCourse = {
  courseRef: string;
  /** `skipped`: a course with this reference is already on the target (running, or once was). */
  status: 'started' | 'skipped' | 'rejected';
  error?: string;
};

/**
 * Starts each course of the file on the configured server with the input it would continue as new
 * with; the workflow id is the course reference and is never reused (as client/courses.ts starts
 * courses), so re-running the import starts nothing twice. Started as every course is
 * (client/courses.ts `courseStart`).
 */
export async function importExport(
  client: Client,
  config: Config,
  document: CourseExport,
  onProgress: (done: number) => void = () => undefined,
): Promise<ImportedCourse[]> {
  const results: ImportedCourse[] = [];
  for (const [i, { courseRef, input }] of document.courses.entries()) {
    const state = input.state as CourseState;
    try {
      if (state.courseRef !== courseRef) throw new Error('its state belongs to another course reference');
      // The timeline link is signed for the feed server the course lives with: the target's, when it has one.
      const timelineUrl = signedUrl(config, { kind: 'timeline', courseRef })?.url ?? input.timelineUrl;
      await client.workflow.start(courseWorkflow, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId: courseRef,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        ...courseStart({ state, continueAsNewAfterEvents: input.continueAsNewAfterEvents, timelineUrl }, state),
      });
      results.push({ courseRef, status: 'started' });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) results.push({ courseRef, status: 'skipped' });
      else results.push({ courseRef, status: 'rejected', error: err instanceof Error ? err.message : String(err) });
    }
    onProgress(i + 1);
  }
  return results;
}
