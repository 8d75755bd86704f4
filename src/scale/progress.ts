// A progress bar on stderr for long runs: only on a terminal, only once a run has taken more
// than a second, and wiped before anything else is printed. stdout is never touched.
export interface ProgressStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The bar's text: share done by bytes read, sites so far, their rate and the time left. */
export function progressLine(sites: number, bytes: number, totalBytes: number, elapsedMs: number, width = 80): string {
  const share = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
  const rate = elapsedMs > 0 ? (sites * 1000) / elapsedMs : 0;
  const eta = share > 0 ? ((elapsedMs / 1000) * (1 - share)) / share : NaN;
  const info = ` ${String(Math.floor(share * 100)).padStart(3)}%  ${sites.toLocaleString('en-GB')} sites  ${Math.round(rate).toLocaleString('en-GB')} sites/s  ETA ${Number.isFinite(eta) ? formatDuration(eta) : '--:--'}`;
  const barWidth = Math.max(10, Math.min(30, width - info.length - 12));
  const full = Math.round(share * barWidth);
  return `checking ${'█'.repeat(full)}${'░'.repeat(barWidth - full)}${info}`;
}

export class Progress {
  private readonly start: number;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly enabled: boolean,
    private readonly now: () => number = Date.now,
    private readonly delayMs = 1000,
  ) {
    this.start = now();
  }

  /** Whether a bar should be drawn at all on this stream. */
  static wanted(stream: ProgressStream, quiet: boolean, env: NodeJS.ProcessEnv): boolean {
    return !quiet && stream.isTTY === true && env.TERM !== 'dumb';
  }

  /** Sites checked so far, and bytes of site files read out of `totalBytes`. */
  update(sites: number, bytes: number, totalBytes: number): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.start < this.delayMs || t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.drawn = true;
    this.stream.write(`\r\x1b[2K${progressLine(sites, bytes, totalBytes, t - this.start, this.stream.columns ?? 80)}`);
  }

  /** Wipe the bar, if one was drawn. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
