/**
 * What a proof file may be, whichever way it comes in (the form's upload, an e-mail's
 * attachment): PNG, JPEG or PDF judged by their bytes, never by the name or the type the
 * sender declared, and at most 10 MB each.
 */
import { fromBuffer } from 'file-type/core';

export const MAX_PROOF_FILES = 5;
export const MAX_PROOF_BYTES = 10 * 1024 * 1024;

/** Detected MIME type → the extension the file is stored under. */
const PROOF_TYPES: ReadonlyMap<string, string> = new Map([
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['application/pdf', 'pdf'],
]);

export interface ProofType {
  mimeType: string;
  ext: string;
}

/** The proof type for what file-type detected, or null when it is not one we keep (or nothing was detected). */
export function acceptedProofType(detected: { mime: string } | undefined): ProofType | null {
  const ext = detected && PROOF_TYPES.get(detected.mime);
  return detected && ext ? { mimeType: detected.mime, ext } : null;
}

/** Reads the type from the bytes themselves (file-type looks at the first 4100 bytes; no I/O). */
export async function proofTypeOfBytes(bytes: Uint8Array): Promise<{ accepted: ProofType | null; detected: string | null }> {
  const detected = await fromBuffer(bytes);
  return { accepted: acceptedProofType(detected), detected: detected?.mime ?? null };
}

/** A file name as stored: at most 255 characters, never cutting one in half (an emoji is two UTF-16 units). */
export const storedFileName = (name: string) => Array.from(name).slice(0, 255).join('');
