import { randomBytes } from 'node:crypto';

// Crockford's base32 alphabet, lower-cased: no i, l, o or u, so ids survive being read aloud.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** Encodes bytes as lower-case Crockford base32 without padding. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * A new random id: `<prefix>_` followed by 10 random bytes in base32 (16 characters, 80 bits).
 * Random rather than sequential so ids reveal neither counts nor creation order, and rows can be
 * created on several servers without coordination.
 */
export function newId(prefix: string): string {
  return `${prefix}_${base32(randomBytes(10))}`;
}

let lastTime = -1;
const lastRandom = Buffer.alloc(8);

/**
 * A new id that sorts by creation time: `<prefix>_` + 48-bit epoch milliseconds + 8 random bytes,
 * all base32 (23 characters). Used where pages are read in time order (the audit log). Within
 * one process ids are strictly increasing even inside one millisecond (or if the clock steps
 * back): the random part is then incremented instead of drawn again.
 */
export function newTimeOrderedId(prefix: string, now: number = Date.now()): string {
  if (now > lastTime) {
    lastTime = now;
    randomBytes(8).copy(lastRandom);
  } else {
    increment(lastRandom);
  }
  const bytes = Buffer.alloc(14);
  bytes.writeUIntBE(lastTime, 0, 6);
  lastRandom.copy(bytes, 6);
  return `${prefix}_${base32(bytes)}`;
}

function increment(bytes: Buffer): void {
  for (let i = bytes.length - 1; i >= 0; i -= 1) {
    const next = ((bytes[i] ?? 0) + 1) & 0xff;
    bytes[i] = next;
    if (next !== 0) return;
  }
}
