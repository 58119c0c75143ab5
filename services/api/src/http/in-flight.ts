/**
 * Work the API has started and not finished: requests being answered, and
 * route handlers still running (a client that hangs up does not stop its
 * handler's writes). Shutdown waits for it before closing the database.
 */
let running = 0;
const waiting = new Set<() => void>();

export function beginWork(): () => void {
  running += 1;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    running -= 1;
    if (running === 0) for (const w of waiting) w();
  };
}

export function workDrained(maxMs: number): Promise<void> {
  if (running === 0) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting.delete(done);
      resolve();
    };
    const timer = setTimeout(done, maxMs);
    waiting.add(done);
  });
}
