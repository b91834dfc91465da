import { GroupCommit } from '../../db/group-commit';
import type { Repositories } from '../../db/database';
import { startHarness, type Harness, doubleCharge } from '../support/harness';
import { waitFor } from '../support/wait';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Records one outbox row per item; the unique job id makes a repeated item fail. */
const recordJobs = async (repos: Repositories, jobIds: string[]) => {
  await repos.outbox.add(...jobIds.map((jobId) => ({ queue: 'test', jobId, payload: { jobId } })));
  return jobIds.map((jobId) => `recorded ${jobId}`);
};

function counted() {
  const counter = { transactions: 0 };
  const group = new GroupCommit(
    (work) => {
      counter.transactions++;
      return h.ctx.db.transaction(work);
    },
    recordJobs,
    { concurrency: 1, maxBatch: 50 },
  );
  return { group, counter };
}

describe('group commit', () => {
  it('commits writes that arrive together in shared transactions, each caller getting its own result', async () => {
    const { group, counter } = counted();
    const ids = Array.from({ length: 120 }, (_, i) => `together-${i}`);
    const results = await Promise.all(ids.map((id) => group.run(id)));
    expect(results).toEqual(ids.map((id) => `recorded ${id}`));
    expect(counter.transactions).toBe(3); // 50 + 50 + 20
    for (const id of [ids[0], ids[77], ids[119]]) expect(await h.ctx.db.repos.outbox.findByJobId(id)).toMatchObject({ queue: 'test', processedAt: null });
  });

  afterEach(async () => {
    // The rows written above belong to no real queue: the outbox sweeper must not chase them.
    const rows: Array<{ jobId: string }> = await h.ctx.db.query<any[]>(`SELECT "jobId" FROM outbox_messages WHERE queue = 'test'`);
    await h.ctx.db.repos.outbox.markAllProcessed(rows.map((r) => r.jobId), new Date());
  });

  it('fails only the bad write of a batch: the others are committed on their own', async () => {
    const { group } = counted();
    await group.run('taken-already');
    const outcomes = await Promise.allSettled(['fine-1', 'taken-already', 'fine-2'].map((id) => group.run(id)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await h.ctx.db.repos.outbox.findByJobId('fine-1')).not.toBeNull();
    expect(await h.ctx.db.repos.outbox.findByJobId('fine-2')).not.toBeNull();
  });

  it('takes a burst of reports through intake and triage in batches, each triaged and acknowledged exactly once', async () => {
    const bodies = Array.from({ length: 60 }, (_, i) => ({ ...doubleCharge, customerEmail: `burst${i}@example.fr`, orderNumber: `SFX-BURST-${i}` }));
    // Two customers report the same order twice: the second report is linked to the first.
    bodies.push({ ...bodies[0] });
    const responses = await Promise.all(bodies.map((body) => h.http().post('/api/tickets').send(body)));
    expect(responses.map((r) => r.status)).toEqual(bodies.map(() => 201));
    const ids = responses.map((r) => r.body.id as string);

    await waitFor(async () => (await h.ctx.db.repos.tickets.findByIds(ids)).every((t) => t.triagedAt), 30_000, 'every report triaged');
    const events = async (): Promise<Array<{ ticketId: string; type: string }>> => h.ctx.db.query<any[]>('SELECT "ticketId", "type" FROM ticket_events');
    await waitFor(async () => (await events()).filter((e) => e.type === 'email_sent').length >= ids.length, 30_000, 'every acknowledgement sent');
    const timeline = await events();
    for (const id of ids) {
      const types = timeline.filter((e) => e.ticketId === id).map((e) => e.type);
      expect(types.filter((t) => t === 'triaged')).toHaveLength(1);
      expect(types.filter((t) => t === 'email_sent')).toHaveLength(1);
    }
    const first = (await h.ctx.db.repos.tickets.findById(ids[0]))!;
    const repeat = (await h.ctx.db.repos.tickets.findById(ids[60]))!;
    expect(first.possibleDuplicateOfId === repeat.id || repeat.possibleDuplicateOfId === first.id).toBe(true);
    expect(h.smtp.messages.length).toBeGreaterThanOrEqual(61);
  });
});
