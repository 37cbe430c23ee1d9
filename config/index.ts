// Configuration is typed and read once at start-up (design.md §1): zod over process.env.
// No address, namespace or task queue is written anywhere else.
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
export const configSchema = z.object({
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('forlopsvakt'),
  /** Where managers open the Temporal UI (printed by `dev`, linked from reminders). */
  TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
  TEMPORAL_UI_PORT: port.default(8233),
  /** The embedded dev server keeps its SQLite file here. */
  FORLOPSVAKT_DATA_DIR: z.string().min(1).default('data'),
  LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
});
export type Config = z.infer<typeof configSchema>;

/** Parses the environment; a bad setting stops start-up with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new Error(`Bad configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}
