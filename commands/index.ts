import type { CommandModule } from './types.js';
import { threadlineCommand } from './threadline.js';
import { topicCommand } from './topic.js';

/** Every command file; the router and the registry test read this list. */
export const commandModules: CommandModule[] = [topicCommand, threadlineCommand];
