/**
 * Reads files ahead of their use, in the order they will be used, with a bounded number of reads
 * in flight: through a port whose every read is a round trip (the editor's), the files already
 * read are parsed while the next ones are on their way, instead of waiting for all reads first.
 */
type Immediate = (callback: () => void) => unknown;
const immediate = (globalThis as { setImmediate?: Immediate }).setImmediate;

/**
 * A turn of the event loop: Node's setImmediate where there is one (reads completed meanwhile are
 * handled first, and no timer's minimum delay is waited: a first read of 2,000 iFlows takes a
 * few hundred turns), else a timer (a web worker).
 */
const nextTurn = (resume: () => void): void => {
  if (immediate) immediate(resume);
  else setTimeout(resume, 0);
};

export class ReadAhead {
  private next = 0;
  private inFlight = 0;
  private readonly started = new Map<string, Promise<Uint8Array | undefined>>();
  /** Paths asked for before their read started: read by the caller, so not read here again. */
  private readonly takenEarly = new Set<string>();
  private lastTurn = Date.now();

  constructor(
    private readonly paths: readonly string[],
    private readonly read: (path: string) => Promise<Uint8Array | undefined>,
    private readonly atOnce: number,
    /** Paths not to read ahead (an open editor's text is used instead). */
    private readonly skip: (path: string) => boolean = () => false,
  ) {
    this.fill();
  }

  /** The read started for this path (handed out once), or undefined: the caller reads it itself. */
  take(path: string): Promise<Uint8Array | undefined> | undefined {
    const read = this.started.get(path);
    if (read === undefined) {
      this.takenEarly.add(path);
      return undefined;
    }
    this.started.delete(path);
    return read;
  }

  /**
   * Gives the event loop a turn when the work on the files read has held it for `everyMs`. A read
   * completes as events (a round trip, then the disk), and each read already done lets the next
   * file be worked on at once, as a microtask: without a turn, no other read would complete until
   * every file read so far was worked on, and reading and working would take turns instead of
   * overlapping. The host stays responsive too.
   */
  async turn(everyMs = 8): Promise<void> {
    if (Date.now() - this.lastTurn < everyMs) return;
    await new Promise<void>(nextTurn);
    this.lastTurn = Date.now();
  }

  /** Starts no more reads (the files left are not needed). */
  stop(): void {
    this.next = this.paths.length;
  }

  private fill(): void {
    while (this.inFlight < this.atOnce && this.next < this.paths.length) {
      const path = this.paths[this.next++];
      if (this.takenEarly.has(path) || this.started.has(path) || this.skip(path)) continue;
      this.inFlight++;
      const read = this.read(path);
      this.started.set(path, read);
      const settled = (): void => {
        this.inFlight--;
        this.fill();
      };
      read.then(settled, settled);
    }
  }
}
