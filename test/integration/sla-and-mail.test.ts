import { DateTime } from 'luxon';
import { runSlaWatch } from '../../workers/sla-watch.task';
import { startHarness, type Harness, doubleCharge } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const paris = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Paris' }).toJSDate();

describe('SLA warnings and breaches', () => {
  it('sets deadlines on the business calendar, then warns at 80 % and signals the breach once', async () => {
    h.clock.set(paris('2026-11-20T17:00')); // a Friday, one hour before closing
    const res = await h.http().post('/api/tickets').send({ ...doubleCharge, paymentTime: '2026-11-20T16:00:00+01:00', customerEmail: 'sla@example.fr', orderNumber: 'SFX-SLA' }).expect(201);
    // 60 minutes on Friday, 390 on Monday (210 + 180): Monday 17:00; resolution 1350: Wednesday 17:00.
    expect(res.body.firstResponseDueAt).toBe(paris('2026-11-23T17:00').toISOString());
    expect(res.body.resolutionDueAt).toBe(paris('2026-11-25T17:00').toISOString());
    const id = res.body.id;
    await waitFor(async () => (await h.ctx.db.repos.tickets.findById(id))?.triagedAt, 5000, 'triage');

    const agent = await (await h.signIn()).socket();
    const seen: Array<{ event: string; target: string }> = [];
    agent.onAny((event, n) => n.ticket?.id === id && event.startsWith('ticket.sla') && seen.push({ event, target: n.target }));

    h.clock.set(paris('2026-11-23T15:29')); // 360 business minutes (80 % of 450) fall on Monday 15:30
    expect((await runSlaWatch(h.ctx)).filter((s) => s.target === 'first_response')).toEqual([]);
    h.clock.set(paris('2026-11-23T15:30'));
    await runSlaWatch(h.ctx);
    await runSlaWatch(h.ctx); // a second run signals nothing new
    h.clock.set(paris('2026-11-23T17:00'));
    await runSlaWatch(h.ctx);

    const t = (await h.ctx.db.repos.tickets.findById(id))!;
    expect(t.firstResponseWarnedAt).toEqual(paris('2026-11-23T15:30'));
    expect(t.firstResponseBreachedAt).toEqual(paris('2026-11-23T17:00'));
    expect(t.slaNextCheckAt).toEqual(t.resolutionWarnAt);
    const timeline = (await h.ctx.db.repos.events.list(id)).filter((e) => e.type.startsWith('sla_'));
    expect(timeline.map((e) => `${e.type}:${e.data.target}`)).toEqual(['sla_warning:first_response', 'sla_breached:first_response']);
    await waitFor(() => seen.length === 2, 5000, 'socket SLA events');
    expect(seen).toEqual([
      { event: 'ticket.sla_warning', target: 'first_response' },
      { event: 'ticket.sla_breached', target: 'first_response' },
    ]);
    h.clock.real();
  });
});

describe('when the SMTP server refuses mail for a while', () => {
  it('retries and delivers the acknowledgement once the server accepts again', async () => {
    h.smtp.setRefusing(true);
    const res = await h.http().post('/api/tickets').send({ ...doubleCharge, customerEmail: 'retry@example.fr', orderNumber: 'SFX-RETRY' }).expect(201);
    const jobId = `mail-${res.body.id}-acknowledgement-once`;
    await waitFor(async () => (await h.ctx.dispatcher.queue('mail').getJob(jobId))?.attemptsMade, 10_000, 'a failed attempt');
    expect((await h.ctx.db.repos.outbox.findByJobId(jobId))!.processedAt).toBeNull();
    h.smtp.setRefusing(false);
    await waitFor(() => h.smtp.messages.some((m) => m.subject?.includes(res.body.reference)), 20_000, 'delivery after retry');
    await waitFor(async () => (await h.ctx.db.repos.outbox.findByJobId(jobId))!.processedAt, 5000, 'outbox processed');
  });
});
