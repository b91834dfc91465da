import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export const MAX_FILES = 5;
export const MAX_BYTES = 10 * 1024 * 1024;
const TYPES = ['image/png', 'image/jpeg', 'application/pdf'];

/** Picks proofs: a preview for each, size and type checked before sending (the server checks the bytes). */
export function ProofPicker({ id, files, onChange, describedBy }: { id: string; files: File[]; onChange: (files: File[], error?: string) => void; describedBy?: string }) {
  const { t } = useTranslation();
  const [previews, setPreviews] = useState<string[]>([]);
  useEffect(() => {
    const urls = files.map((f) => (f.type.startsWith('image/') ? URL.createObjectURL(f) : ''));
    setPreviews(urls);
    return () => urls.forEach((u) => u && URL.revokeObjectURL(u));
  }, [files]);

  const add = (list: FileList | null) => {
    const picked = [...files, ...Array.from(list ?? [])];
    const tooBig = picked.find((f) => f.size > MAX_BYTES);
    const wrong = picked.find((f) => !TYPES.includes(f.type));
    if (tooBig) return onChange(files, t('report.fileTooBig', { name: tooBig.name }));
    if (wrong) return onChange(files, t('report.fileType', { name: wrong.name }));
    if (picked.length > MAX_FILES) return onChange(files, t('report.tooManyFiles'));
    onChange(picked);
  };

  return (
    <div className="proofs">
      <input id={id} type="file" accept="image/png,image/jpeg,application/pdf" multiple aria-describedby={describedBy} onChange={(e) => { add(e.target.files); e.target.value = ''; }} />
      {files.length ? (
        <ul className="previews">
          {files.map((f, i) => (
            <li key={`${f.name}-${i}`}>
              {previews[i] ? <img src={previews[i]} alt="" width={64} height={64} /> : <span className="pdf" aria-hidden="true">PDF</span>}
              <span className="file-name">
                {f.name} <small>({Math.ceil(f.size / 1024)} Ko)</small>
              </span>
              <button type="button" className="link" aria-label={t('report.remove', { name: f.name })} onClick={() => onChange(files.filter((_, j) => j !== i))}>
                {t('report.removeShort')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
