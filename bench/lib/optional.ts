/**
 * Loads a module another helper is still writing. Missing (or not compiling to a loadable
 * module) -> null and the reason, so the row can say "not available" instead of failing
 * the whole run. The import stays a literal at the call site, so types still check.
 */
export async function optional<T>(load: () => Promise<T>): Promise<{ mod: T; why: null } | { mod: null; why: string }> {
  try {
    return { mod: await load(), why: null };
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { url?: string };
    if (e.code === 'ERR_MODULE_NOT_FOUND') {
      const missing = /Cannot find module '([^']+)'/.exec(e.message)?.[1] ?? e.message;
      return { mod: null, why: `module missing: ${missing.replace(/^.*\/dist\//, '').replace(/\.js$/, '.ts')}` };
    }
    return { mod: null, why: `module failed to load: ${e.message.split('\n')[0]}` };
  }
}
