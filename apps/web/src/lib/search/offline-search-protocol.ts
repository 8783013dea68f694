// Messages between the page and the search worker (structured clone: plain data only).
import type { ThreadSummary } from '@wharf/model';
import type { OfflineSearchOptions, OfflineSearchResult, QueryNode, SearchScope } from '@wharf/search';
import type { OfflineSearchStats } from './offline-search-engine.ts';

export type ToSearchWorker =
  | { readonly type: 'start'; readonly userId: string }
  | { readonly type: 'rows'; readonly changed: readonly ThreadSummary[]; readonly removed: readonly string[] }
  | { readonly type: 'refresh-held' }
  | {
      readonly type: 'search';
      readonly id: number;
      readonly ast: QueryNode;
      readonly scope: SearchScope;
      readonly options: OfflineSearchOptions;
    }
  | { readonly type: 'stats'; readonly id: number };

export type FromSearchWorker =
  | { readonly type: 'result'; readonly id: number; readonly result: OfflineSearchResult }
  | { readonly type: 'stats'; readonly id: number; readonly stats: OfflineSearchStats }
  | { readonly type: 'error'; readonly id: number | null; readonly message: string };
