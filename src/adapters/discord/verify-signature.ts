import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { ConfigError } from '../../util/errors.js';

/** DER prefix that wraps a raw 32-byte Ed25519 public key as SubjectPublicKeyInfo. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export type SignatureVerifier = (timestamp: string, rawBody: Buffer, signatureHex: string) => boolean;

/**
 * Discord signs every interaction: Ed25519 over timestamp + raw body with the app's
 * public key (64 hex characters in the developer portal). A bad key is a config error
 * at start-up, not a 401 on every request.
 */
export function createSignatureVerifier(publicKeyHex: string): SignatureVerifier {
  const key = publicKeyFromHex(publicKeyHex);
  return (timestamp, rawBody, signatureHex) => {
    if (!/^[0-9a-f]{128}$/i.test(signatureHex) || !timestamp) return false;
    try {
      return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), key, Buffer.from(signatureHex, 'hex'));
    } catch {
      return false;
    }
  };
}

function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex.trim())) throw new ConfigError(['DISCORD_PUBLIC_KEY must be the 64-character hex public key from the Discord developer portal']);
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex.trim(), 'hex')]), format: 'der', type: 'spki' });
}
