import type { Post, SourceRef } from '../../core/types.js';
import type { Store, ThreadRef } from '../../store/store.js';

/** What a storyline's root message in one channel currently shows. */
export interface RootView {
  post: Post;
  /** An 'update' was applied: the root carries the "updated" marker. */
  updated: boolean;
  /**
   * The root was posted by a follow-up because the channel's earlier root could no longer
   * take replies (deleted): a re-render keeps the note saying so.
   */
  replacesLostThread: boolean;
}

/**
 * chat.update replaces a message wholesale, so re-rendering the root ("also reported
 * by", source edits) needs what it shows now. That is derived from the outbox, not kept
 * separately: the sent deliveries whose message is the root, oldest first (the story,
 * then updates and "also reported by" edits, which record the root's ts as theirs).
 * Returns null when no sent delivery made that root (e.g. it was posted by hand).
 */
export function currentRootView(store: Store, ref: ThreadRef): RootView | null {
  const sent = store
    .listStorylineArticles(ref.storylineId)
    .flatMap((a) => store.listDeliveries({ articleId: a.id, channelId: ref.channelId }))
    .filter((d) => d.platform === 'slack' && d.status === 'sent')
    .sort((a, b) => a.id - b.id);
  const onRoot = sent.filter((d) => d.messageId === ref.messageId);
  const first = onRoot[0];
  if (!first) return null;
  const replacesLostThread = first.kind !== 'story' && sent.some((d) => d.id < first.id && d.messageId !== ref.messageId);
  let post: Post = { ...first.post, kind: 'story' };
  let updated = false;
  for (const d of onRoot.slice(1)) {
    if (d.kind === 'update') {
      post = applyUpdate(post, d.post);
      updated = true;
    } else if (d.kind === 'also-reported') {
      post = withSources(post, sourcesOf(d.post));
    }
  }
  return { post, updated, replacesLostThread };
}

/** An edit at the source changes what the article says, not which outlets ran it. */
export function applyUpdate(root: Post, update: Post): Post {
  return {
    ...root,
    headline: update.headline,
    summary: update.summary,
    url: update.url,
    alsoReportedBy: mergeSources(root.alsoReportedBy, update.alsoReportedBy),
  };
}

/** The outlets an also-reported post brings: its list (every copy so far) and itself. */
export function sourcesOf(post: Post): SourceRef[] {
  return mergeSources(post.alsoReportedBy, [{ outlet: post.outlet, url: post.url, title: post.headline }]);
}

export function withSources(root: Post, sources: SourceRef[]): Post {
  return { ...root, alsoReportedBy: mergeSources(root.alsoReportedBy, sources) };
}

function mergeSources(a: SourceRef[], b: SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return [...a, ...b].filter((s) => (seen.has(s.url) ? false : (seen.add(s.url), true)));
}
