import type { AppContext } from '../../core/context';
import type { Verdict } from '../../domain/payment-check';
import { submitReport } from './intake.service';

/**
 * Development only: the reports a newcomer finds in an empty database, each about
 * transactions of samples/payments/stripe-payments.csv (same amount, card brand and last 4,
 * e-mail, order, payment time in Paris), so that importing that file for the default shop
 * shows the payment check's verdicts. `shows` is the verdict each one is there to show.
 */
export const demoReports: ReadonlyArray<{ shows: Verdict; report: Record<string, string> }> = [
  {
    shows: 'duplicate_capture',
    report: {
      type: 'double_charge',
      customerName: 'Léa Martin',
      customerEmail: 'lea.martin@example.fr',
      orderNumber: 'SFX-20417',
      paymentTime: '2026-11-12T19:42:00+01:00',
      amount: '89.90',
      cardType: 'visa',
      cardLast4: '4242',
      secondDebitTime: '2026-11-12T19:44:00+01:00',
      secondDebitAmount: '89.90',
      description: 'Mon compte a été débité deux fois de 89,90 € pour le blender (commande SFX-20417), à deux minutes d’intervalle.',
    },
  },
  {
    shows: 'authorization_hold',
    report: {
      type: 'double_charge',
      customerName: 'Karim Benali',
      customerEmail: 'karim.benali@example.fr',
      orderNumber: 'SFX-20433',
      paymentTime: '2026-11-16T10:15:00+01:00',
      amount: '124.50',
      cardType: 'mastercard',
      cardLast4: '4444',
      secondDebitTime: '2026-11-16T10:13:00+01:00',
      secondDebitAmount: '124.50',
      description: 'Ma banque affiche deux opérations de 124,50 € pour une seule commande : la page avait planté et j’ai recommencé.',
    },
  },
  {
    shows: 'failed_no_charge',
    report: {
      type: 'failed_payment',
      customerName: 'Sophie Durand',
      customerEmail: 'sophie.durand@example.fr',
      orderNumber: 'SFX-20452',
      paymentTime: '2026-11-18T21:05:00+01:00',
      amount: '45.00',
      cardType: 'visa',
      cardLast4: '0341',
      errorMessage: 'Paiement refusé',
      description: 'Le paiement du batteur a été refusé deux fois. Ai-je été débitée ?',
    },
  },
  {
    shows: 'refund_issued',
    report: {
      type: 'refund_not_received',
      customerName: 'Thomas Petit',
      customerEmail: 'thomas.petit@example.fr',
      orderNumber: 'SFX-20388',
      paymentTime: '2026-11-05T15:20:00+01:00',
      amount: '32.40',
      cardType: 'visa',
      cardLast4: '1881',
      description: 'On m’a annoncé le remboursement des bols il y a deux semaines, je ne vois toujours rien sur mon compte.',
    },
  },
  {
    shows: 'disputed',
    report: {
      type: 'debit_without_order',
      customerName: 'Julien Moreau',
      customerEmail: 'julien.moreau@example.fr',
      language: 'en',
      paymentTime: '2026-11-07T21:11:00+01:00',
      amount: '149.00',
      cardType: 'mastercard',
      cardLast4: '8210',
      description: 'I was charged 149.00 EUR but never got an order confirmation, so I disputed it with my bank.',
    },
  },
  {
    shows: 'no_match',
    report: {
      type: 'double_charge',
      customerName: 'Camille Roux',
      customerEmail: 'camille.roux@example.fr',
      orderNumber: 'SFX-20460',
      paymentTime: '2026-11-19T12:30:00+01:00',
      amount: '27.80',
      cardType: 'visa',
      cardLast4: '5566',
      description: 'Deux prélèvements de 27,80 € sur mon relevé.',
    },
  },
];

/**
 * Files the demo reports through the real intake, once: when the database has no ticket at
 * all and this is not production. Returns what it filed, or null when it did nothing.
 */
export async function ensureDemoTickets(ctx: AppContext): Promise<Array<{ shows: Verdict; id: string; reference: string }> | null> {
  if (ctx.config.NODE_ENV === 'production') return null;
  if ((await ctx.db.repos.tickets.findQueuePage({ sort: 'created', limit: 1, now: ctx.now() })).length) return null;
  const filed = [];
  for (const { shows, report } of demoReports) {
    try {
      // One key per report: a second process starting at the same moment replays instead of filing twice.
      const { receipt } = await submitReport(ctx, { body: report, uploads: [], idempotencyKey: `guichet-demo-${shows}` });
      filed.push({ shows, id: receipt.id, reference: receipt.reference });
    } catch (err) {
      // A default shop configured otherwise (other cards, another currency) refuses some: the app still starts.
      ctx.logger.warn({ err, shows }, 'demo ticket not filed');
    }
  }
  ctx.logger.info({ tickets: filed.map((t) => `${t.reference} (${t.shows})`) }, 'demo tickets filed: import samples/payments/stripe-payments.csv to see their payment checks');
  return filed;
}
