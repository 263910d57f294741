/** Help text per command; `threadline <command> --help` prints it. */
export const USAGE: Record<string, string> = {
  main: `threadline: AI-industry news for Slack and Discord, one post per story

Usage: threadline <command> [options]

Commands:
  run [--once] [--dry-run]       poll feeds, place stories, post (dry-run prints posts instead)
  feeds                          feed health table
  timeline <topic> [--since 30d] a topic's timeline
  replay <file...>               ingest JSONL articles or feed XML offline; prints one JSON line per article
  eval <labeled.jsonl>           storyline B-cubed and duplicate precision/recall on a labeled set
  status                         deliveries per channel: pending, failed (with reasons), sent
  retry <id|--failed>            re-queue a delivery, or every failed one
  explain <url|article-id>       what happened to an item and why
  manifest slack --url URL       print a Slack app manifest
  register discord [--guild ID]  register slash commands with Discord

Global options: --config PATH (or THREADLINE_CONFIG), --help
Exit codes: 0 ok, 1 runtime failure, 2 usage or configuration error.`,
  run: `Usage: threadline run [--once] [--dry-run]

Polls the configured feeds on their schedule, places each item in a storyline and posts
to subscribed Slack/Discord channels. Without SLACK_BOT_TOKEN or DISCORD_TOKEN (or with
--dry-run) nothing is sent: the posts it would make are printed, threaded by story.
  --once       poll every feed once, deliver, and exit
  --dry-run    print instead of posting (uses an in-memory database unless DATABASE_URL is set)`,
  feeds: `Usage: threadline feeds\n\nPrints each feed's health: last success, last error, consecutive failures, paused.`,
  timeline: `Usage: threadline timeline <topic> [--since 30d|all] [--tz Europe/Paris]\n\nPrints the topic's stories oldest first, with folded copies as "+N more".`,
  replay: `Usage: threadline replay <file...>

Ingests JSONL articles ({id,title,url,published,source,text} per line) or RSS/Atom files
into a fresh in-memory store, in date order, and prints one JSON line per article:
{id, storyline, duplicateOf, topics}.`,
  eval: `Usage: threadline eval <labeled.jsonl>

Replays articles with gold "story" (and optional "duplicateOf") fields in date order and
prints B-cubed precision/recall/F1 for storylines and precision/recall for duplicates.`,
  status: `Usage: threadline status\n\nPending, failed (with reasons) and sent deliveries per channel, and feed health in short.`,
  retry: `Usage: threadline retry <delivery-id> | --failed\n\nPuts a delivery (or every failed one) back in the queue.`,
  explain: `Usage: threadline explain <url|article-id>\n\nSays what happened to an item: posted where, folded into which story (with the similarity), joined which storyline, or filtered out.`,
  manifest: `Usage: threadline manifest slack --url https://your.host\n\nPrints a Slack app manifest (YAML) with every slash command and the request URLs.`,
  register: `Usage: threadline register discord [--guild ID]\n\nRegisters every slash command with Discord (bulk overwrite; a guild updates instantly).`,
};
