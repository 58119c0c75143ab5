/**
 * Loaded into each Node child of the supervisor (`node --import tsx --import
 * <this file>`): when the supervisor itself dies without stopping its children
 * (kill -9), the child notices that its parent changed and stops cleanly, so
 * no stray API process keeps holding its port. Does nothing when the parent is
 * not the supervisor named in HOTLINE_SUPERVISOR_PID.
 */
const supervisorPid = Number(process.env.HOTLINE_SUPERVISOR_PID);
if (supervisorPid && process.ppid === supervisorPid) {
  const watch = setInterval(() => {
    if (process.ppid === supervisorPid) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
    // A process that does not stop on SIGTERM within 30 s is ended.
    setTimeout(() => process.exit(1), 30_000).unref();
  }, 1000);
  watch.unref();
}
export {};
