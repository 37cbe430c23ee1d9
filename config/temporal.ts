// How every process connects to Temporal: the CLI, the worker and the local launcher build their
// connections here and nowhere else, so a setting added later (TLS, an API key) reaches them all.
import { readFileSync } from 'node:fs';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { dataConverterFor } from '../codec/aes-gcm';
import type { Config } from './index';

/** How long a command waits for the server before it gives up with one clear line. */
export const connectTimeoutMs = 5_000;

/** Whether connections use TLS: TEMPORAL_TLS, or implied by a CA, client certificate, server name or API key. */
export function temporalTls(config: Config): boolean {
  return (
    config.TEMPORAL_TLS ??
    !!(
      config.TEMPORAL_TLS_CA_FILE ||
      config.TEMPORAL_TLS_CERT_FILE ||
      config.TEMPORAL_TLS_SERVER_NAME ||
      config.TEMPORAL_API_KEY
    )
  );
}

/** A certificate or key file, read now: a missing one stops start-up naming the variable and the path. */
function readConfigFile(name: keyof Config, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new Error(`Bad configuration: ${name}: cannot read ${path} (${reason})`, { cause: err });
  }
}

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
}

/**
 * The options a client `Connection` and the worker's `NativeConnection` share (both take `tls` as
 * a TLSConfig and `apiKey`): `NativeConnection.connect(connectionOptions(config))` in the worker.
 * Certificate files are read on every call, so a renewed certificate is used by the next start.
 */
export function connectionOptions(config: Config): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address: config.TEMPORAL_ADDRESS };
  if (!temporalTls(config)) return options;
  const tls: TLSConfig = {};
  if (config.TEMPORAL_TLS_CA_FILE)
    tls.serverRootCACertificate = readConfigFile('TEMPORAL_TLS_CA_FILE', config.TEMPORAL_TLS_CA_FILE);
  if (config.TEMPORAL_TLS_CERT_FILE && config.TEMPORAL_TLS_KEY_FILE)
    tls.clientCertPair = {
      crt: readConfigFile('TEMPORAL_TLS_CERT_FILE', config.TEMPORAL_TLS_CERT_FILE),
      key: readConfigFile('TEMPORAL_TLS_KEY_FILE', config.TEMPORAL_TLS_KEY_FILE),
    };
  if (config.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = config.TEMPORAL_TLS_SERVER_NAME;
  options.tls = tls;
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  return options;
}

/**
 * A client on the configured namespace with the configured payload codec, so what it writes is
 * encrypted like the worker's. The caller closes it with `client.connection.close()`.
 */
export async function connectClient(config: Config, connectTimeout = connectTimeoutMs): Promise<Client> {
  const options = connectionOptions(config);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...options, connectTimeout });
  } catch (err) {
    // The SDK's own message ("deadline exceeded") does not say whether TLS was on: a TLS mismatch
    // with the server looks the same as a server that is down.
    const tls = options.tls
      ? 'with TLS (TEMPORAL_TLS and TEMPORAL_TLS_*)'
      : 'without TLS (set TEMPORAL_TLS=true if the server requires it)';
    throw new Error(`Cannot connect to Temporal at ${config.TEMPORAL_ADDRESS} ${tls}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config) });
}
