/** The throwaway dovecot lives in scripts/ so that the benchmarks (built without test/) start it too. */
export * from '../../scripts/imap-server';
