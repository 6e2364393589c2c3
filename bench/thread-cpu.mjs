// The CPU time of a page's renderer threads, read from Linux's /proc without any tracing: the
// trace the frame benchmark records for its per-frame figures costs the page's main thread
// time of its own, this does not. The renderer is the Chromium process (--type=renderer) whose
// threads include the page's engine worker (a thread named DedicatedWorker); its main thread
// is the one whose id is the process's. schedstat's first field is the ns a thread has run.
import { readdirSync, readFileSync } from 'node:fs';

const read = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

function threads(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const name = read(`/proc/${pid}/task/${tid}/comm`)?.trim();
    const ran = Number(read(`/proc/${pid}/task/${tid}/schedstat`)?.split(' ')[0]);
    if (name !== undefined && Number.isFinite(ran)) out.set(tid, { name: tid === pid ? 'main' : name, ns: ran });
  }
  return out;
}

/** The renderer processes with an engine worker thread; null where /proc has no schedstat. */
function renderersWithWorker() {
  if (read('/proc/self/schedstat') === null) return null;
  const found = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || !read(`/proc/${pid}/cmdline`)?.includes('--type=renderer')) continue;
    try {
      const t = threads(pid);
      if ([...t.values()].some((x) => x.name === 'DedicatedWorker')) found.push({ pid, threads: t });
    } catch {
      // (the process ended while being read)
    }
  }
  return found;
}

/**
 * A reading of the one renderer that runs an engine worker; end() another, and the ms each
 * thread kind ran between the two (main, DedicatedWorker, Compositor, ...: threads of one name
 * summed). null when there is no such renderer or more than one (then nothing is reported).
 */
export function startThreadCpu() {
  const found = renderersWithWorker();
  if (!found || found.length !== 1) return null;
  const [{ pid, threads: before }] = found;
  return {
    end() {
      let after;
      try {
        after = threads(pid);
      } catch {
        return null;
      }
      const ms = {};
      for (const [tid, { name, ns }] of after) ms[name] = (ms[name] ?? 0) + (ns - (before.get(tid)?.ns ?? 0)) / 1e6;
      return ms;
    },
  };
}
