/**
 * Every error code the API answers with, in `{ error: { code, message, details } }`. The
 * server's errors are typed by this list and the web client translates by code, never by the
 * English message; a code not listed here does not compile.
 */
export const errorCodes = [
  // the request itself
  'validation_failed', 'invalid_json', 'invalid_body', 'body_too_large', 'malformed_url', 'malformed_multipart', 'bad_request', 'headers_too_large',
  'unsupported_media_type', 'unsupported_file_type', 'file_too_large', 'too_many_files', 'unexpected_file', 'too_many_fields', 'field_too_large', 'too_many_parts', 'bad_upload',
  'invalid_cursor', 'invalid_idempotency_key', 'idempotency_key_reused', 'not_found',
  // who is asking
  'unauthenticated', 'forbidden', 'csrf_failed', 'invalid_credentials', 'account_locked', 'too_many_attempts', 'rate_limited', 'self_lockout',
  // the ticket's state
  'stale_write', 'invalid_transition', 'already_resolved', 'already_assigned', 'ticket_closed', 'nothing_missing', 'nothing_to_add', 'unknown_ticket',
  'amount_unknown', 'refund_exceeds_payment',
  // users
  'email_taken', 'nothing_to_change',
  // shops (brands)
  'slug_taken', 'invalid_policy',
  // payment imports
  'unrecognised_export', 'nothing_imported',
  // payment verification and refunds
  'unknown_transaction', 'refund_exceeds_refundable', 'no_payment_connector', 'payment_provider_unavailable', 'payment_provider_refused', 'invalid_webhook_signature',
  // personal data
  'export_link_used', 'export_link_expired', 'personal_data_erased',
  // merge and satisfaction
  'merge_into_itself', 'merge_across_brands', 'merge_other_customer', 'already_merged', 'merge_into_merged', 'merge_closed', 'merge_into_closed', 'merge_not_triaged',
  'already_rated', 'not_rateable',
  // integrations: API tokens and outgoing webhooks
  'invalid_token', 'insufficient_scope', 'webhook_url_refused',
  // macros and bulk actions
  'unknown_macro_variables', 'macro_variables_missing', 'macro_name_taken', 'macro_other_brand',
  // our side
  'database_unavailable', 'shutting_down', 'internal_error',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/** The one error body every failed request gets. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: unknown };
}
