import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EvidenceFile } from '../../db/entities/evidence-file.entity';
import type { CheckedUpload } from '../uploads';

/**
 * Moves checked uploads to DATA_DIR/uploads/<ticket>/ before the transaction that records
 * them; if that transaction fails, `discard` removes them again.
 */
export async function storeEvidence(uploadsDir: string, ticketId: string, uploads: CheckedUpload[], now: Date) {
  const files: EvidenceFile[] = [];
  if (uploads.length) await fs.promises.mkdir(path.join(uploadsDir, ticketId), { recursive: true });
  for (const u of uploads) {
    const id = randomUUID();
    const storagePath = path.join(ticketId, `${id}.${u.ext}`);
    await fs.promises.rename(u.tempPath, path.join(uploadsDir, storagePath));
    files.push({ id, ticketId, originalName: u.originalName, mimeType: u.mimeType, sizeBytes: u.sizeBytes, sha256: u.sha256, storagePath, createdAt: now });
  }
  return {
    files,
    discard: () => Promise.all(files.map((f) => fs.promises.rm(path.join(uploadsDir, f.storagePath), { force: true }))),
  };
}
