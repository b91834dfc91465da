import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../errors';
import { proofKind } from './proof-bytes';

export const MAX_FILES = 5;
export const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Picks proofs: a preview for each; size, count and the file's bytes (PNG, JPEG or PDF,
 * whatever its name) checked at once, so a wrong file is said before anything is sent.
 */
export function ProofPicker({ id, files, onChange, describedBy }: { id: string; files: File[]; onChange: (files: File[], problem?: Problem) => void; describedBy?: string }) {
  const { t } = useTranslation();
  const [previews, setPreviews] = useState<string[]>([]);
  useEffect(() => {
    const urls = files.map((f) => (f.type.startsWith('image/') ? URL.createObjectURL(f) : ''));
    setPreviews(urls);
    return () => urls.forEach((u) => u && URL.revokeObjectURL(u));
  }, [files]);

  const add = async (list: File[]) => {
    const picked = [...files, ...list];
    const tooBig = list.find((f) => f.size > MAX_BYTES);
    if (tooBig) return onChange(files, { key: 'report:fileTooBig', values: { name: tooBig.name } });
    if (picked.length > MAX_FILES) return onChange(files, { key: 'report:tooManyFiles' });
    const kinds = await Promise.all(list.map((f) => proofKind(f).catch(() => null)));
    const wrong = list.find((_, i) => !kinds[i]);
    if (wrong) return onChange(files, { key: 'report:fileType', values: { name: wrong.name } });
    onChange(picked);
  };

  return (
    <div className="proofs">
      <input id={id} type="file" accept="image/png,image/jpeg,application/pdf" multiple aria-describedby={describedBy} onChange={(e) => { void add(Array.from(e.target.files ?? [])); e.target.value = ''; }} />
      {files.length ? (
        <ul className="previews">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {previews[i] ? <img src={previews[i]} alt="" width={64} height={64} /> : <span className="pdf" aria-hidden="true">PDF</span>}
              <span className="file-name">
                {f.name} <small>({Math.ceil(f.size / 1024)} Ko)</small>
              </span>
              <button type="button" className="link" aria-label={t('report:remove', { name: f.name })} onClick={() => onChange(files.filter((_, j) => j !== i))}>
                {t('report:removeShort')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
