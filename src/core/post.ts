/**
 * The platform-neutral post for a placed article: a story opens a thread, a follow-up
 * goes into it with what is new, a copy becomes "also reported by".
 */
import type { Article, Placement, Post, PostKind, SourceRef, Storyline } from './types.js';

export interface PlacedArticle {
  article: Article;
  placement: Placement;
  storyline: Storyline;
}

const KIND: Record<Placement['kind'], PostKind> = { story: 'story', 'follow-up': 'follow-up', duplicate: 'also-reported' };

/** The angle to show: the article's, for the first of its topics that has one. */
export function angleOf(article: Pick<Article, 'topics' | 'angles'>, topic?: string): { topic: string; label: string } | null {
  const topics = topic ? [topic] : [...article.topics, ...Object.keys(article.angles)];
  for (const t of topics) {
    const label = article.angles[t];
    if (label) return { topic: t, label };
  }
  return null;
}

export function sourceRef(article: Pick<Article, 'source' | 'url' | 'title'>): SourceRef {
  return { outlet: article.source, url: article.url, title: article.title };
}

/**
 * `alsoReportedBy`: the other outlets folded into the story so far. For an 'also-reported'
 * post the copy's own outlet is included (last), so a re-render of the story shows it.
 */
export function buildPost(placed: PlacedArticle, alsoReportedBy: SourceRef[] = []): Post {
  const { article, placement, storyline } = placed;
  const kind = KIND[placement.kind];
  const refs = [...alsoReportedBy];
  if (kind === 'also-reported' && !refs.some((r) => r.url === article.url)) refs.push(sourceRef(article));
  const seen = new Set<string>();
  const unique = refs.filter((r) => !seen.has(r.url) && seen.add(r.url));
  return {
    kind,
    articleId: article.id,
    storylineId: storyline.id,
    headline: article.title,
    summary: article.summary,
    whatsNew: kind === 'follow-up' ? [...article.whatsNew] : [],
    outlet: article.source,
    url: article.url,
    published: article.published,
    entities: [...article.entities],
    topics: [...article.topics],
    angle: angleOf(article),
    angleChanged: placement.angleChanged,
    alsoReportedBy: unique,
    body: null,
  };
}
