/** Agents' actions on a ticket: one file each, all run by runAction (run-action.ts). */
export { addNote } from './add-note';
export { assign } from './assign';
export { changePriority } from './change-priority';
export { changeStatus } from './change-status';
export { claim } from './claim';
export { correctPaymentFacts } from './correct-payment-facts';
export { mergeTicket } from './merge';
export { refundPayment } from './refund';
export { reopen } from './reopen';
export { reply } from './reply';
export { requestInformation } from './request-information';
export { resolve } from './resolve';
