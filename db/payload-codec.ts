import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

const { Payload: PayloadMessage } = proto.temporal.api.common.v1;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
const ENCODING_KEY = 'encoding';
const KEY_ID_KEY = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/** The id written next to each encrypted payload: a fingerprint of the key, never the key. */
export function payloadKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * AES-256-GCM over whole payloads (metadata included), the shape of Temporal's encryption sample: the encoded payload
 * is `{ encoding: binary/encrypted, encryption-key-id }` with data = 12-byte IV ‖ ciphertext ‖ 16-byte tag. It runs in
 * the client (API, CLIs) and in the worker's main thread (WorkerOptions.dataConverter.payloadCodecs) — never inside the
 * workflow sandbox. Decoding leaves unencrypted payloads as they are, so histories written before the key was set stay
 * readable.
 */
export function createPayloadCodec(key: Buffer): PayloadCodec {
  if (key.length !== 32) throw new Error('the payload key must be 32 bytes');
  const keyId = payloadKeyId(key);
  return {
    async encode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const plain = PayloadMessage.encode(payload).finish();
        const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
        return { metadata: { [ENCODING_KEY]: enc(ENCRYPTED_ENCODING), [KEY_ID_KEY]: enc(keyId) }, data };
      });
    },
    async decode(payloads: Payload[]): Promise<Payload[]> {
      return payloads.map((payload) => {
        if (dec(payload.metadata?.[ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
        const id = dec(payload.metadata?.[KEY_ID_KEY]);
        if (id !== keyId) throw new Error(`payload was encrypted with another key (id ${id ?? 'missing'}; this process has ${keyId})`);
        const data = Buffer.from(payload.data ?? new Uint8Array());
        if (data.length < IV_BYTES + TAG_BYTES) throw new Error('encrypted payload is truncated');
        const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
        decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
        const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
        return PayloadMessage.decode(plain) as Payload;
      });
    },
  };
}

/** What Client/Worker options take: `{ dataConverter }` with the codec when a key is configured, else nothing. */
export function dataConverterOptions(payloadKey: string | undefined): { dataConverter?: { payloadCodecs: PayloadCodec[] } } {
  return payloadKey ? { dataConverter: { payloadCodecs: [createPayloadCodec(Buffer.from(payloadKey, 'base64'))] } } : {};
}
