import type IORedis from 'ioredis';

export type Activity = 'viewing' | 'replying';
export interface Viewer {
  userId: string;
  name: string;
  activity: Activity;
}

/** How long a presence lasts without a heartbeat (clients beat every 20 s). */
export const PRESENCE_TTL_MS = 45_000;

/**
 * Who is viewing or replying to a ticket, shared by every API process through Redis: a
 * sorted set per ticket whose scores are expiry times. Presence is a courtesy, so when
 * Redis is down it is simply empty.
 */
export class Presence {
  constructor(
    private readonly redis: IORedis,
    private readonly prefix: string,
  ) {}

  private key(ticketId: string) {
    return `${this.prefix}:presence:${ticketId}`;
  }

  async set(ticketId: string, viewer: Viewer, now = Date.now()): Promise<void> {
    const key = this.key(ticketId);
    const existing = await this.redis.zrange(key, 0, -1);
    const multi = this.redis.multi();
    for (const member of existing) if ((JSON.parse(member) as Viewer).userId === viewer.userId) multi.zrem(key, member);
    multi.zadd(key, now + PRESENCE_TTL_MS, JSON.stringify(viewer)).pexpire(key, PRESENCE_TTL_MS * 2);
    await multi.exec();
  }

  async remove(ticketId: string, userId: string): Promise<void> {
    const key = this.key(ticketId);
    for (const member of await this.redis.zrange(key, 0, -1)) {
      if ((JSON.parse(member) as Viewer).userId === userId) await this.redis.zrem(key, member);
    }
  }

  /** Current viewers of each ticket, in one round trip. */
  async viewers(ticketIds: string[], now = Date.now()): Promise<Map<string, Viewer[]>> {
    const result = new Map<string, Viewer[]>();
    if (!ticketIds.length) return result;
    try {
      const pipeline = this.redis.pipeline();
      for (const id of ticketIds) pipeline.zrangebyscore(this.key(id), now, '+inf');
      const replies = (await pipeline.exec()) ?? [];
      ticketIds.forEach((id, i) => result.set(id, ((replies[i]?.[1] as string[]) ?? []).map((m) => JSON.parse(m) as Viewer)));
    } catch {
      // Redis down: nobody is shown as present.
    }
    return result;
  }
}
