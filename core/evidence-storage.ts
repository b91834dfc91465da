import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EvidenceFile } from '../db/entities/evidence-file.entity';

/** A proof whose type was read from its bytes: an upload waiting in a temporary file, or an e-mail's attachment in memory. */
export interface ProofToStore {
  originalName: string;
  mimeType: string;
  ext: string;
  source: { tempPath: string; sizeBytes: number; sha256: string } | { bytes: Uint8Array };
}

export interface StoredEvidence {
  files: EvidenceFile[];
  /** Removes the files again, when the transaction that was to record them failed or was not needed. */
  discard: () => Promise<void>;
}

/**
 * Puts proofs under DATA_DIR/uploads/<ticket>/ before the transaction that records them
 * (a rename for uploads, a write for attachments); `discard` removes them if it fails.
 */
export async function storeEvidence(uploadsDir: string, ticketId: string, proofs: readonly ProofToStore[], now: Date, addedBy: EvidenceFile['addedBy'] = 'customer'): Promise<StoredEvidence> {
  const files: EvidenceFile[] = [];
  const discard = async () => {
    await Promise.all(files.map((f) => fs.promises.rm(path.join(uploadsDir, f.storagePath), { force: true })));
  };
  if (proofs.length) await fs.promises.mkdir(path.join(uploadsDir, ticketId), { recursive: true });
  try {
    for (const p of proofs) {
      const id = randomUUID();
      const storagePath = path.join(ticketId, `${id}.${p.ext}`);
      const target = path.join(uploadsDir, storagePath);
      const file = { id, ticketId, originalName: p.originalName, mimeType: p.mimeType, storagePath, addedBy, createdAt: now };
      if ('tempPath' in p.source) {
        await fs.promises.rename(p.source.tempPath, target);
        files.push({ ...file, sizeBytes: p.source.sizeBytes, sha256: p.source.sha256 });
      } else {
        await fs.promises.writeFile(target, p.source.bytes, { flag: 'wx' });
        files.push({ ...file, sizeBytes: p.source.bytes.byteLength, sha256: createHash('sha256').update(p.source.bytes).digest('hex') });
      }
    }
  } catch (err) {
    await discard();
    throw err;
  }
  return { files, discard };
}
