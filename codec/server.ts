// The codec server the Temporal UI calls to show decrypted payloads to authorised users
// (docs/operations.md, "The codec server and the UI"): POST /decode and /encode with the UI's JSON
// payloads, a bearer token, and CORS for the UI's origin only. Plaintext payloads (histories from
// before encryption) are shown as they are: the UI only displays them (codec/aes-gcm.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Payload } from '@temporalio/common';
import { loadConfig, type Config } from '../config';
import { assertProductionReady } from '../config/production';
import { codecFromConfig, type AesGcmCodec } from './aes-gcm';

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}
const fromJson = ({ metadata, data }: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: data ? Buffer.from(data, 'base64') : undefined,
});
const toJson = ({ metadata, data }: Payload): JsonPayload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
  data: data ? Buffer.from(data).toString('base64') : undefined,
});

/** The UI decodes one page of a history at a time; a larger body is refused before it is held in memory. */
export const MAX_BODY_BYTES = 1024 * 1024;
class TooLarge extends Error {}

async function body(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new TooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new TooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString();
}

/** Compares digests, so neither the token's content nor its length shows in the response time. */
const digest = (text: string) => createHash('sha256').update(text).digest();
const tokenMatches = (header: string | undefined, token: string) =>
  timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));

/** One access-log line per request: method, path (no query), status and milliseconds; never a payload or a token. */
export type AccessLog = (entry: { method: string; path: string; status: number; ms: number }) => void;
const jsonAccessLog: AccessLog = (entry) => console.log(JSON.stringify({ message: 'codec server request', ...entry }));

export function createCodecServer(
  codec: AesGcmCodec,
  options: { token: string; corsOrigin: string; log?: AccessLog },
): Server {
  const log = options.log ?? jsonAccessLog;
  return createServer((req, res) => {
    const started = performance.now();
    res.on('finish', () =>
      log({
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0]!,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      }),
    );
    void handle(req, res).catch(() => send(res, 500, { error: 'internal error' }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('Access-Control-Allow-Origin', options.corsOrigin);
    res.setHeader('Access-Control-Allow-Headers', 'authorization, content-type, x-namespace');
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Vary', 'Origin');
    if (req.method === 'OPTIONS') return send(res, 204);
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
    const route = req.method === 'POST' ? req.url?.split('?')[0] : undefined;
    if (route !== '/decode' && route !== '/encode') return send(res, 404, { error: 'not found' });
    if (!tokenMatches(req.headers.authorization, options.token))
      return send(res, 401, { error: 'a valid bearer token is required' });
    let payloads: Payload[];
    try {
      payloads = (JSON.parse(await body(req)) as { payloads: JsonPayload[] }).payloads.map(fromJson);
    } catch (err) {
      if (err instanceof TooLarge) {
        // The rest of the body is not read; closing the connection keeps it from being parsed as a request.
        res.setHeader('connection', 'close');
        return send(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
      }
      return send(res, 400, { error: 'body must be JSON: { "payloads": [...] }' });
    }
    const out = route === '/decode' ? await codec.decode(payloads) : await codec.encode(payloads);
    return send(res, 200, { payloads: out.map(toJson) });
  }
}

function send(res: ServerResponse, status: number, json?: unknown): void {
  res.writeHead(status, json === undefined ? {} : { 'content-type': 'application/json' });
  res.end(json === undefined ? undefined : JSON.stringify(json));
}

export function startCodecServer(config: Config): Server {
  const codec = codecFromConfig(config, 'show');
  if (!codec) throw new Error('CODEC_KEYS is not set: there is nothing to decode');
  if (!config.CODEC_SERVER_TOKEN)
    throw new Error('CODEC_SERVER_TOKEN is not set: the codec server never runs without a token');
  return createCodecServer(codec, { token: config.CODEC_SERVER_TOKEN, corsOrigin: config.CODEC_CORS_ORIGIN }).listen(
    config.CODEC_SERVER_PORT,
  );
}

/** `node lib/codec/server.js`: the codec server as its own process (docker-compose.yml, service codec-server). */
export async function main(env: Record<string, string | undefined> = process.env): Promise<Server> {
  const config = loadConfig(env);
  await assertProductionReady(config, 'codec-server');
  const server = startCodecServer(config);
  console.log(
    JSON.stringify({
      message: 'codec server listening',
      port: config.CODEC_SERVER_PORT,
      corsOrigin: config.CODEC_CORS_ORIGIN,
    }),
  );
  return server;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
