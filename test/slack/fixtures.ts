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

/** Two unrelated Meta stories: one inside the last 30 days of the tests' clock, one older. */
export const GLASSES: FixtureItem = {
  title: 'Meta adds live translation to its Ray-Ban smart glasses',
  link: 'https://aiwire.example/2025/07/10/meta-glasses-translation',
  guid: 'aiwire-7702',
  date: 'Thu, 10 Jul 2025 08:00:00 GMT',
  description: 'A software update for the Ray-Ban Meta glasses translates speech between English, Spanish, French and Italian and reads the translation aloud through the speakers in the frame.',
};

export const DATA_CENTRE: FixtureItem = {
  title: 'Meta plans a gigawatt data centre campus in Louisiana',
  link: 'https://neuraldispatch.example/news/meta-louisiana-campus',
  guid: 'nd-louisiana',
  date: 'Mon, 12 May 2025 12:00:00 GMT',
  description: 'Meta filed permits for a data centre campus in Louisiana that would draw a gigawatt of power, with construction starting this autumn and gas turbines supplying part of the load.',
};
