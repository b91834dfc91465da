import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import FileType from 'file-type';
import multer from 'multer';
import type { RequestHandler, Response } from 'express';
import type { EvidenceFile } from '../db/entities/evidence-file.entity';
import { acceptedProofType, MAX_PROOF_BYTES, MAX_PROOF_FILES, storedFileName } from '../domain/proof-files';
import { redact } from '../domain/redaction';
import { AppError } from './errors';

export const MAX_FILES = MAX_PROOF_FILES;
export const MAX_FILE_BYTES = MAX_PROOF_BYTES;

/** An uploaded proof whose type was read from its bytes. */
export interface CheckedUpload {
  tempPath: string;
  originalName: string;
  mimeType: string;
  ext: string;
  sizeBytes: number;
  sha256: string;
}

/** Multipart proofs in field `evidence` (an agent's reply: `attachments`), streamed to DATA_DIR/uploads/.incoming. */
export function evidenceUpload(uploadsDir: string, field = 'evidence'): RequestHandler {
  const incoming = path.join(uploadsDir, '.incoming');
  fs.mkdirSync(incoming, { recursive: true });
  return multer({
    storage: multer.diskStorage({ destination: incoming, filename: (_req, _file, cb) => cb(null, randomUUID()) }),
    limits: { files: MAX_FILES, fileSize: MAX_FILE_BYTES, fields: 40, fieldSize: 20_000, parts: 50 },
    // Browsers send file names as UTF-8 bytes without saying so; busboy would read them as latin1.
    defParamCharset: 'utf8',
  }).array(field, MAX_FILES);
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** PNG, JPEG or PDF judged by their bytes; anything else (or disguised) is refused, naming the form's field. */
export async function checkUploads(files: Express.Multer.File[] | undefined, field = 'evidence'): Promise<CheckedUpload[]> {
  const checked: CheckedUpload[] = [];
  for (const file of files ?? []) {
    const originalName = storedFileName(redact(file.originalname).text);
    const detected = await FileType.fromFile(file.path);
    const accepted = acceptedProofType(detected);
    if (!detected || !accepted) {
      throw new AppError(415, 'unsupported_file_type', 'Files must be PNG, JPEG or PDF (judged by their content).', {
        field,
        file: originalName,
        detected: detected?.mime ?? 'unknown',
      });
    }
    checked.push({
      tempPath: file.path,
      originalName,
      mimeType: accepted.mimeType,
      ext: accepted.ext,
      sizeBytes: file.size,
      sha256: await sha256Of(file.path),
    });
  }
  return checked;
}

/** Removes whatever temporary files are left once a request is done. */
export async function discardTemporaryUploads(files: Express.Multer.File[] | undefined): Promise<void> {
  await Promise.all((files ?? []).map((f) => fs.promises.rm(f.path, { force: true })));
}

/** A payment export can run to 50,000+ rows: up to 50 MB. */
export const MAX_EXPORT_BYTES = 50 * 1024 * 1024;

/** One payment export in field `file`, kept in memory (the import streams its rows from it). */
export function exportUpload(): RequestHandler {
  return multer({ storage: multer.memoryStorage(), limits: { files: 1, fileSize: MAX_EXPORT_BYTES, fields: 10, fieldSize: 1000, parts: 12 }, defParamCharset: 'utf8' }).single('file');
}

/** A stored proof or attachment, shown inline when a browser can (never sniffed, never scripted). */
export function sendStoredFile(res: Response, uploadsDir: string, file: EvidenceFile): void {
  const inline = /^(image\/(png|jpeg)|application\/pdf)$/.test(file.mimeType);
  res.set({
    'Content-Type': file.mimeType,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
    'Cache-Control': 'private, no-store',
  });
  res.sendFile(path.join(uploadsDir, file.storagePath));
}
