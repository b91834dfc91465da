import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ApiTokenScope } from '../../domain/api-token';
import { InstantColumn } from '../columns';

/**
 * An API token an admin issued. Only the SHA-256 of the token is kept (domain/api-token.ts);
 * the token acts as its own user row (`userId`, role agent, created disabled so nobody signs in
 * with it, nobody assigns it tickets and no alert goes to it).
 */
@Entity('api_tokens')
export class ApiToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 80 })
  name!: string;

  @Column({ type: 'varchar', length: 8 })
  scope!: ApiTokenScope;

  @Index('idx_api_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  /** `gch_` and the next 6 characters: enough to recognise it in a list. */
  @Column({ type: 'varchar', length: 16 })
  prefix!: string;

  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  /** The admin who issued it. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  createdById!: string | null;

  @InstantColumn()
  createdAt!: Date;

  @InstantColumn({ nullable: true })
  expiresAt!: Date | null;

  /** Written at most every few minutes (LAST_USED_EVERY_MS). */
  @InstantColumn({ nullable: true })
  lastUsedAt!: Date | null;

  @InstantColumn({ nullable: true })
  revokedAt!: Date | null;
}
