// Payload encryption: payloads may hold free text (an override's reason), so client and worker
// encrypt every payload with AES-256-GCM. The key id travels in the payload's metadata, so old
// payloads stay readable after the active key is rotated (docs/operations.md, "Key rotation").
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Config } from '../config';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** True once the day CODEC_ACCEPT_PLAINTEXT_UNTIL names (YYYY-MM-DD, UTC, inclusive) is over. */
export const plaintextFlagExpired = (until: string, now: Date = new Date()): boolean =>
  now.toISOString().slice(0, 10) > until;

/**
 * What decode does with a payload that is not encrypted. `refuse` (client and worker): it was
 * written by something without the keys, so it is not taken as input, except until `until` (the
 * migration flag CODEC_ACCEPT_PLAINTEXT_UNTIL, for histories recorded before encryption was turned
 * on). `show` (the codec server): the UI only displays it, e.g. such an old history.
 */
export type PlaintextPolicy = { mode: 'refuse'; until?: string } | { mode: 'show' };

export class AesGcmCodec implements PayloadCodec {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly activeKeyId: string,
    private readonly plaintext: PlaintextPolicy = { mode: 'refuse' },
  ) {
    for (const [id, key] of keys)
      if (key.length !== 32) throw new Error(`Codec key '${id}' must be 32 bytes (AES-256), got ${key.length}`);
    if (!keys.has(activeKeyId)) throw new Error(`Codec active key '${activeKeyId}' is not among the keys`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.activeKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: Buffer.from(this.activeKeyId),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString();
      if (encoding !== ENCRYPTED_ENCODING) {
        if (this.acceptsPlaintext()) return payload;
        throw new ValueError(
          `Refusing a payload that is not encrypted (encoding '${encoding}'): with CODEC_KEYS set every payload must be ` +
            `'${ENCRYPTED_ENCODING}'. To finish courses recorded before encryption was turned on, set ` +
            `CODEC_ACCEPT_PLAINTEXT_UNTIL=YYYY-MM-DD for the migration (docs/operations.md, "Security").`,
        );
      }
      const keyId = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key)
        throw new ValueError(
          `No codec key '${keyId}' to decrypt this payload (keys known: ${[...this.keys.keys()].join(', ')})`,
        );
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }

  private acceptsPlaintext(): boolean {
    if (this.plaintext.mode === 'show') return true;
    return this.plaintext.until !== undefined && !plaintextFlagExpired(this.plaintext.until);
  }
}

/** The codec the configuration asks for, or none (payloads then stay plain JSON); `show` is for the codec server only. */
export function codecFromConfig(config: Config, plaintext: 'refuse' | 'show' = 'refuse'): AesGcmCodec | undefined {
  if (!config.CODEC_KEYS) return undefined;
  const keys = new Map(
    config.CODEC_KEYS.split(',').map((entry) => {
      const [id, b64] = entry.split(':') as [string, string];
      return [id, Buffer.from(b64, 'base64')] as const;
    }),
  );
  return new AesGcmCodec(
    keys,
    config.CODEC_ACTIVE_KEY_ID!,
    plaintext === 'show' ? { mode: 'show' } : { mode: 'refuse', until: config.CODEC_ACCEPT_PLAINTEXT_UNTIL },
  );
}

/** For Client and Worker options: `{ dataConverter: dataConverterFor(config) }`. */
export const dataConverterFor = (config: Config) => {
  const codec = codecFromConfig(config);
  return codec ? { payloadCodecs: [codec] } : undefined;
};
