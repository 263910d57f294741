/**
 * Hand-written articles for the core tests, modelled on the shape of the product's four
 * source articles (one Meta storyline told by several outlets over weeks, one copy with an
 * unrelated roundup attached) plus look-alike traps. All text is original to these tests;
 * the companies Terravista and Lumenfold and the people in the roundup are invented.
 */

import { item } from './engine-setup.js';

/** The storyline's earliest report: closed-leaning. */
export const closedLean = item({
  source: 'Coin Ledger',
  title: "Meta's superintelligence team debated shelving the open release of Behemoth",
  published: '2025-07-15T18:30:00.000Z',
  text: [
    "Meta's new Superintelligence Lab has discussed moving away from open-sourcing Behemoth, its largest Llama 4 model, according to people familiar with the talks.",
    "The group, assembled by Mark Zuckerberg this summer, weighed keeping the model closed and offering it only through Meta's own products.",
    'Behemoth was delayed earlier this year after internal tests showed weaker results than engineers had hoped.',
    'Some researchers at the lab argued that a closed model would give Meta more control over how its most capable system is used.',
    'No final decision has been made, and the company could still release the weights later.',
    'A Meta spokesperson said the company remains committed to open source AI and plans to keep releasing open models.',
    'The debate marks a possible break with the strategy that made Llama one of the most widely used model families among developers.',
    'Rivals such as OpenAI and Google keep their frontier systems proprietary, while Chinese labs like DeepSeek have gained ground with open weights.',
  ].join(' '),
});

/** Five weeks later, another outlet, other words: the hybrid plan under Alexandr Wang. */
export const hybridPlan = item({
  source: 'Axis Wire',
  title: 'Meta to release some next-generation models openly while keeping its top systems proprietary',
  published: '2025-08-20T13:00:00.000Z',
  text: [
    'Meta plans to make portions of its next generation of AI models available as open source, while its most powerful systems will stay proprietary, according to an internal memo described to reporters.',
    "The hybrid plan is being drawn up under Alexandr Wang, the former Scale AI chief who now leads the company's Superintelligence Lab.",
    'Wang told staff that the lab will decide model by model which releases are safe and useful to publish.',
    "Meta's top frontier models will be reserved for its own apps and for paying partners.",
    'Behemoth was delayed earlier this year after internal tests showed weaker results than engineers had hoped.',
    'Mark Zuckerberg has said in recent months that the company would be careful about what it open-sources as its systems grow more capable.',
    'The first models under the new policy are expected early next year.',
  ].join(' '),
});

const OPEN_PORTIONS_TEXT = [
  "Meta is said to be preparing an open-source release of parts of its newest artificial intelligence models, a step that would reshape the ecosystem of open AI tools. Few details are public, but the plan points to a change in Meta's AI strategy that could put advanced capabilities within reach of far more developers.",
  "If the release goes ahead, researchers and startups would get strong new base models to fine-tune and build on. Open projects and their communities would gain the most, and applications built on large language models could get faster or pick up new features once they adopt Meta's work. The move may also raise pressure on rival model makers such as Google and OpenAI to revisit how much of their own work they publish.",
  "Separately, staff memos describe Meta's push to cut the compute its AI work consumes. An internal scoreboard ranks employees by how many tokens they burn, handing out joke titles to the heaviest users. The contest shows how closely Meta is watching the cost of building and running large models. Using more tokens does not mean better results, but the attention to efficiency matters when operations grow. Savings made inside the company might later show up as cheaper, leaner models for outside users.",
  "Meta's two-track approach, publishing capable models while policing its own usage, sets it apart in the industry. Giving models to the open community brings Meta a larger developer base and feedback, while its efficiency drive protects its edge on cost and performance. Which models Meta actually publishes will decide how much libraries and fine-tuning services benefit.",
];

/** A newsletter item on the same storyline (like seed 001). */
export const openPortions = item({
  source: 'Tool Digest',
  title: 'Meta reportedly plans to open-source parts of its newest AI models',
  published: '2025-09-10T09:00:00.000Z',
  text: OPEN_PORTIONS_TEXT.join('\n'),
});

const ROUNDUP = [
  'Elsewhere in AI this week:',
  'Spanish startup Terravista raised $125 million in a Series B round to build satellite maps of the planet for AI systems. Terravista raises $125 million Series B to map the Earth for AI.',
  'Priya Raman has joined Y Combinator as a general partner, the accelerator said on Tuesday. Priya Raman joins YC as general partner.',
  'A veteran economist says a labour market indicator that has preceded every downturn since the 1950s now points to a recession. The recession signal everyone watches just flashed.',
  'Insurers are struggling to price the risk of new AI data centers as private credit pours into construction. Data center boom strains insurers.',
];

/** Another outlet's copy of `openPortions` with an unrelated roundup appended (like seed 000). */
export const openPortionsWithRoundup = item({
  source: 'Tools Weekly',
  title: 'Meta to open-source portions of its latest AI models',
  published: '2025-09-11T07:00:00.000Z',
  text: [...OPEN_PORTIONS_TEXT, ...ROUNDUP].join('\n'),
});

/** The same copy with the roundup items woven between its paragraphs instead of appended. */
export const openPortionsInterleaved = item({
  source: 'Model Memo',
  title: 'Meta could open-source portions of its latest models',
  published: '2025-09-11T08:00:00.000Z',
  text: [OPEN_PORTIONS_TEXT[0], ROUNDUP[1], OPEN_PORTIONS_TEXT[1], ROUNDUP[3], OPEN_PORTIONS_TEXT[2], ROUNDUP[2], OPEN_PORTIONS_TEXT[3], ROUNDUP[4]].join('\n'),
});

/** The funding story the roundup mentions in passing. */
export const terravistaFunding = item({
  source: 'Startup Ledger',
  title: 'Terravista raises $125 million Series B to map the Earth for AI',
  published: '2025-09-09T10:00:00.000Z',
  text: [
    'Madrid-based Terravista has raised $125 million in a Series B round to expand its fleet of imaging satellites and the geospatial data platform it sells to AI developers.',
    'The round was led by Northgate Ventures, with participation from existing investors.',
    'Terravista says its system records physical changes on the planet, from new roads to flooded fields, and turns them into data that models can learn from.',
    'The company plans to launch eight more satellites next year and to open an office in Denver.',
    'Chief executive Lucia Ferrer said the money would also fund a larger engineering team.',
  ].join(' '),
});

/** Ten days later, another outlet: the same funding round grows. */
export const terravistaFollowUp = item({
  source: 'Orbit Report',
  title: 'Terravista extends its Series B to $140 million as a satellite maker invests',
  published: '2025-09-19T10:00:00.000Z',
  text: [
    'Terravista, the Madrid company that maps physical changes on Earth from orbit for AI developers, has added $15 million to its Series B, bringing the round to $140 million.',
    'The extension comes from the satellite manufacturer that builds its imaging craft, which joins Northgate Ventures on the cap table.',
    'Chief executive Lucia Ferrer said the new money lets Terravista order the eight satellites it plans to launch next year in a single batch.',
    'The geospatial startup announced the first $125 million tranche ten days ago.',
  ].join(' '),
});

/** A different company's funding round in the same week: a look-alike, its own story. */
export const lumenfoldFunding = item({
  source: 'Startup Ledger',
  title: 'Lumenfold raises $80 million Series B for liquid cooling of AI chips',
  published: '2025-09-10T15:00:00.000Z',
  text: [
    'Lumenfold, a Rotterdam startup that builds liquid cooling systems for AI servers, has raised $80 million in a Series B round.',
    'The round was led by Harbor Peak Capital, with participation from existing investors.',
    'Lumenfold says its cold plates let data centers pack more graphics processors into each rack while using less water.',
    'The company plans to open a factory in Texas next year and to double its engineering team.',
    'Chief executive Pieter de Vries said demand from cloud providers had tripled since January.',
  ].join(' '),
});

/** A different Meta story in the same week as `hybridPlan`. */
export const metaNuclear = item({
  source: 'Grid Times',
  title: 'Meta signs 20-year nuclear power deal to supply its AI data centers',
  published: '2025-08-21T15:00:00.000Z',
  text: [
    'Meta has agreed to buy the output of a nuclear power plant in Illinois for 20 years to run its growing fleet of AI data centers, the utility that operates the plant said on Thursday.',
    'The agreement keeps the ageing reactor open beyond the end of its state subsidies and adds capacity through a planned upgrade.',
    'Meta did not disclose the price, but analysts estimate the contract at several billion dollars over its term.',
    'Technology companies are racing to lock in round-the-clock electricity as training clusters draw more power.',
    'The utility said the plant would also keep around a thousand local jobs.',
  ].join(' '),
});

