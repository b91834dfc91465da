import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** A signed-in browser. The cookie holds a random token; only its sha256 is stored. */
@Entity('sessions')
@Index('idx_sessions_user', ['userId'])
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'varchar', length: 36 })
  userId!: string;

  /** Sent back in X-CSRF-Token on every cookie-authenticated write. */
  @Column({ type: 'varchar', length: 64 })
  csrfToken!: string;

  @InstantColumn()
  createdAt!: Date;

  @InstantColumn()
  expiresAt!: Date;
}
