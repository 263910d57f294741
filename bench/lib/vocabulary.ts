/**
 * Words the synthetic articles are made of: the AI industry's companies, models and
 * people (names the gazetteer and topic keywords know), the events news is about, and
 * ordinary news prose. Only real-world names that any outlet prints; no copied text.
 */

export interface Org {
  name: string;
  models: string[];
  people: string[];
}

export const ORGS: Org[] = [
  { name: 'OpenAI', models: ['GPT-5', 'ChatGPT', 'GPT-4o', 'Sora', 'o3'], people: ['Sam Altman', 'Greg Brockman', 'Mira Murati'] },
  { name: 'Meta', models: ['Llama 4', 'Behemoth', 'Llama', 'Meta AI app'], people: ['Mark Zuckerberg', 'Alexandr Wang', 'Yann LeCun'] },
  { name: 'Anthropic', models: ['Claude', 'Claude Opus', 'Claude Sonnet'], people: ['Dario Amodei', 'Daniela Amodei', 'Jared Kaplan'] },
  { name: 'Google DeepMind', models: ['Gemini', 'Gemini Ultra', 'AlphaFold', 'Veo'], people: ['Demis Hassabis', 'Koray Kavukcuoglu'] },
  { name: 'Google', models: ['Gemini', 'Bard', 'Gemma'], people: ['Sundar Pichai'] },
  { name: 'Mistral', models: ['Mistral Large', 'Mixtral', 'Codestral'], people: ['Arthur Mensch'] },
  { name: 'DeepSeek', models: ['DeepSeek-R1', 'DeepSeek-V3'], people: ['Liang Wenfeng'] },
  { name: 'Moonshot AI', models: ['Kimi K2', 'Kimi'], people: ['Yang Zhilin'] },
  { name: 'Hugging Face', models: ['SmolLM', 'Zephyr'], people: ['Clement Delangue'] },
  { name: 'xAI', models: ['Grok', 'Grok 4'], people: ['Elon Musk'] },
  { name: 'Microsoft', models: ['Copilot', 'Phi-4'], people: ['Satya Nadella', 'Mustafa Suleyman'] },
  { name: 'Nvidia', models: ['Blackwell', 'H100', 'Nemotron'], people: ['Jensen Huang'] },
  { name: 'Apple', models: ['Apple Intelligence', 'Siri'], people: ['Tim Cook'] },
  { name: 'Amazon', models: ['Nova', 'Alexa+', 'Trainium'], people: ['Andy Jassy'] },
  { name: 'Alibaba', models: ['Qwen', 'Qwen3'], people: ['Eddie Wu'] },
  { name: 'Cohere', models: ['Command R', 'Command A'], people: ['Aidan Gomez'] },
  { name: 'Perplexity', models: ['Sonar', 'Comet'], people: ['Aravind Srinivas'] },
  { name: 'Stability AI', models: ['Stable Diffusion'], people: ['Prem Akkaraju'] },
  { name: 'Safe Superintelligence', models: ['SSI'], people: ['Ilya Sutskever'] },
  { name: 'Thinking Machines Lab', models: ['Tinker'], people: ['Mira Murati'] },
];

export const OUTLETS = [
  { name: 'TechCrunch', host: 'techcrunch.example' },
  { name: 'VentureBeat', host: 'venturebeat.example' },
  { name: 'The Verge', host: 'theverge.example' },
  { name: 'The Decoder', host: 'the-decoder.example' },
  { name: 'MIT Technology Review', host: 'technologyreview.example' },
  { name: 'Ars Technica', host: 'arstechnica.example' },
  { name: 'WIRED', host: 'wired.example' },
  { name: 'SiliconANGLE', host: 'siliconangle.example' },
  { name: 'AI News', host: 'artificialintelligence-news.example' },
  { name: 'Axios', host: 'axios.example' },
  { name: 'Reuters', host: 'reuters.example' },
  { name: 'Bloomberg', host: 'bloomberg.example' },
  { name: 'The Information', host: 'theinformation.example' },
  { name: 'Semafor', host: 'semafor.example' },
  { name: 'CNBC', host: 'cnbc.example' },
];

export type EventKind = 'launch' | 'funding' | 'hire' | 'lawsuit' | 'policy' | 'open-weights' | 'closed-model' | 'deal' | 'outage' | 'research';

export const EVENTS: EventKind[] = ['launch', 'funding', 'hire', 'lawsuit', 'policy', 'open-weights', 'closed-model', 'deal', 'outage', 'research'];

/**
 * Headline and lead templates per event; {org} {model} {person} {other} {amount} {n} {place} and the
 * story's own words {k0}..{k7} are filled in. Every headline carries two of the story's words, as
 * real headlines name what the story is about: two stories of one company on one day differ in them.
 */
export const HEADLINES: Record<EventKind, string[]> = {
  launch: ['{org} launches {model} with {n} new {k0} {k1} features', '{org} unveils {model}, its most capable {k0} {k1} model yet', '{org} rolls out {k0} {k1} in {model} to all users'],
  funding: ['{org} raises {amount} for {k0} {k1} in a new funding round', '{org} is in talks to raise {amount} for its {k0} {k1} bet', 'Investors pour {amount} into {org} {k0} {k1} push'],
  hire: ['{org} hires {person} to lead its new {k0} {k1} lab', '{person} leaves {other} to run {k0} {k1} at {org}', '{org} poaches {n} {k0} {k1} researchers from {other}'],
  lawsuit: ['{other} sues {org} over {k0} {k1} in training data', 'Court rules against {org} in {k0} {k1} copyright lawsuit', '{org} faces a {k0} {k1} lawsuit over {model}'],
  policy: ['Regulators in {place} open a {k0} {k1} inquiry into {org}', '{org} signs the {k0} {k1} code of practice', 'New {k0} {k1} export controls hit {org} in {place}'],
  'open-weights': ['{org} releases {k0} {k1} {model} as open weights', '{org} open-sources {model} {k0} {k1} under a permissive license', '{org} says {k0} {k1} {model} will stay open source'],
  'closed-model': ['{org} may keep {k0} {k1} {model} closed', '{org} weighs a proprietary {k0} {k1} future for {model}', '{org} shelves the open release of {model} {k0} {k1}'],
  deal: ['{org} signs a {amount} {k0} {k1} deal with {other}', '{org} and {other} announce a {k0} {k1} partnership on {model}', '{org} agrees to buy a stake in {other} {k0} {k1} unit'],
  outage: ['{model} {k0} {k1} goes down for hours, {org} blames a configuration change', '{org} restores {model} {k0} {k1} after a global outage', 'Users report {k0} {k1} errors as {model} stalls'],
  research: ['{org} researchers show {model} can solve {n} new {k0} {k1} tasks', '{org} publishes a paper on scaling {k0} {k1} in {model}', 'A new study puts {model} ahead on {k0} {k1}'],
};

export const FOLLOW_UP_HEADLINES = [
  '{person} responds to reports about {org} {k0} {k1} plans',
  '{org} confirms details of {model} {k0} {k1} plans',
  'What the {org} {k0} {k1} news means for {other}',
  '{org} shares more on {model} {k0} {k1} after criticism',
  'Analysts weigh in on the {org} {k0} {k1} move',
  '{org} {k0} {k1} update: {n} more details emerge',
];

export const PLACES = ['the EU', 'the UK', 'California', 'Japan', 'India', 'Brazil', 'Canada', 'South Korea', 'France', 'Germany'];
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** Fact sentences that carry a story; each reuses the story's own words ({k0}..{k7}). */
export const FACT_TEMPLATES = [
  '{org} said on {weekday} that the {k0} {k1} would reach {n} million users by the end of the year.',
  'According to people familiar with the matter, {person} told staff the {k2} plan was a priority for {org}.',
  'The company did not respond to a request for comment about {model} and its {k3} {k4}.',
  '{person} wrote in a post that {model} had been trained on {n} thousand {k5} chips.',
  '{org} valued the {k6} effort at {amount}, a figure that surprised {other}.',
  'Internal documents describe {model} as a {k7} {k0} that could change how {other} competes.',
  'The move follows months of {k1} {k2} between {org} and {other}.',
  'Engineers at {org} have spent {n} weeks on the {k3} work, one of them said.',
  '{other} declined to say whether it would match the {k4} {k5} offer.',
  'A spokesperson for {org} said {model} would be available in {place} within {n} days.',
];

/** Ordinary news prose; sentences drawn from these make the bulk of each text. */
export const WORDS = (
  'the a of to and in that for on with as by at from it its is was be has have had will would could ' +
  'said says company companies people model models data system systems user users new more most market ' +
  'industry week year month report reports according official officials team teams research researchers ' +
  'product products service services business customers developers software hardware chips compute cloud ' +
  'training inference cost costs price prices revenue growth billion million percent share shares investors ' +
  'analysts executives employees staff board deal deals plan plans strategy launch release version feature ' +
  'features tool tools app apps platform platforms access api open closed safety security risk risks ' +
  'policy rules law lawmakers regulators government court case lawsuit copyright content publishers ' +
  'agreement partnership rival rivals competitor competition lead leader leaders chief executive officer ' +
  'founder founders startup startups lab labs group unit division project projects effort efforts work ' +
  'benchmark benchmarks performance results test tests evaluation score scores reasoning agents agent ' +
  'assistant chatbot search video image images voice code coding math science scientists paper papers ' +
  'early later soon recently last next first second third major minor large small fast slow public private ' +
  'internal external global local national federal european american chinese british french ' +
  'however although while because since after before during despite until unless whether ' +
  'also still already just only even again often never always perhaps likely possibly ' +
  'announced confirmed denied declined expected planned raised launched released built trained tested ' +
  'described called named hired left joined moved shifted slowed accelerated expanded reduced cut added ' +
  'moment question answer issue issues problem problems concern concerns debate pressure demand supply ' +
  'center centers power energy network networks infrastructure capacity scale scaling size parameters ' +
  'weights license licenses terms fees subscription subscribers enterprise consumer consumers schools ' +
  'hospitals banks media news outlet outlets sources documents memo statement interview conference event'
).split(' ');

/** Words that make a storyline's own vocabulary (its subject matter). */
export const STORY_WORDS = (
  'superintelligence frontier multimodal reasoning agentic retrieval distillation sparse mixture experts ' +
  'datacenter gigawatt cluster accelerator silicon wafer foundry memory bandwidth latency throughput ' +
  'alignment interpretability jailbreak watermark provenance licensing royalties authors artists musicians ' +
  'newspaper archive transcript medical radiology protein genome weather climate robotics humanoid warehouse ' +
  'autonomous vehicle drone satellite translation dubbing avatar companion tutor homework exam spreadsheet ' +
  'browser extension plugin marketplace storefront advertising sponsorship tender procurement defense pentagon ' +
  'antitrust monopoly merger acquisition stake dividend buyback layoffs restructuring reorganisation hiring ' +
  'compensation bonus equity tender-offer secondary valuation runway burn margin pricing discount free-tier ' +
  'outage incident postmortem configuration rollback latency-spike capacity-crunch waitlist preview beta ' +
  'opensource permissive apache restrictive weights checkpoint tokenizer context-window long-context vision ' +
  'speech audio music video-generation image-generation diffusion transformer recurrent state-space benchmark ' +
  'leaderboard arena evals red-team audit compliance disclosure transparency filing testimony hearing senate ' +
  'parliament commission ministry ombudsman regulator sandbox exemption moratorium ban fine penalty settlement'
).split(' ');
