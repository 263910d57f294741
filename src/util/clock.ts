/** The clock is a boundary like any other: tests drive time instead of sleeping. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** A clock fixed at a given instant that moves only when told (or when slept on). */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string = '2025-07-15T12:00:00Z') {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  async sleep(ms: number): Promise<void> {
    this.t += ms;
  }
}
