import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AlertPreferences } from '../../domain/alerts';
import type { Role } from '../../domain/roles';
import type { Language } from '../../domain/ticket.schemas';
import { InstantColumn } from '../columns';

@Entity('users')
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** Lower-case. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email!: string;

  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  /** argon2id. */
  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'integer', default: 0 })
  failedLoginCount!: number;

  @InstantColumn({ nullable: true })
  lockedUntil!: Date | null;

  @InstantColumn({ nullable: true })
  lastLoginAt!: Date | null;

  @InstantColumn({ nullable: true })
  disabledAt!: Date | null;

  @InstantColumn()
  createdAt!: Date;

  /** The language of the e-mails Guichet sends this user (alerts). */
  @Column({ type: 'varchar', length: 2, default: 'fr' })
  language!: Language;

  /** The alert kinds turned on or off; null or a kind left out: on (domain/alerts.ts `alertPreferencesOf`). */
  @Column({ type: 'simple-json', nullable: true })
  alertPreferences!: Partial<AlertPreferences> | null;

  /** The shops whose unassigned tickets this manager is alerted about; null: every shop. */
  @Column({ type: 'simple-json', nullable: true })
  watchedBrandIds!: string[] | null;
}
