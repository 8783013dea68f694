// Loads the demo workspace in the browser: opens every doc it writes (and lets each catch up with
// the relay, so routing reads the customers and rules that are there), then writes it as the
// signed-in user, with the session's clock and ids.
import type { AppSession } from '../session/app-session.svelte.ts';
import { demoDocNames, writeDemoWorkspace } from './demo-workspace.ts';

export async function loadDemoWorkspace(session: AppSession): Promise<number> {
  const names = demoDocNames(session.userId);
  await Promise.all(names.map((name) => session.docs.open(name)));
  await Promise.all(names.map((name) => session.docs.whenSynced(name)));
  session.tick();
  return writeDemoWorkspace(
    (name) => {
      const doc = session.docs.get(name);
      if (!doc) throw new Error(`demo doc ${name} is not open`);
      return doc;
    },
    { id: session.userId, name: session.me.name },
    session.opContext(),
  );
}
