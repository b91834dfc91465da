import type { AppContext } from '../../core/context';
import type { EvidenceFile } from '../../db/entities/evidence-file.entity';
import type { User } from '../../db/entities/user.entity';
import { statusAfterReply } from '../../domain/ticket-rules';
import { mailQueue } from '../../queues';
import { storeUploads } from '../services/evidence-storage';
import { findTicket } from '../services/find-ticket';
import type { CheckedUpload } from '../uploads';
import { actor, allowed, firstResponse, runAction, withSchedule, type ActionWork } from './run-action';

/**
 * A public reply, e-mailed in the customer's language with its attachments (which the
 * customer also finds on their page); the first one meets the first-response target.
 */
export async function reply(ctx: AppContext, user: User, id: string, version: number, body: string, uploads: CheckedUpload[] = []) {
  const ticket = uploads.length ? await findTicket(ctx.db.repos, id) : null;
  const stored = ticket ? await storeUploads(ctx.config.uploadsDir, ticket.id, uploads, ctx.now(), 'agent') : null;
  try {
    return await runAction(ctx, id, version, replyWork(user, body, stored?.files ?? []));
  } catch (err) {
    await stored?.discard();
    throw err;
  }
}

/** The reply itself, for `reply` and for a macro (whose reply says which macro wrote it). */
export function replyWork(user: User, body: string, files: EvidenceFile[] = [], macro?: { id: string; name: string }): ActionWork {
  return async (ticket, repos, now) => {
    const status = allowed(statusAfterReply(ticket.status));
    await repos.files.insert(files);
    const event = await repos.events.appendOne({
      ticketId: ticket.id,
      type: 'reply',
      actor: actor(user),
      isPublic: true,
      createdAt: now,
      data: { body, authorName: user.name, ...(files.length ? { files: files.map((f) => ({ id: f.id, name: f.originalName })) } : {}), ...(macro ? { macro } : {}) },
    });
    await repos.tickets.update(ticket, withSchedule(ticket, { status, ...(await firstResponse(repos, ticket, now)), updatedAt: now }));
    const mail = await mailQueue.enqueue(repos.outbox, { ticketId: ticket.id, template: 'agent_reply', key: `e${event.id}`, eventId: event.id });
    return { ticket, mails: [mail] };
  };
}
