import escapeHtml from 'escape-html';
import type { Brand } from '../../db/entities/brand.entity';
import type { Ticket } from '../../db/entities/ticket.entity';
import type { TicketEvent } from '../../db/entities/ticket-event.entity';
import type { EvidenceItem } from '../../domain/evidence-checklist';
import { anomalyTypeLabels, dateTime, evidenceLabels, money, outcomeMessage } from '../../domain/labels';
import type { Language } from '../../domain/ticket.schemas';
import type { MailTemplate } from '../../queues/mail.queue';
import { ratingLink, SCORES } from '../../domain/satisfaction';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph, or a bulleted list; enough structure for both the text and the HTML part. */
type Block = string | { list: string[] } | { link: string; label: string } | { scale: Array<{ link: string; label: string }> };

export interface MailInput {
  ticket: Ticket;
  brand: Brand;
  statusUrl: string;
  /** The timeline event the mail is about (a reply, a request, a resolution), if any. */
  event?: TicketEvent | null;
  /** The customer's personal-data export: its single-use link and when it stops working. */
  dataExport?: { url: string; expiresAt: Date } | null;
}

const phrases = {
  fr: {
    hello: (name: string) => `Bonjour ${name},`,
    /** French puts a space before a colon; English does not. */
    linkLine: (label: string, link: string) => `${label} : ${link}`,
    zone: (city: string) => `(heure de ${city})`,
    neverCard: 'Ne nous communiquez jamais votre numéro de carte complet ni son code de sécurité : nous ne les demandons jamais.',
    follow: 'Suivre votre demande',
  },
  en: {
    hello: (name: string) => `Hello ${name},`,
    linkLine: (label: string, link: string) => `${label}: ${link}`,
    zone: (city: string) => `(${city} time)`,
    neverCard: 'Never send us your full card number or its security code: we will never ask for them.',
    follow: 'Follow your request',
  },
} satisfies Record<Language, unknown>;

/** "lundi 23 novembre à 17:00 (heure de Paris)", in the brand's time zone. */
export function formatDue(date: Date, timeZone: string, language: Language): string {
  const p = phrases[language];
  const city = timeZone.split('/').pop()!.replace(/_/g, ' ');
  return `${dateTime(date, language, timeZone)} ${p.zone(city)}`;
}

function acknowledgement({ ticket, brand, statusUrl }: MailInput): { subject: string; blocks: Block[] } {
  const lang = ticket.language;
  const tz = brand.policy.calendar.timeZone;
  const type = anomalyTypeLabels[lang][ticket.type];
  const firstDue = formatDue(ticket.firstResponseDueAt, tz, lang);
  const resolutionDue = formatDue(ticket.resolutionDueAt, tz, lang);
  const missing = ticket.missingEvidence.map((item) => evidenceLabels[lang][item]);
  const dontRetry = ticket.type === 'failed_payment' || ticket.type === 'double_charge';
  // Opened from an e-mail: no form said the type, so the mail names none, and the private page is where the rest goes.
  const byEmail = ticket.source === 'email';
  if (lang === 'en') {
    return {
      subject: `[${ticket.reference}] We have received your report`,
      blocks: [
        byEmail
          ? `We have received your e-mail and opened a case under the reference ${ticket.reference}. Please keep it in the subject when you write to us.`
          : `We have received your report "${type}" under the reference ${ticket.reference}.`,
        `An agent will answer you by ${firstDue} at the latest, and we aim to resolve it by ${resolutionDue}.`,
        ...(missing.length
          ? ['To check your payment with the payment provider, we still need:', { list: missing }, 'You can add them at any time on your private page; this does not delay the handling of your request.']
          : []),
        ...(dontRetry ? ['To avoid further debits, please do not retry the payment while we check.'] : []),
        { link: statusUrl, label: phrases.en.follow },
      ],
    };
  }
  return {
    subject: `[${ticket.reference}] Nous avons bien reçu votre signalement`,
    blocks: [
      byEmail
        ? `Nous avons bien reçu votre e-mail et ouvert un dossier sous la référence ${ticket.reference}. Merci de la rappeler dans l'objet de vos messages.`
        : `Nous avons bien reçu votre signalement « ${type} », enregistré sous la référence ${ticket.reference}.`,
      `Un conseiller vous répondra au plus tard le ${firstDue}, et nous visons une résolution d'ici le ${resolutionDue}.`,
      ...(missing.length
        ? ["Pour vérifier votre paiement auprès de l'établissement de paiement, il nous manque encore :", { list: missing }, 'Vous pouvez les ajouter à tout moment depuis votre page de suivi ; cela ne retarde pas le traitement de votre demande.']
        : []),
      ...(dontRetry ? ['Pour éviter des débits supplémentaires, merci de ne pas renouveler vos tentatives de paiement pendant notre vérification.'] : []),
      { link: statusUrl, label: phrases.fr.follow },
    ],
  };
}

const said = (input: MailInput, key: string) => {
  const value = input.event?.data[key];
  return typeof value === 'string' && value ? [value] : [];
};

function informationRequest(input: MailInput): { subject: string; blocks: Block[] } {
  const { ticket, statusUrl } = input;
  const lang = ticket.language;
  const items = ((input.event?.data.items as EvidenceItem[]) ?? ticket.requestedEvidence ?? ticket.missingEvidence).map((i) => evidenceLabels[lang][i]);
  return lang === 'en'
    ? {
        subject: `[${ticket.reference}] We need a few more details`,
        blocks: ['To check your payment, we need:', { list: items }, ...said(input, 'message'), 'Add them on your private page, in a few seconds:', { link: statusUrl, label: 'Add the missing information' }],
      }
    : {
        subject: `[${ticket.reference}] Il nous manque quelques informations`,
        blocks: ['Pour vérifier votre paiement, il nous faut :', { list: items }, ...said(input, 'message'), 'Ajoutez-les depuis votre page de suivi, en quelques secondes :', { link: statusUrl, label: 'Compléter mon dossier' }],
      };
}

function evidenceReminder({ ticket, statusUrl }: MailInput): { subject: string; blocks: Block[] } {
  const lang = ticket.language;
  const items = ticket.missingEvidence.map((i) => evidenceLabels[lang][i]);
  return lang === 'en'
    ? {
        subject: `[${ticket.reference}] Reminder: we are still waiting for some information`,
        blocks: ['We still cannot finish checking your payment. We are missing:', { list: items }, { link: statusUrl, label: 'Add the missing information' }],
      }
    : {
        subject: `[${ticket.reference}] Rappel : il nous manque encore des informations`,
        blocks: ['Nous ne pouvons pas encore terminer la vérification de votre paiement. Il nous manque :', { list: items }, { link: statusUrl, label: 'Compléter mon dossier' }],
      };
}

function agentReply(input: MailInput): { subject: string; blocks: Block[] } {
  const { ticket, statusUrl } = input;
  return ticket.language === 'en'
    ? { subject: `[${ticket.reference}] A reply to your request`, blocks: [...said(input, 'body'), { link: statusUrl, label: phrases.en.follow }] }
    : { subject: `[${ticket.reference}] Une réponse à votre demande`, blocks: [...said(input, 'body'), { link: statusUrl, label: phrases.fr.follow }] };
}

function resolution(input: MailInput): { subject: string; blocks: Block[] } {
  const { ticket, brand, statusUrl } = input;
  const lang = ticket.language;
  const outcome = String(input.event?.data.outcome ?? ticket.outcome ?? '');
  const details = (input.event?.data.details as Record<string, unknown>) ?? ticket.outcomeDetails ?? {};
  const body: Block[] = [outcomeMessage(outcome, details, brand.policy, lang), ...said(input, 'message')];
  // Replies to this e-mail are not read (yet), and a resolved ticket takes no more evidence:
  // the support address is where the customer can still write.
  const support = brand.policy.supportEmail;
  body.push(...satisfactionBlocks(statusUrl, lang));
  return lang === 'en'
    ? { subject: `[${ticket.reference}] Your request is resolved`, blocks: [...body, `If anything is still wrong, write to ${support} with your reference ${ticket.reference}. Your private page keeps the outcome and the history of your request.`, { link: statusUrl, label: phrases.en.follow }] }
    : { subject: `[${ticket.reference}] Votre demande est résolue`, blocks: [...body, `Si quelque chose ne va toujours pas, écrivez à ${support} en indiquant votre référence ${ticket.reference}. Votre page de suivi garde la décision et l'historique de votre demande.`, { link: statusUrl, label: phrases.fr.follow }] };
}

/**
 * How satisfied the customer is with the answer: five score links, each opening the status
 * page with that score chosen (the page's button records it: a link followed by a mail
 * scanner records nothing).
 */
function satisfactionBlocks(statusUrl: string, lang: Language): Block[] {
  const words = lang === 'en'
    ? { ask: 'How satisfied are you with our answer? Choose a score (1: not at all, 5: very), then confirm on your private page:', score: (n: number) => `${n}/5` }
    : { ask: 'Êtes-vous satisfait de notre réponse ? Choisissez une note (1 : pas du tout, 5 : très), puis confirmez-la sur votre page de suivi :', score: (n: number) => `${n}/5` };
  return [words.ask, { scale: SCORES.map((n) => ({ link: ratingLink(statusUrl, n), label: words.score(n) })) }];
}

/** Two reports of the customer were one case: merged under the surviving reference, whose page now holds everything. */
function merged(input: MailInput): { subject: string; blocks: Block[] } {
  const { ticket, statusUrl } = input;
  const from = (input.event?.data.from as { reference?: string } | undefined)?.reference ?? '';
  return ticket.language === 'en'
    ? {
        subject: `[${ticket.reference}] Your reports ${from} and ${ticket.reference} are now one`,
        blocks: [
          `Your reports ${from} and ${ticket.reference} are about the same payment: we have merged them under the reference ${ticket.reference}, so one agent handles them together.`,
          `Everything you sent with ${from} (your messages, details and files) is now on ${ticket.reference}. Your links to both keep working, and both lead to the same page. Please use ${ticket.reference} when you write to us.`,
          { link: statusUrl, label: phrases.en.follow },
        ],
      }
    : {
        subject: `[${ticket.reference}] Vos signalements ${from} et ${ticket.reference} sont regroupés`,
        blocks: [
          `Vos signalements ${from} et ${ticket.reference} concernent le même paiement : nous les avons regroupés sous la référence ${ticket.reference}, pour qu'un seul conseiller les traite ensemble.`,
          `Tout ce que vous avez envoyé avec ${from} (messages, informations et fichiers) se trouve désormais dans ${ticket.reference}. Vos liens vers les deux demandes fonctionnent toujours et mènent à la même page. Merci d'indiquer ${ticket.reference} dans vos prochains messages.`,
          { link: statusUrl, label: phrases.fr.follow },
        ],
      };
}

/** The refund has reached the bank: when, how much, and the reference the customer's bank can trace it by. */
function moneyTraced(input: MailInput): { subject: string; blocks: Block[] } {
  const { ticket, brand, statusUrl } = input;
  const lang = ticket.language;
  const data = input.event?.data ?? {};
  const amount = typeof data.amountCents === 'number' ? money(data.amountCents, String(data.currency ?? ticket.currency), lang) : '';
  const on = typeof data.refundedAt === 'string' ? dateTime(new Date(data.refundedAt), lang, brand.policy.calendar.timeZone) : '';
  const arn = typeof data.arn === 'string' && data.arn ? data.arn : null;
  return lang === 'en'
    ? {
        subject: `[${ticket.reference}] Your refund: the reference for your bank`,
        blocks: [
          `Your refund${amount ? ` of ${amount}` : ''} was sent to your card's bank on ${on}.`,
          arn
            ? `If it is not on your account yet, give your bank this reference, with which it can trace the refund: ${arn}.`
            : 'If it is not on your account yet, give your bank its date and amount: it can trace it from them.',
          { link: statusUrl, label: phrases.en.follow },
        ],
      }
    : {
        subject: `[${ticket.reference}] Votre remboursement : la référence pour votre banque`,
        blocks: [
          `Votre remboursement${amount ? ` de ${amount}` : ''} a été transmis à la banque de votre carte le ${on}.`,
          arn
            ? `S'il n'apparaît pas encore sur votre compte, donnez à votre banque cette référence, qui lui permet de le retrouver : ${arn}.`
            : "S'il n'apparaît pas encore sur votre compte, indiquez à votre banque sa date et son montant : elle peut le retrouver ainsi.",
          { link: statusUrl, label: phrases.fr.follow },
        ],
      };
}

/** The customer asked for their data from their status page: the link (once, for 24 hours) that downloads it. */
function personalDataExport(input: MailInput): { subject: string; blocks: Block[] } {
  const { ticket, brand, statusUrl } = input;
  const lang = ticket.language;
  const link = input.dataExport;
  const until = link ? formatDue(link.expiresAt, brand.policy.calendar.timeZone, lang) : '';
  return lang === 'en'
    ? {
        subject: `[${ticket.reference}] Your personal data`,
        blocks: [
          'You asked for a copy of the personal data we hold about you: your requests, their history and your files, in one zip file.',
          ...(link ? [{ link: link.url, label: 'Download my data' }, `This link works once, until ${until}. If you did not ask for it, ignore this e-mail: nobody else received it.`] : []),
          { link: statusUrl, label: phrases.en.follow },
        ],
      }
    : {
        subject: `[${ticket.reference}] Vos données personnelles`,
        blocks: [
          'Vous avez demandé une copie des données personnelles que nous détenons à votre sujet : vos demandes, leur historique et vos fichiers, dans un fichier zip.',
          ...(link ? [{ link: link.url, label: 'Télécharger mes données' }, `Ce lien ne fonctionne qu'une fois, jusqu'au ${until}. Si vous ne l'avez pas demandé, ignorez cet e-mail : personne d'autre ne l'a reçu.`] : []),
          { link: statusUrl, label: phrases.fr.follow },
        ],
      };
}

const templates: Record<MailTemplate, (input: MailInput) => { subject: string; blocks: Block[] }> = {
  acknowledgement,
  information_request: informationRequest,
  evidence_reminder: evidenceReminder,
  agent_reply: agentReply,
  resolution,
  money_traced: moneyTraced,
  personal_data_export: personalDataExport,
  merged,
};

/** Every template shares one layout: greeting, body, the card-number warning, signature (the sender's name in that language). */
export function renderMail(template: MailTemplate, input: MailInput): RenderedMail {
  const lang = input.ticket.language;
  const p = phrases[lang];
  const { subject, blocks } = templates[template](input);
  return layout(lang, subject, [p.hello(input.ticket.customerName), ...blocks, p.neverCard, input.brand.policy.senderName[lang]]);
}

/** The mail's text and HTML parts from its blocks. */
function layout(lang: Language, subject: string, all: Block[]): RenderedMail {
  const p = phrases[lang];
  const text = all
    .map((b) => (typeof b === 'string' ? b : 'list' in b ? b.list.map((i) => `  - ${i}`).join('\n') : 'scale' in b ? b.scale.map((s) => `  ${p.linkLine(s.label, s.link)}`).join('\n') : p.linkLine(b.label, b.link)))
    .join('\n\n');
  const body = all
    .map((b) =>
      typeof b === 'string'
        ? `<p>${escapeHtml(b)}</p>`
        : 'list' in b
          ? `<ul>${b.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
          : 'scale' in b
            ? `<p>${b.scale.map((s) => `<a href="${escapeHtml(s.link)}" style="display:inline-block;margin-right:8px;padding:8px 12px;border:1px solid #1f4e79;color:#1f4e79;text-decoration:none;border-radius:4px">${escapeHtml(s.label)}</a>`).join('')}</p>`
            : `<p><a href="${escapeHtml(b.link)}" style="display:inline-block;padding:10px 16px;background:#1f4e79;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(b.label)}</a></p>`,
    )
    .join('\n');
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:600px;margin:0 auto;padding:16px">
${body}
</body></html>`;
  return { subject, text, html };
}

/**
 * The answer to a message too large to import (no ticket, no known language: the shop's
 * language first, then the other), with the form's link for a report without the big files.
 */
export function renderRefusal(input: { brand: Brand; subject: string; formUrl: string; maxMegabytes: number; proofMegabytes: number }): RenderedMail {
  const { brand, formUrl, maxMegabytes, proofMegabytes } = input;
  const first = brand.policy.defaultLanguage;
  const quoted = input.subject.trim();
  const parts: Record<Language, Block[]> = {
    fr: [
      'Bonjour,',
      `Votre message${quoted ? ` « ${quoted} »` : ''} n'a pas pu être traité : il dépasse ${maxMegabytes} Mo. Nous ne l'avons pas lu.`,
      `Merci de nous l'envoyer à nouveau sans les pièces jointes volumineuses : pour un justificatif, une capture d'écran ou un PDF de moins de ${proofMegabytes} Mo suffit. Vous pouvez aussi signaler une anomalie de paiement sur notre formulaire :`,
      { link: formUrl, label: 'Signaler une anomalie de paiement' },
      phrases.fr.neverCard,
      brand.policy.senderName.fr,
    ],
    en: [
      'Hello,',
      `Your message${quoted ? ` "${quoted}"` : ''} could not be processed: it is larger than ${maxMegabytes} MB. We have not read it.`,
      `Please send it again without the large attachments: for a proof, a screenshot or a PDF under ${proofMegabytes} MB is enough. You can also report a payment problem on our form:`,
      { link: formUrl, label: 'Report a payment problem' },
      phrases.en.neverCard,
      brand.policy.senderName.en,
    ],
  };
  const second: Language = first === 'fr' ? 'en' : 'fr';
  const subject = first === 'fr' ? 'Votre message n’a pas pu être traité / Your message could not be processed' : 'Your message could not be processed / Votre message n’a pas pu être traité';
  return layout(first, subject, [...parts[first], '—', ...parts[second]]);
}
