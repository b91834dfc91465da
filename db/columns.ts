import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

/**
 * Instants are stored as epoch milliseconds in a bigint column: one type that SQLite and
 * PostgreSQL both compare and index the same way, free of time-zone conversions.
 */
const epochMs: ValueTransformer = {
  to: (value?: Date | null) => (value == null ? value : value.getTime()),
  from: (value?: string | number | null) => (value == null ? null : new Date(Number(value))),
};

export const InstantColumn = (options: Omit<ColumnOptions, 'type' | 'transformer'> = {}) =>
  Column({ ...options, type: 'bigint', transformer: epochMs });
