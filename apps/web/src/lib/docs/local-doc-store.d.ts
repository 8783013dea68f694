export interface LocalDocState {
  /** The relay seq the cached copy was last synced at (0: never). */
  seq: number;
  /** Local changes were stored that the relay may not have acknowledged yet. */
  dirty: boolean;
}
export interface LoadedDoc extends LocalDocState {
  update: Uint8Array | undefined;
}
export interface LocalDocStore {
  load(doc: string): Promise<LoadedDoc>;
  append(
    doc: string,
    update: Uint8Array,
    options: {
      local: boolean;
    },
  ): Promise<void>;
  setSeq(doc: string, seq: number): Promise<void>;
  /** Called when the relay acknowledged everything: no doc has unsent changes any more. */
  markAllClean(): Promise<void>;
  /** Names of every cached doc (for diagnostics and the storage figure). */
  docNames(): Promise<string[]>;
  close(): void;
}
/** Merge a doc's log once it holds this many updates. */
export declare const COMPACT_AFTER = 100;
export declare function localDatabaseName(userId: string): string;
export declare function openLocalDocStore(name: string, indexedDB?: IDBFactory): Promise<LocalDocStore>;
