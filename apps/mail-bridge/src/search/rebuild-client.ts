// The CLI side of a search index rebuild: signs in as an admin, starts a rebuild (or joins the one
// running) and prints its progress as JSON lines until it ends. Talks to a running Wharf over its
// REST API, like any admin: the index belongs to the running bridge, which keeps serving searches.
import type { Print } from '../cli-output.ts';
import type { RebuildStatus } from './search-rebuild.ts';

export interface RebuildClientDeps {
  baseUrl: string;
  email: string;
  password: string;
  /** Only print the current progress, start nothing. */
  statusOnly: boolean;
  fetch: typeof fetch;
  print: Print;
  wait: (ms: number) => Promise<void>;
  intervalMs?: number;
}

export const progressLine = (s: RebuildStatus) => ({
  rebuild: s.state,
  done: s.done,
  total: s.total,
  rate: s.rate === null ? null : Math.round(s.rate),
  eta: s.etaSeconds === null ? null : Math.round(s.etaSeconds),
  ...(s.error ? { error: s.error } : {}),
});

async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  return new Error(`${response.status}: ${body.error?.message ?? response.statusText}`);
}

export async function followRebuild(deps: RebuildClientDeps): Promise<RebuildStatus> {
  const login = await deps.fetch(`${deps.baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: deps.email, password: deps.password }),
  });
  if (!login.ok) throw await failure(login);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const url = `${deps.baseUrl}/api/search/rebuild`;
  if (!deps.statusOnly) {
    const started = await deps.fetch(url, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    // 409: one is running already; follow it
    if (started.status !== 202 && started.status !== 409) throw await failure(started);
  }
  for (;;) {
    const response = await deps.fetch(url, { headers: { cookie } });
    if (!response.ok) throw await failure(response);
    const { status } = (await response.json()) as { status: RebuildStatus };
    deps.print(progressLine(status));
    if (deps.statusOnly || status.state !== 'running') return status;
    await deps.wait(deps.intervalMs ?? 1_000);
  }
}
