// CPU time by process, read from /proc (Linux): what each part of a deployment spends, summed over a process
// and its descendants, so a benchmark can say where the machine's cores went, not only how long clients waited.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /**
   * User plus system CPU time, in seconds: its own, and that of its children that exited and were waited for
   * (a database server's connections come and go; the time of one that closed stays counted in its parent).
   */
  cpuSeconds: number;
}

function readProcs(): ProcStat[] {
  const procs: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after its last ')'.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((field) => Number(fields[field]));
    procs.push({
      pid: Number(name),
      ppid: Number(fields[1]),
      comm,
      cpuSeconds: (utime! + stime! + cutime! + cstime!) / TICKS_PER_SECOND,
    });
  }
  return procs;
}

/** What a group of processes is: the trees under some pids, or every process with one of these names. */
export type ProcessGroup = { pids: number[] } | { names: string[] };

/** CPU seconds spent so far by each group (processes that already exited are not counted). */
export function cpuSeconds(groups: Record<string, ProcessGroup>): Record<string, number> {
  const procs = readProcs();
  const children = new Map<number, ProcStat[]>();
  for (const proc of procs) children.set(proc.ppid, [...(children.get(proc.ppid) ?? []), proc]);
  const byPid = new Map(procs.map((proc) => [proc.pid, proc]));
  const tree = (pid: number): number =>
    (byPid.get(pid)?.cpuSeconds ?? 0) + (children.get(pid) ?? []).reduce((sum, c) => sum + tree(c.pid), 0);
  const totals: Record<string, number> = {};
  for (const [group, members] of Object.entries(groups)) {
    totals[group] =
      'pids' in members
        ? members.pids.reduce((sum, pid) => sum + tree(pid), 0)
        : procs.filter((proc) => members.names.includes(proc.comm)).reduce((sum, p) => sum + p.cpuSeconds, 0);
  }
  return totals;
}

/** The difference of two readings, per group. */
export const cpuSpent = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after).map(([group, seconds]) => [group, seconds - (before[group] ?? 0)]),
  );
