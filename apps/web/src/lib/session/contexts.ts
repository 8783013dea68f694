import { createContext } from 'svelte';
import type { InboxState } from './inbox-state.svelte.ts';
import type { ListPosition } from './list-position.svelte.ts';

export const [getInbox, setInbox] = createContext<InboxState>();
export const [getListPosition, setListPosition] = createContext<ListPosition>();
