// Configuration is typed and read once at start-up: zod over process.env, so a bad setting stops
// the process with a message naming the variable before it takes any work. No address, namespace
// or task queue is written anywhere else; config/temporal.ts turns them into connections.
import { z } from 'zod';
import { defaultCourseRefPattern } from '../domain/edge';

const compiles = (pattern: string): boolean => {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
};

const port = z.coerce.number().int().min(1).max(65535);
/** A file read at start-up (a certificate or a key); config/temporal.ts names it if it cannot be read. */
const file = z.string().min(1);
export const configSchema = z
  .object({
    /**
     * `production` makes start-up refuse settings that are fine on a laptop but not with patient
     * data (config/production.ts, docs/operations.md "Security"); `development` checks nothing more.
     */
    FORLOPSVAKT_ENV: z.enum(['development', 'production']).default('development'),
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[\w.-]+:\d+$/, 'must be host:port')
      .default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('forlopsvakt'),
    // TLS towards Temporal (config/temporal.ts). Unset: on when a CA, client certificate or API key
    // is set; `false` with any of them is a contradiction and refused. The CA is needed only when
    // the server's certificate is not signed by one the system trusts; CERT and KEY give mTLS.
    TEMPORAL_TLS: z.stringbool().optional(),
    TEMPORAL_TLS_CA_FILE: file.optional(),
    TEMPORAL_TLS_CERT_FILE: file.optional(),
    TEMPORAL_TLS_KEY_FILE: file.optional(),
    /** The name the server's certificate is checked against, when it differs from TEMPORAL_ADDRESS's host. */
    TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
    /** Sent as `authorization: Bearer <key>` (Temporal Cloud, or a server with an API-key authorizer); implies TLS. */
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    /** Where managers open the Temporal UI (printed by `dev`, linked from reminders). */
    TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
    TEMPORAL_UI_PORT: port.default(8233),
    /**
     * The UI server as the worker reaches it inside the network (compose: http://temporal-ui:8080):
     * in production the worker reads its /api/v1/settings and refuses to start while destructive
     * actions are on or sign-in is off (config/production.ts).
     */
    TEMPORAL_UI_INTERNAL_URL: z.url().optional(),
    /** The embedded dev server keeps its SQLite file here. */
    FORLOPSVAKT_DATA_DIR: z.string().min(1).default('data'),
    /**
     * SQLite pragmas of the embedded dev server (`name=value`, comma-separated; empty: SQLite's own
     * defaults). The default trades the last commits before a power cut for speed: see
     * docs/operations.md, "The embedded dev server". Production runs on PostgreSQL, not this.
     */
    DEV_SQLITE_PRAGMAS: z
      .string()
      .regex(
        /^(none|[a-z_]+=[\w-]+(,[a-z_]+=[\w-]+)*)$/,
        "must be name=value[,name=value...], e.g. journal_mode=wal, or none (SQLite's defaults)",
      )
      .default('journal_mode=wal,synchronous=normal,busy_timeout=5000'),
    LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /** `json`: one object per line for log collectors; `pretty`: one short line a person reads (`dev` sets it). */
    LOG_FORMAT: z.enum(['pretty', 'json']).default('json'),
    // SMTP relay for reminders. The defaults point at the local mail catcher that `dev` starts.
    SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    SMTP_PORT: port.default(1025),
    /** `implicit` (SMTPS, usually 465), `starttls` (required), `none` (loopback catcher only). */
    SMTP_TLS: z.enum(['implicit', 'starttls', 'none']).default('none'),
    SMTP_USER: z.string().min(1).optional(),
    SMTP_PASS: z.string().min(1).optional(),
    MAIL_FROM: z.string().min(3).default('Forløpsvakt <forlopsvakt@localhost>'),
    /** The local mail catcher's web page (dev only). */
    MAILCATCHER_WEB_PORT: port.default(1080),
    // Payload encryption (AES-256-GCM). Keys as `id:base64(32 bytes)`, comma-separated; the active
    // one encrypts, all of them decrypt, so keys can be rotated. Unset: payloads are not encrypted.
    CODEC_KEYS: z
      .string()
      .regex(/^[\w-]+:[A-Za-z0-9+/=]{43,44}(,[\w-]+:[A-Za-z0-9+/=]{43,44})*$/, 'must be id:base64key[,id:base64key...]')
      .optional(),
    CODEC_ACTIVE_KEY_ID: z
      .string()
      .regex(/^[\w-]+$/)
      .optional(),
    // With keys, a payload that is not encrypted is refused (codec/aes-gcm.ts): it was written by
    // something without the keys. Until this date (YYYY-MM-DD, inclusive) plaintext is still read, to
    // finish courses recorded before encryption was turned on; afterwards the flag has no effect and
    // production start-up refuses it, so it does not linger (docs/operations.md, "Security").
    CODEC_ACCEPT_PLAINTEXT_UNTIL: z.iso.date().optional(),
    /** The codec server the Temporal UI uses to show decrypted payloads to authorised users. */
    CODEC_SERVER_PORT: port.default(8888),
    CODEC_SERVER_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    CODEC_CORS_ORIGIN: z.url().default('http://127.0.0.1:8233'),
    /** Prometheus metrics of the worker (SDK runtime metrics and Forløpsvakt's own) on this port; unset: off. */
    METRICS_PORT: port.optional(),
    // Delivery retries (activities/email/failures.ts): the first after this many seconds, each
    // next one twice as late, up to the maximum; a delivery is retried until it succeeds or its
    // recipient is refused.
    DELIVERY_RETRY_INITIAL_SECONDS: z.coerce.number().positive().default(5),
    DELIVERY_RETRY_MAX_SECONDS: z.coerce.number().positive().default(600),
    // Worker tuning (worker/tuning.ts, docs/operations.md "Worker tuning"). Unset, the workflow
    // cache is sized from the heap limit (NODE_OPTIONS=--max-old-space-size) and the measured cost
    // of a cached course; a cache that would not fit is refused at start-up.
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).optional(),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(100),
    WORKER_WORKFLOW_THREADS: z.coerce.number().int().min(1).max(16).default(1),
    // How long a course's next workflow task waits for the worker that has it cached before any
    // worker takes it with a replay of its history (the SDK's default is 10 s).
    WORKER_STICKY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    // The deadline calendar feed the worker serves for calendar subscriptions on this port; unset:
    // off. A mailbox's token is an HMAC of the mailbox under the secret, so changing the secret
    // revokes every subscription URL at once (docs/operations.md, "Calendar feed").
    CALENDAR_PORT: port.optional(),
    CALENDAR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** The feed's address as calendars reach it (behind the reverse proxy); default http://127.0.0.1:<CALENDAR_PORT>. */
    CALENDAR_PUBLIC_URL: z.url().optional(),
    // Course references are workflow ids, shown unencrypted (domain §7): every client start must
    // match this anchored pattern (domain/edge.ts). Default: a region prefix, a year and a number.
    COURSE_REF_PATTERN: z
      .string()
      .refine((p) => p.startsWith('^') && p.endsWith('$'), 'must be anchored: start with ^ and end with $')
      .refine(compiles, 'must be a valid regular expression')
      .default(defaultCourseRefPattern),
  })
  .refine((c) => !c.SMTP_USER === !c.SMTP_PASS, {
    message: 'set both SMTP_USER and SMTP_PASS, or neither',
    path: ['SMTP_PASS'],
  })
  .refine((c) => !c.TEMPORAL_TLS_CERT_FILE === !c.TEMPORAL_TLS_KEY_FILE, {
    message: 'set both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE (mTLS), or neither',
    path: ['TEMPORAL_TLS_KEY_FILE'],
  })
  .refine(
    (c) =>
      c.TEMPORAL_TLS !== false ||
      !(c.TEMPORAL_TLS_CA_FILE || c.TEMPORAL_TLS_CERT_FILE || c.TEMPORAL_API_KEY || c.TEMPORAL_TLS_SERVER_NAME),
    {
      message: 'is false, but a TEMPORAL_TLS_* setting or TEMPORAL_API_KEY needs TLS: unset it or set it to true',
      path: ['TEMPORAL_TLS'],
    },
  )
  .refine((c) => c.CALENDAR_PORT === undefined || !!c.CALENDAR_SECRET, {
    message: 'must be set when CALENDAR_PORT is',
    path: ['CALENDAR_SECRET'],
  })
  .refine(
    (c) =>
      !c.CODEC_KEYS ||
      (!!c.CODEC_ACTIVE_KEY_ID && c.CODEC_KEYS.split(',').some((k) => k.split(':')[0] === c.CODEC_ACTIVE_KEY_ID)),
    {
      message: 'must name one of the keys in CODEC_KEYS',
      path: ['CODEC_ACTIVE_KEY_ID'],
    },
  );
export type Config = z.infer<typeof configSchema>;

/** Parses the environment; a bad setting stops start-up with a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty setting is an unset one: compose hands `KEY=` from .env over as an empty string,
  // which a number setting would otherwise read as 0 (WORKER_MAX_CACHED_WORKFLOWS: no cache).
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = configSchema.safeParse(set);
  if (!result.success) {
    throw new Error(
      `Bad configuration: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return result.data;
}
