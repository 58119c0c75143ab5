/**
 * Named places where crash tests stop a process on purpose. Inert unless the
 * HOTLINE_FAULTS variable names the point, e.g.
 * `HOTLINE_FAULTS=triage.after-write:kill` (SIGKILL itself there) or
 * `...:pause` (hang, so the test can kill it from outside), or `...:delay2000`
 * (take that many milliseconds, so a test can stop the process mid-job).
 */
import { envSetting } from '@hotline/core';

/** Read through the env schema (one format, one error message) the first time a fault point is reached. */
let faults: Map<string, string> | null = null;
const configured = () =>
  (faults ??= new Map(envSetting('HOTLINE_FAULTS').map((f) => [f.point, f.action] as const)));

export async function faultPoint(name: string): Promise<void> {
  const action = configured().get(name);
  if (!action) return;
  if (action === 'kill') process.kill(process.pid, 'SIGKILL');
  if (action === 'pause') {
    process.stderr.write(`fault point ${name}: paused\n`);
    await new Promise(() => {});
  }
  const delay = /^delay(\d+)$/.exec(action);
  if (delay) {
    process.stderr.write(`fault point ${name}: delaying ${delay[1]} ms\n`);
    await new Promise((r) => setTimeout(r, Number(delay[1])));
  }
}
