import { storeEvidence, type StoredEvidence } from '../../core/evidence-storage';
import { clientString } from '../../domain/input.schemas';
import { AppError } from '../errors';
import type { CheckedUpload } from '../uploads';

/** A file name as the evidence_files column holds it; a NUL (sent as `filename*=UTF-8''a%00b`) is refused like in any other text. */
const fileName = clientString(255);

/** Moves checked uploads to the ticket's folder (core/evidence-storage.ts), their names checked first. */
export async function storeUploads(uploadsDir: string, ticketId: string, uploads: CheckedUpload[], now: Date, addedBy: 'customer' | 'agent' = 'customer'): Promise<StoredEvidence> {
  if (uploads.some((u) => !fileName.safeParse(u.originalName).success)) {
    throw new AppError(400, 'validation_failed', 'Some fields are invalid.', [{ field: 'evidence', code: 'invalid_file_name', message: 'a file name must not contain NUL characters' }]);
  }
  return storeEvidence(
    uploadsDir,
    ticketId,
    uploads.map((u) => ({ originalName: u.originalName, mimeType: u.mimeType, ext: u.ext, source: { tempPath: u.tempPath, sizeBytes: u.sizeBytes, sha256: u.sha256 } })),
    now,
    addedBy,
  );
}
