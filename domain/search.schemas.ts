import { z } from 'zod';

/**
 * Why a queue row matched the search box's words (GET /api/tickets?q=…): the field that
 * matched best and a short excerpt of it, the words found marked «like this» (plain text, never
 * HTML). Absent when the queue is not searched.
 */
export const searchMatchFields = ['reference', 'email', 'order', 'name', 'amount', 'description', 'message', 'reply', 'note'] as const;
export const searchMatchSchema = z.object({
  field: z.enum(searchMatchFields),
  snippet: z.string(),
});
export type SearchMatch = z.infer<typeof searchMatchSchema>;
