import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { variablesIn } from '../../../../domain/macro';
import type { AgentTicket } from '../../api';
import { Field } from '../../components/Layout';
import { say, type Problem } from '../../errors';
import { addNamespaces } from '../../i18n';
import * as macros from '../../i18n/macros';
import { applyMacro, macroProblem, previewMacro, useMacroList, type MacroPreview } from '../macros/use-macros';

addNamespaces({ macros });

/**
 * The reply tab's macros: the ticket's shop's, in its language. Picking one puts its preview
 * in the reply box, where the agent edits it; what is still written `{{name}}` has no value
 * for this ticket and is flagged, and the macro is not sent until none is left (the server
 * refuses it too). Sending applies the macro: the reply, then its status, outcome or assignment.
 */
export function MacroPicker({ ticket, text, setText, onActive, onSent, children }: { ticket: AgentTicket; text: string; setText: (text: string) => void; onActive: (macroId: string | null) => void; onSent: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const { list } = useMacroList({ ticket: ticket.id, language: ticket.language });
  const [macroId, setMacroId] = useState('');
  const [preview, setPreview] = useState<MacroPreview | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => onActive(macroId || null), [macroId]);

  const pick = async (id: string) => {
    setMacroId(id);
    setProblem(null);
    setDone(false);
    setPreview(null);
    if (!id) return;
    setBusy(true);
    try {
      const p = await previewMacro(id, ticket.id);
      setPreview(p);
      setText(p.text);
    } catch (err) {
      setProblem(macroProblem(err));
    } finally {
      setBusy(false);
    }
  };

  const send = async () => {
    if (!macroId || busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await applyMacro(macroId, ticket.id, ticket.version, text);
      setDone(true);
      setMacroId('');
      setPreview(null);
      onSent();
    } catch (err) {
      setProblem(macroProblem(err));
    } finally {
      setBusy(false);
    }
  };

  // Whatever is still written {{…}} in the box: a variable without a value (or a name the agent mistyped).
  const left = macroId ? variablesIn(text) : [];
  const then = preview
    ? [
        preview.assignment ? t('macros:thenAssign', { to: t(`macros:thenAssignTo.${preview.assignment.to}`) }) : null,
        preview.status ? t('macros:thenStatus', { status: t(`queue:states.${preview.status}`) }) : null,
        preview.outcome ? t('macros:thenOutcome', { outcome: t(`queue:outcomes.${preview.outcome}`) }) : null,
      ].filter(Boolean)
    : [];

  return (
    <div className="macro-picker">
      <Field id="a-macro" label={t('macros:pick')}>
        <select id="a-macro" data-testid="macro-picker" value={macroId} onChange={(e) => void pick(e.target.value)}>
          <option value="">{t('macros:pickNone')}</option>
          {list?.macros.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </select>
      </Field>
      {busy && !preview ? <p aria-busy="true">{t('macros:previewing')}</p> : null}
      {children}
      {left.length ? (
        <div className="banner error-banner" role="alert" data-testid="macro-missing">
          <p>{t('macros:missing')}</p>
          <ul>
            {left.map((name) => (
              <li key={name}>
                <code>{`{{${name}}}`}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {then.length ? <p className="hint" data-testid="macro-then">{t('macros:then')} {then.join(' · ')}</p> : null}
      {problem ? <p className="error" role="alert" data-testid="macro-problem">{say(t, problem)}</p> : null}
      {done ? <p className="banner info" role="status" data-testid="macro-sent">{t('macros:sent')}</p> : null}
      {macroId ? (
        <button type="button" className="primary" data-testid="send-macro" disabled={busy || left.length > 0 || !text.trim()} onClick={() => void send()}>
          {t('macros:sendMacro')}
        </button>
      ) : null}
    </div>
  );
}
