import { createContext } from 'svelte';
import type { InboxState } from './inbox-state.svelte.ts';

export const [getInbox, setInbox] = createContext<InboxState>();
