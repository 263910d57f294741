import type { FixtureItem } from '../feeds/feed-fixtures.js';

/** One invented story shared by the pipeline and editorial tests: a lab opens a model's weights. */
export const NORTHWIND_BODY =
  'Northwind Labs released the weights of Aurora-40B, its forty-billion-parameter reasoning model, under a permissive licence on Tuesday. ' +
  'The company said the model matches larger closed systems on maths and coding benchmarks while running on a single accelerator node. ' +
  'Researchers may fine-tune and redistribute the weights, but the licence forbids using the model to train competing frontier systems. ' +
  'Northwind also published the training recipe and a technical report describing its synthetic reasoning data pipeline.';

export const NORTHWIND_STORY: FixtureItem = {
  title: 'Northwind Labs opens the weights of its Aurora-40B reasoning model',
  link: 'https://northwind.example/news/aurora-40b-open-weights',
  guid: 'nw-1001',
  date: 'Tue, 15 Jul 2025 09:00:00 GMT',
  description: NORTHWIND_BODY,
};
