// The "under load" condition of the frame benchmark: a second CPU-bound process pinned to core 0,
// as a busy machine would have (a build, another tab). Started right before the loaded cases and
// killed after; killed too if the benchmark throws, exits or is interrupted, so it never outlives it.
import { spawn } from 'node:child_process';

/** Starts the load; returns { pid, stop() }. Needs taskset (util-linux). */
export function startLoad() {
  const child = spawn('taskset', ['-c', '0', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    child.kill('SIGKILL');
  };
  // A signal handler replaces Node's default exit, so exit here after stopping the load.
  const interrupted = (signal) => {
    stop();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', stop);
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);
  const started = new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`could not start the load (taskset -c 0 node): ${error.message}`)));
  });
  return { pid: child.pid, started, stop };
}
