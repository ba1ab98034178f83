// A browser tab's sessionStorage for renderer modules run on Node (unit tests stub the global
// with it): the Storage calls those modules make, and a copy as duplicating the tab makes one.
export class TabStorage {
  constructor(private readonly items = new Map<string, string>()) {}
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  get length() {
    return this.items.size;
  }
  copy() {
    return new TabStorage(new Map(this.items));
  }
}
