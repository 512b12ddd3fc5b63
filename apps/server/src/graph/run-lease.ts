// Who drives a request: a process holds a lease on it while it runs the graph, so two processes never run
// the same request and a crashed process's requests are taken over instead of lost.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** How long a run's lease lasts without renewal; the driving process renews it every third of that. */
export const LEASE_MS = 60_000;

/** This process, as a lease owner: `host:pid:nonce`. */
export const leaseOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A lease holder on this host whose process is gone (crashed or killed) holds nothing any more. */
export function holderIsDead(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
