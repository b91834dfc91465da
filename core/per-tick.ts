/**
 * Gathers what is handed in during one turn of the event loop and passes it on in one call
 * (one Redis round trip instead of one per request under load). Each caller's promise
 * settles with that call.
 */
export function perTick<T>(flush: (items: T[]) => Promise<void>): (items: T[]) => Promise<void> {
  let pending: T[] = [];
  let done: Promise<void> | null = null;
  return (items) => {
    pending.push(...items);
    done ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const batch = pending;
      pending = [];
      done = null;
      return flush(batch);
    });
    return done;
  };
}
