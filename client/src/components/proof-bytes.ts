/**
 * The kind of a proof read from its first bytes, by the same rule as the server
 * (server/uploads.ts: PNG, JPEG or PDF judged by their bytes, whatever the name says).
 */
const SIGNATURES: Array<[mime: string, bytes: number[]]> = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46]], // %PDF
];

export async function proofKind(file: Blob): Promise<string | null> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const found = SIGNATURES.find(([, sig]) => sig.every((b, i) => head[i] === b));
  return found ? found[0] : null;
}
