/** The ticket lifecycle (domain.md): new → triaged → (awaiting_customer ⇄ in_progress) → resolved → closed. */
export const ticketStatuses = ['new', 'triaged', 'awaiting_customer', 'in_progress', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

const transitions: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['triaged', 'awaiting_customer'],
  triaged: ['awaiting_customer', 'in_progress', 'resolved'],
  awaiting_customer: ['in_progress', 'resolved'],
  in_progress: ['awaiting_customer', 'resolved'],
  resolved: ['closed', 'in_progress'], // reopening goes back to work
  closed: [],
};

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return transitions[from].includes(to);
}

export const openStatuses: readonly TicketStatus[] = ['new', 'triaged', 'awaiting_customer', 'in_progress'];
export const isOpen = (status: TicketStatus) => openStatuses.includes(status);
