import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { dataConverterFor } from '../codec/aes-gcm';

/** A client with the configured payload codec: what it writes is encrypted like the worker's. */
export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, connectTimeout: 5_000 });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterFor(config) });
}
