// Text a streaming formatter must hold until the end of the run (JUnit's cases wait for the counts
// that open their suite; the text report's lines wait for the column widths): kept in memory,
// compressed (raw deflate, about 1 MB of text at a time), and read back in order at the end. Never
// a temporary file: nothing is written outside the paths the user named.
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';

/** Text is compressed in batches of about this many characters. */
const BATCH = 1 << 20;

interface Block {
  /** The records' text, compressed; or, for the last block, not yet compressed. */
  data: Buffer | string[];
  /** Each record's length in UTF-16 units, in order. */
  readonly lengths: number[];
  /** The index of its first record. */
  readonly first: number;
}

/** Records (strings) added in order and read back by index range, held compressed. */
export class Spool {
  private readonly blocks: Block[] = [];
  private open: Block = { data: [], lengths: [], first: 0 };
  private openSize = 0;
  private count = 0;
  /** The last block read back, inflated: records are usually read in the order they were added. */
  private cache: { block: Block; records: string[] } | undefined;

  /** The number of records so far (the index the next one gets). */
  get length(): number {
    return this.count;
  }

  /** Add a record; returns its index. */
  add(record: string): number {
    (this.open.data as string[]).push(record);
    this.open.lengths.push(record.length);
    this.openSize += record.length;
    const index = this.count++;
    if (this.openSize >= BATCH) this.seal();
    return index;
  }

  private seal(): void {
    if (this.open.lengths.length === 0) return;
    const text = (this.open.data as string[]).join('');
    this.open.data = deflateRawSync(Buffer.from(text, 'utf8'), { level: constants.Z_BEST_SPEED });
    this.blocks.push(this.open);
    this.open = { data: [], lengths: [], first: this.count };
    this.openSize = 0;
  }

  private records(block: Block): string[] {
    if (Array.isArray(block.data)) return block.data;
    if (this.cache?.block === block) return this.cache.records;
    const text = inflateRawSync(block.data).toString('utf8');
    const records: string[] = [];
    let at = 0;
    for (const n of block.lengths) {
      records.push(text.slice(at, at + n));
      at += n;
    }
    this.cache = { block, records };
    return records;
  }

  /** The records with indices from `start` up to (not including) `end`, in order. */
  *range(start: number, end: number): Generator<string> {
    // The first block that holds `start` (binary search: the blocks are in record order).
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const b = this.blocks[mid]!;
      if (b.first + b.lengths.length <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k <= this.blocks.length; k++) {
      const block = k < this.blocks.length ? this.blocks[k]! : this.open;
      if (block.first >= end) return;
      const last = block.first + block.lengths.length;
      if (last <= start || block.lengths.length === 0) continue;
      const records = this.records(block);
      for (let i = Math.max(start, block.first); i < Math.min(end, last); i++) yield records[i - block.first]!;
    }
  }

  /** Every record, in order. */
  all(): Generator<string> {
    return this.range(0, this.count);
  }
}
