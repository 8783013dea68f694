// The list the user came from, so the thread screen can go back to it and step to the next or
// previous conversation with j/k without reopening the list.
export class ListPosition {
  #url = $state.raw('/inbox/unassigned');
  #hrefs = $state.raw<readonly string[]>([]);

  get url(): string {
    return this.#url;
  }

  remember(url: string, hrefs: readonly string[]): void {
    this.#url = url;
    this.#hrefs = hrefs;
  }

  /** The thread after (+1) or before (-1) `current` in that list, if any. */
  step(current: string, by: 1 | -1): string | undefined {
    const index = this.#hrefs.indexOf(current);
    return index < 0 ? undefined : this.#hrefs[index + by];
  }
}
