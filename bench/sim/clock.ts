// A virtual clock for the campaign simulation: code sleeps on it instead of on timers, and time jumps
// from one wake-up to the next as soon as everything runnable has run, so days pass in milliseconds.

interface Sleeper {
  at: number;
  seq: number;
  wake: () => void;
}

/** A min-heap of sleepers by wake-up time, then by the order they fell asleep. */
class SleeperHeap {
  private readonly items: Sleeper[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): Sleeper | undefined {
    return this.items[0];
  }

  push(item: Sleeper): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): Sleeper | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && before(items[left]!, items[smallest]!)) smallest = left;
        if (right < items.length && before(items[right]!, items[smallest]!)) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

const before = (a: Sleeper, b: Sleeper) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Breaks out of the microtask queue, so everything woken so far runs until it sleeps again. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

export class VirtualClock {
  private ms: number;
  private seq = 0;
  private readonly sleepers = new SleeperHeap();
  /** Wake-ups so far: a measure of the simulation's own work. */
  wakeUps = 0;

  constructor(start: Date) {
    this.ms = start.getTime();
  }

  /** The virtual instant. */
  now = (): Date => new Date(this.ms);

  /** Milliseconds of virtual time. */
  get time(): number {
    return this.ms;
  }

  /** Resolves once `ms` of virtual time have passed. */
  sleep = (ms: number): Promise<void> =>
    new Promise<void>((wake) => {
      this.sleepers.push({ at: this.ms + Math.max(0, ms), seq: this.seq++, wake });
    });

  /** Resolves at the virtual instant `at` (at once if it is past). */
  until(at: number): Promise<void> {
    return this.sleep(at - this.ms);
  }

  /**
   * Runs `main` to its end, moving time forward whenever nothing can run: every sleeper due at the
   * earliest wake-up time wakes together. Throws if `main` waits on something that is not the clock.
   */
  async run<T>(main: Promise<T>): Promise<T> {
    let done = false;
    let failure: { error: unknown } | undefined;
    let value: T | undefined;
    main.then(
      (result) => {
        done = true;
        value = result;
      },
      (error: unknown) => {
        done = true;
        failure = { error };
      },
    );
    await settle();
    while (!done) {
      const first = this.sleepers.peek();
      if (!first) throw new Error('The simulation waits on something that is not its clock');
      this.ms = first.at;
      while (this.sleepers.size > 0 && this.sleepers.peek()!.at === this.ms) this.sleepers.pop()!.wake();
      this.wakeUps++;
      await settle();
    }
    if (failure) throw failure.error;
    return value as T;
  }
}
