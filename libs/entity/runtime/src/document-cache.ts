/**
 * Parsed and validated documents by their text, least recently used first out. The gateway
 * sends a subgraph the same few documents (its query plans'), so a warm instance parses and
 * validates each once. Bounded by the text it holds: a document's AST is a few times its text.
 */
export class DocumentCache<T> {
  readonly #entries = new Map<string, T>();
  #chars = 0;

  constructor(readonly maxChars: number) {}

  get(text: string): T | undefined {
    const entry = this.#entries.get(text);
    if (entry !== undefined) {
      this.#entries.delete(text);
      this.#entries.set(text, entry);
    }
    return entry;
  }

  set(text: string, entry: T): void {
    if (text.length > this.maxChars || this.#entries.has(text)) return;
    this.#entries.set(text, entry);
    this.#chars += text.length;
    for (const [oldest] of this.#entries) {
      if (this.#chars <= this.maxChars) break;
      this.#entries.delete(oldest);
      this.#chars -= oldest.length;
    }
  }
}
