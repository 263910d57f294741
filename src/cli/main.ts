import { parseArgs } from 'node:util';
import { ConfigError, StoreError, ThreadlineError, UsageError, errorMessage } from '../util/errors.js';
import { loadCliContext, type CliContext } from './context.js';
import { USAGE } from './usage.js';
import { runCommands } from './commands.js';

export type Output = (line: string) => void;

/** Parses argv, runs one command, returns the exit code (0 ok, 1 runtime failure, 2 usage/config). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out: Output = (l) => process.stdout.write(l + '\n'), err: Output = (l) => process.stderr.write(l + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE.main!);
    return command ? 0 : 2;
  }
  const handler = runCommands[command];
  if (!handler) {
    err(`threadline: unknown command "${command}"\n\n${USAGE.main}`);
    return 2;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: rest, options: handler.options, allowPositionals: true, strict: true });
  } catch (e) {
    err(`threadline ${command}: ${errorMessage(e)}\n\n${USAGE[command] ?? ''}`);
    return 2;
  }
  if (parsed.values.help) {
    out(USAGE[command] ?? USAGE.main!);
    return 0;
  }
  let ctx: CliContext;
  try {
    ctx = loadCliContext({ config: parsed.values.config as string | undefined }, env, out);
  } catch (e) {
    err(`threadline: ${errorMessage(e)}`);
    return e instanceof ConfigError ? 2 : 1;
  }
  try {
    return await handler.run(ctx, parsed.positionals, parsed.values);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError) {
      err(`threadline ${command}: ${e.message}\n\n${USAGE[command] ?? ''}`);
      return 2;
    }
    ctx.log.error({ err: e, component: 'cli', command }, 'command failed');
    err(`threadline ${command}: ${e instanceof ThreadlineError || e instanceof StoreError ? e.message : errorMessage(e)}`);
    return 1;
  }
}

