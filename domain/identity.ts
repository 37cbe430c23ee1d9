// Finds Norwegian national identity numbers (fødselsnummer), D-numbers and the health sector's
// H-numbers in free text, so that no field that is shown unencrypted (workflow ids, search
// attributes, details) or kept in the audit trail can carry a patient's identity (domain §7).
// Checksums and birth dates decide, through @navikt/fnrvalidator, not an 11-digit regex: an
// order number or a phone number with a country code is not refused. The validator is plain,
// dependency-free code with no clock or randomness, so it also runs inside the workflow bundle.
import { idnr } from '@navikt/fnrvalidator';

/**
 * Every start of eleven digits, also with one space, dot or dash after the sixth digit (`ddmmyy nnnnn`,
 * `ddmmyy.nnnnn`): lookahead, so a longer run of digits is searched at every offset.
 */
const candidates = /(?=(\d{6})[ .-]?(\d{5}))/g;

/** What fnrvalidator reports for a person's number; `tnr` (Tenor's synthetic test numbers) is no person. */
const personal = new Set(['fnr', 'dnr', 'hnr', 'dnr-and-hnr']);

/** True when `text` holds a valid national identity number, D-number or H-number anywhere in it. */
export function containsIdentityNumber(text: string): boolean {
  if (!/\d{5}/.test(text)) return false; // fast path: most fields have no long digit run at all
  for (const m of text.matchAll(candidates)) {
    const digits = `${m[1]}${m[2]}`;
    const result = idnr(digits);
    if (result.status === 'valid' && personal.has(result.type)) return true;
  }
  return false;
}

/**
 * A fixed-length digest (FNV-1a, 64 bits, hex) of a caller's text that is kept unencrypted: an
 * event id in an alert's business key (logs, the X-Forlopsvakt-Key header) and in the update id
 * (the history). An id like `Kari.Nordmann` passes the id rule; its digest names nobody (domain §7).
 * Pure and deterministic, so it runs in the workflow too. Not a secret: it only keeps names out.
 */
export function opaqueKey(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** The message for a field that holds one: names the field's problem, never the value (domain §7). */
export const identityNumberMessage =
  'looks like a national identity number; use an opaque reference, never the patient';
