import type { CommandDefinition, Reply, ReplyBlock } from './types.js';

export function ephemeral(text: string, blocks: ReplyBlock[] = [{ type: 'paragraph', text }]): Reply {
  return { visibility: 'ephemeral', text, blocks };
}

/** Short usage for one command: what the user sees after a typo, never silence. */
export function helpFor(def: CommandDefinition, problem?: string): Reply {
  const lines = def.subcommands.map((s) => {
    const opts = s.options.map((o) => (o.required ? `<${o.name}>` : `[${o.choices ? o.choices.join('|') : o.name}]`)).join(' ');
    return `/${def.name} ${s.name}${opts ? ' ' + opts : ''}: ${s.description}`;
  });
  const text = [problem, `Usage of /${def.name}:`, ...lines].filter(Boolean).join('\n');
  const blocks: ReplyBlock[] = [];
  if (problem) blocks.push({ type: 'paragraph', text: problem });
  blocks.push({ type: 'heading', text: `/${def.name}` }, { type: 'list', items: lines.map((l) => ({ text: l })) });
  return ephemeral(text, blocks);
}
