import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import type { BulkResult, MacroView, macroCreateSchema, macroListSchema, macroPreviewResultSchema, macroApplyResultSchema, BulkAction } from '../../../../domain/macro.schemas';
import { ApiError, call } from '../../api';
import { apiProblem, type Problem } from '../../errors';

export type Macro = MacroView;
export type MacroList = z.output<typeof macroListSchema>;
export type MacroPreview = z.output<typeof macroPreviewResultSchema>;
export type MacroApplied = z.output<typeof macroApplyResultSchema>;
export type MacroDraft = Omit<z.input<typeof macroCreateSchema>, 'brand'>;
export type { BulkAction, BulkResult };

/** An API error in words; the macros' own refusals name their variables. */
export function macroProblem(err: unknown): Problem {
  if (err instanceof ApiError && (err.code === 'macro_variables_missing' || err.code === 'unknown_macro_variables')) {
    const variables = (err.details as { variables?: unknown } | null)?.variables;
    return { key: `errors:api.${err.code}`, values: { variables: Array.isArray(variables) ? variables.join(', ') : '' } };
  }
  return apiProblem(err);
}

/** The macros of a shop (`brand` slug) or of a ticket's shop (`ticket` id), in one language or all; null while on their way. */
export function useMacroList(query: { brand?: string; ticket?: string; language?: string } | null) {
  const [list, setList] = useState<MacroList | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const key = query ? new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString() : null;
  const reload = useCallback(() => {
    if (key === null) return Promise.resolve();
    return call<MacroList>('GET', `/api/macros?${key}`).then(
      (r) => {
        setList(r);
        setProblem(null);
      },
      (err: unknown) => setProblem(apiProblem(err)),
    );
  }, [key]);
  useEffect(() => {
    setList(null);
    void reload();
  }, [reload]);
  return { list, problem, reload };
}

export const createMacro = (brand: string, draft: MacroDraft) => call<Macro>('POST', '/api/macros', { body: { brand, ...draft } });
export const updateMacro = (id: string, version: number, draft: MacroDraft) => call<Macro>('PUT', `/api/macros/${id}`, { body: { ...draft, version } });
export const deleteMacro = (id: string) => call<void>('DELETE', `/api/macros/${id}`);
export const previewMacro = (id: string, ticketId: string, body?: string) => call<MacroPreview>('POST', `/api/macros/${id}/preview`, { body: body === undefined ? { ticketId } : { ticketId, body } });
export const applyMacro = (id: string, ticketId: string, version: number, body: string) => call<MacroApplied>('POST', `/api/macros/${id}/apply`, { body: { ticketId, version, body } });
export const bulkAction = (tickets: Array<{ id: string; version: number }>, action: BulkAction) => call<BulkResult>('POST', '/api/tickets/bulk', { body: { tickets, action } });
