/**
 * Named places where crash tests stop a process on purpose. Inert unless the
 * HOTLINE_FAULTS variable names the point, e.g.
 * `HOTLINE_FAULTS=triage.after-write:kill` (SIGKILL itself there) or
 * `...:pause` (hang, so the test can kill it from outside), or `...:delay2000`
 * (take that many milliseconds, so a test can stop the process mid-job).
 */
const faults = new Map<string, string>(
  (process.env.HOTLINE_FAULTS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [name, action = 'kill'] = s.split(':');
      return [name ?? '', action] as [string, string];
    }),
);

export async function faultPoint(name: string): Promise<void> {
  const action = faults.get(name);
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
