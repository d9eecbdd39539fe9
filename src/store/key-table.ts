/**
 * Model number by lower-cased id: open addressing over precomputed keyHash values (made where items are parsed),
 * so a lookup is one probe of an Int32Array and, on a hash match, one string comparison — no string hashing on
 * this thread. Half full at most; grows by doubling.
 */
export class KeyTable {
  private slots = new Int32Array(1 << 16).fill(-1);
  private mask = (1 << 16) - 1;
  private size = 0;

  constructor(
    private readonly keys: readonly string[],
    private readonly hashes: () => Int32Array,
  ) {}

  /** The model whose key is `id` lower-cased (`hash` is its keyHash), or −1. Lower-cases only on a hash match. */
  find(hash: number, id: string, isKey: boolean): number {
    const hashes = this.hashes();
    let key = isKey ? id : null;
    for (let i = hash & this.mask; ; i = (i + 1) & this.mask) {
      const m = this.slots[i] ?? -1;
      if (m < 0) return -1;
      if (hashes[m] === hash) {
        key ??= id.toLowerCase();
        if (this.keys[m] === key) return m;
      }
    }
  }

  /** Adds model `m` (its key and hash already in the columns). */
  add(m: number): void {
    if (++this.size * 2 > this.slots.length) this.grow();
    this.place(m);
  }

  private place(m: number): void {
    let i = (this.hashes()[m] ?? 0) & this.mask;
    while ((this.slots[i] ?? -1) >= 0) i = (i + 1) & this.mask;
    this.slots[i] = m;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    for (const m of old) if (m >= 0) this.place(m);
  }
}
