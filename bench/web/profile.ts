// `--profile`: one extra offline reload under the V8 sampling profiler (over CDP), summarised as
// the functions with the most self time, so a missed paint goal names its cost.
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  selfMs: number;
}

export async function profileReload(
  page: Page,
  untilPainted: () => Promise<unknown>,
  top = 15,
): Promise<HotFunction[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.reload({ waitUntil: 'commit' });
  await untilPainted();
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  await cdp.detach();

  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);
  const label = (frame: ProfileNode['callFrame']) => {
    const file = frame.url.split('/').at(-1) ?? '';
    return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
  };
  const selfUs = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    // A builtin (no url) is named with its caller: "decode" alone says nothing.
    const builtin = frame.url === '' && !frame.functionName.startsWith('(');
    const caller = builtin ? parents.get(id)?.callFrame : undefined;
    const key = caller ? `${label(frame)} ← ${label(caller)}` : label(frame);
    selfUs.set(key, (selfUs.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...selfUs]
    .sort((x, y) => y[1] - x[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: Math.round(us / 100) / 10 }));
}
