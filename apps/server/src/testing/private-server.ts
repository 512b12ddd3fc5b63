// Test support: a server process of our own (nats-server, redis-server) on a free port, which a test may
// kill and start again. Started means answering: `start` waits until `answers()` says so.
import { spawn, type ChildProcess } from 'node:child_process';

export class ServerProcess {
  private child: ChildProcess | undefined;

  constructor(
    private readonly name: string,
    private readonly command: () => { binary: string; args: string[] },
    private readonly answers: () => Promise<boolean>,
  ) {}

  /** Spawns the server and resolves once it answers (within 10 s), or rejects. */
  async start(): Promise<void> {
    const { binary, args } = this.command();
    const child = spawn(binary, args, { stdio: 'ignore' });
    this.child = child;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}`);
      if (await this.answers()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} did not answer within 10 s`);
  }

  /** Kills the server (SIGKILL: no goodbye to clients) and waits for it to be gone. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  }
}
