// `atelier ARGS` run in this process through the CLI's main(), its output captured (what it writes
// as it goes, a generation's text, included in stdout): for tests that need no process of their
// own (cli-run.ts runs one, for exit codes under signals and the terminal's view).
import { main } from '../../electron/host/cli';

export async function runMain(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
