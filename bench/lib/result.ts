/** What every benchmark reports: rows for the table, plus raw figures for the JSON. */

export interface Figure {
  value: number | null;
  unit: string;
  /** A second reading of the same measurement, e.g. "52.1 MB/s" next to feeds/s. */
  extra?: string;
}

export interface Row {
  bench: string;
  measure: string;
  ours: Figure;
  /** Measured in the same run; null when the row has no natural baseline. */
  baseline: (Figure & { what: string }) | null;
  /** Usually ours / baseline; `meaning` says which way is good. */
  ratio: { value: number | null; meaning: string } | null;
  target: { text: string; met: boolean | null } | null;
  /** Why a figure is missing, or how it was measured. */
  note?: string;
}

export interface BenchResult {
  name: string;
  rows: Row[];
  notes: string[];
  /** Peak resident set of the benchmark's own process (MB). */
  peakRssMB: number;
  durationMs: number;
  /** Raw figures for the JSON file. */
  data: Record<string, unknown>;
  error?: string;
}

export function ratio(ours: number | null, baseline: number | null): number | null {
  if (ours === null || baseline === null || baseline === 0) return null;
  return ours / baseline;
}

/** A row for something we could not measure, never a made-up number. */
export function notAvailable(bench: string, measure: string, why: string, target?: string): Row {
  return {
    bench,
    measure,
    ours: { value: null, unit: '' },
    baseline: null,
    ratio: null,
    target: target ? { text: target, met: null } : null,
    note: `not available: ${why}`,
  };
}
