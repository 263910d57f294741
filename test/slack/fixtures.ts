import type { FixtureItem } from '../feeds/feed-fixtures.js';

/**
 * One invented Meta storyline: a first report (open-weights angle), a follow-up from
 * another outlet that moves the angle to "closed", and a near-copy of the first report
 * from a third outlet.
 */
export const STORY: FixtureItem = {
  title: 'Meta releases Llama 5 Behemoth with open weights for researchers',
  link: 'https://neuraldispatch.example/news/meta-llama-5-behemoth-open-weights',
  guid: 'nd-llama5',
  date: 'Mon, 14 Jul 2025 09:00:00 GMT',
  description:
    'Meta released Llama 5 Behemoth, its largest language model, with open weights for researchers. Mark Zuckerberg said the open-weight release lets universities study the model, and Meta published a technical report describing the training data, the mixture-of-experts design and the safety evaluations run before launch.',
};

export const FOLLOW_UP: FixtureItem = {
  title: 'Meta will keep its next Llama 5 Behemoth model closed, Zuckerberg says',
  link: 'https://modelledger.example/meta-behemoth-closed',
  guid: 'ml-behemoth-closed',
  date: 'Tue, 15 Jul 2025 15:00:00 GMT',
  description:
    'Mark Zuckerberg told investors that Meta will keep the next version of Llama 5 Behemoth as a closed model, a proprietary system served only through Meta products. The shift follows criticism of the open-weight release of Llama 5 Behemoth last week and a reorganisation of the Meta superintelligence lab.',
};

export const COPY: FixtureItem = {
  title: 'Meta releases Llama 5 Behemoth with open weights for researchers',
  link: 'https://aiwire.example/2025/07/14/meta-llama-5-behemoth',
  guid: 'aiwire-7781',
  date: 'Mon, 14 Jul 2025 11:30:00 GMT',
  description:
    'Meta released Llama 5 Behemoth, its largest language model, with open weights for researchers. Mark Zuckerberg said the open-weight release lets universities study the model, and Meta published a technical report describing the training data, the mixture-of-experts design and the safety evaluations run before launch.',
};
