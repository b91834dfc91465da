import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '../../domain/roles';
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
}
