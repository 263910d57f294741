import type { BenchResult, Figure, Row } from './result.js';

/** 3 significant digits, thousands separated: 1,234 / 56.7 / 0.123. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const digits = Number.isInteger(v) || a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function figure(f: Figure | null, what?: string): string {
  if (!f) return '-';
  if (f.value === null) return 'not available';
  const main = `${num(f.value)} ${f.unit}`.trim();
  const head = what ? `${what}: ${main}` : main;
  return f.extra ? `${head} (${f.extra})` : head;
}

function cells(r: Row): string[] {
  const ratio = r.ratio ? (r.ratio.value === null ? '-' : `${r.ratio.value.toFixed(2)}x ${r.ratio.meaning}`) : '-';
  const met = !r.target ? '' : r.target.met === null ? 'n/a' : r.target.met ? 'yes' : '**NO**';
  const ours = r.note?.startsWith('not available') ? r.note : figure(r.ours);
  return [r.bench, r.measure, ours, r.baseline ? figure(r.baseline, r.baseline.what) : '-', ratio, r.target ? `${r.target.text} ${met}`.trim() : '-'];
}

const escape = (s: string): string => s.replace(/\|/g, '\\|');

/** A markdown table with padded columns, readable as is in a terminal and pasteable in the README. */
export function markdownTable(results: BenchResult[]): string {
  const header = ['Benchmark', 'Measure', 'Ours', 'Baseline (same run)', 'Ratio', 'Target'];
  const body: string[][] = [];
  for (const res of results) {
    if (res.error && !res.rows.length) body.push([res.name, 'benchmark crashed', `not available: ${res.error.split('\n')[0]}`, '-', '-', '-']);
    for (const r of res.rows) body.push(cells(r).map(escape));
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (row: string[]): string => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Rows whose note is not a "not available", as footnotes under the table. */
export function footnotes(results: BenchResult[]): string[] {
  const out: string[] = [];
  for (const res of results) {
    for (const r of res.rows) if (r.note && !r.note.startsWith('not available')) out.push(`${r.bench}, ${r.measure}: ${r.note}`);
    out.push(...res.notes);
  }
  return out;
}
