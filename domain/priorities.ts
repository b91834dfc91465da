/**
 * How urgent a ticket is (issue 15): set by the brand's rules at triage, or by an agent.
 * A leaf module, so the web app can list them without the brand policy's calendar code.
 */
export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];
