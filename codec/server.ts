// The codec server the Temporal UI calls to show decrypted payloads to authorised users
// (docs/operations.md, "The codec server and the UI"): POST /decode and /encode with the UI's JSON
// payloads, a bearer token, and CORS for the UI's origin only.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Payload } from '@temporalio/common';
import { loadConfig, type Config } from '../config';
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

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

export function createCodecServer(codec: AesGcmCodec, options: { token: string; corsOrigin: string }): Server {
  return createServer((req, res) => void handle(req, res).catch(() => send(res, 500, { error: 'internal error' })));

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
    if (req.headers.authorization !== `Bearer ${options.token}`)
      return send(res, 401, { error: 'a valid bearer token is required' });
    let payloads: Payload[];
    try {
      payloads = (JSON.parse(await body(req)) as { payloads: JsonPayload[] }).payloads.map(fromJson);
    } catch {
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
  const codec = codecFromConfig(config);
  if (!codec) throw new Error('CODEC_KEYS is not set: there is nothing to decode');
  if (!config.CODEC_SERVER_TOKEN)
    throw new Error('CODEC_SERVER_TOKEN is not set: the codec server never runs without a token');
  return createCodecServer(codec, { token: config.CODEC_SERVER_TOKEN, corsOrigin: config.CODEC_CORS_ORIGIN }).listen(
    config.CODEC_SERVER_PORT,
  );
}

if (require.main === module) {
  try {
    const config = loadConfig();
    startCodecServer(config);
    console.log(
      JSON.stringify({
        message: 'codec server listening',
        port: config.CODEC_SERVER_PORT,
        corsOrigin: config.CODEC_CORS_ORIGIN,
      }),
    );
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
