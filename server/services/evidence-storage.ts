import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { EvidenceFile } from '../../db/entities/evidence-file.entity';
import { clientString } from '../../domain/input.schemas';
import { AppError } from '../errors';
import type { CheckedUpload } from '../uploads';

/** A file name as the evidence_files column holds it; a NUL (sent as `filename*=UTF-8''a%00b`) is refused like in any other text. */
const fileName = clientString(255);

/**
 * Moves checked uploads to DATA_DIR/uploads/<ticket>/ before the transaction that records
 * them; if that transaction fails, `discard` removes them again.
 */
export async function storeEvidence(uploadsDir: string, ticketId: string, uploads: CheckedUpload[], now: Date) {
  if (uploads.some((u) => !fileName.safeParse(u.originalName).success)) {
    throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'evidence', code: 'invalid_file_name', message: 'a file name must not contain NUL characters' }]);
  }
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
