// Test support: the MCP Inspector's command-line client (mcpdo) as a third-party MCP client, offline, with
// a private daemon in a temporary HOME that `stop()` shuts down.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const mcpdoBin = fileURLToPath(new URL('../../../../node_modules/.bin/mcpdo', import.meta.url));

export interface McpdoRun {
  code: number;
  stdout: string;
  stderr: string;
  json: unknown;
}

export class Mcpdo {
  private readonly home = mkdtempSync(join(tmpdir(), 'frontdesk-mcpdo-'));
  private env: Record<string, string> = {};

  /** Sets up the private, token-gated daemon for this instance. */
  async start(): Promise<void> {
    this.env = {
      HOME: this.home,
      MCP_INSPECTOR_SECRET_STORE: 'memory',
      MCP_CATALOG_PATH: join(this.home, 'mcp.json'),
    };
    const exports = await this.run(['private']);
    for (const match of exports.stdout.matchAll(/export (\w+)='([^']*)'/g)) this.env[match[1]!] = match[2]!;
    if (!this.env.MCP_INSPECTOR_DAEMON_DIR)
      throw new Error(`mcpdo private printed no daemon:\n${exports.stdout}`);
  }

  run(args: string[], extraEnv: Record<string, string> = {}): Promise<McpdoRun> {
    return new Promise((resolve) => {
      execFile(
        mcpdoBin,
        args,
        { env: { ...process.env, ...this.env, ...extraEnv }, timeout: 90_000 },
        (error, stdout, stderr) => {
          let json: unknown;
          try {
            json = JSON.parse(stdout);
          } catch {
            json = undefined;
          }
          resolve({
            code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
            stdout,
            stderr,
            json,
          });
        },
      );
    });
  }

  /** `mcpdo --format json --connection NAME …` */
  on(connection: string, args: string[]): Promise<McpdoRun> {
    return this.run(['--format', 'json', '--connection', connection, ...args]);
  }

  /** Stops the daemon (and with it every connection and stdio child), then removes the temporary HOME. */
  async stop(): Promise<McpdoRun> {
    const stopped = await this.run(['daemon', 'stop']);
    rmSync(this.home, { recursive: true, force: true });
    return stopped;
  }

  status(): Promise<McpdoRun> {
    return this.run(['daemon', 'status']);
  }
}
