import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FakeSlackApi } from '../../test/fakes/slack-api.js';

/**
 * The fake Slack Web API (test/fakes/slack-api.ts) in its own process, as Slack is remote:
 * its CPU is not the worker's. The parent gets its URL and token, then the calls it saw.
 */

export interface SeenCall {
  method: string;
  channel: string | null;
  threadTs: string | null;
  status: number;
  ok: boolean;
  at: number;
}

export interface SlackProcess {
  apiUrl: string;
  token: string;
  calls(): Promise<SeenCall[]>;
  close(): void;
}

type Message = { ready: true; apiUrl: string; token: string } | { calls: SeenCall[] };

export async function startSlackProcess(options: { channelRateLimit: { limit: number; windowMs: number } }): Promise<SlackProcess> {
  const child = fork(fileURLToPath(import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ apiUrl: string; token: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake Slack process exited (${code})`)));
    child.on('message', (m: Message) => 'ready' in m && resolve(m));
    child.send({ start: options });
  });
  child.removeAllListeners('exit');
  return {
    ...ready,
    calls: () =>
      new Promise((resolve) => {
        const on = (m: Message): void => {
          if (!('calls' in m)) return;
          child.off('message', on);
          resolve(m.calls);
        };
        child.on('message', on);
        child.send({ calls: true });
      }),
    close: () => child.kill(),
  };
}

if (process.send && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let fake: FakeSlackApi | null = null;
  process.on('message', (msg: { start?: { channelRateLimit: { limit: number; windowMs: number } }; calls?: boolean }) => {
    if (msg.start) {
      void new FakeSlackApi({ channelRateLimit: msg.start.channelRateLimit }).start().then((f) => {
        fake = f;
        process.send!({ ready: true, apiUrl: f.apiUrl, token: f.token });
      });
    } else if (msg.calls && fake) {
      const calls: SeenCall[] = fake.calls.map((c) => ({
        method: c.method,
        channel: typeof c.args.channel === 'string' ? c.args.channel : null,
        threadTs: typeof c.args.thread_ts === 'string' && c.args.thread_ts ? c.args.thread_ts : null,
        status: c.status,
        ok: c.response.ok === true,
        at: c.at,
      }));
      process.send!({ calls });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
