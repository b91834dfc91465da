import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small durable state of periodic jobs (the roll-up watermark). */
@Entity('job_state')
export class JobState {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;
}
