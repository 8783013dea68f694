// The seeded convergence fuzzer (SPEC [FZ1]): 3–5 peers do random operations while the network
// delivers in random order and peers drop off and come back. At the end everyone reconnects,
// everything is delivered, index rows are repaired until nothing changes, and the projections
// every peer's users would see must be identical. A failing seed replays exactly.
import * as Y from 'yjs';
import { repairIndexRow } from '../index-doc/repair.ts';
import { REMOTE_ORIGIN } from '../origins.ts';
import { summarizeThread, bucketFor } from '../index-doc/summary.ts';
import { indexRows } from '../index-doc/repair.ts';
import { collectRows, inboxView } from '../projections/inbox-view.ts';
import type { InboxView } from '../projections/inbox-view.ts';
import { mentionedThreadIds, notificationsView } from '../projections/notifications-view.ts';
import { threadView } from '../projections/thread-view.ts';
import { parseDocName } from '../doc-names.ts';
import { createDevices, indexDocsOf, TAGS, THREADS, userDocOf, USERS } from './fuzz-world.ts';
import type { WorldClock } from './fuzz-world.ts';
import { randomOperation } from './fuzz-ops.ts';
import { createNetwork } from './network.ts';
import type { Network, Peer } from './network.ts';
import { createPrng } from './prng.ts';
import { stableJson } from './stable-json.ts';

export interface FuzzOptions {
  seed: number;
  /**
   * Stand-ins for the final repair and projection steps. Only for proving the harness can fail:
   * a test passes a deliberately broken one and expects some seed to catch it.
   */
  repair?: typeof repairIndexRow;
  project?: typeof peerProjections;
  /** 3–5; drawn from the seed when absent. */
  peers?: number;
  steps?: number;
}

export interface FuzzResult {
  seed: number;
  peers: number;
  ok: boolean;
  /** Why it failed: the first peer and projection that differ, or rows that never settled. */
  problem?: string;
  trace: string[];
}

const VIEWS: readonly InboxView[] = [
  { kind: 'unassigned' },
  { kind: 'mine' },
  { kind: 'mentions' },
  { kind: 'all' },
  { kind: 'snoozed' },
  { kind: 'closed' },
  { kind: 'mailbox', mailboxId: THREADS[0]!.mailboxId },
  { kind: 'tag', tag: TAGS[0] },
];

/** Everything a user of this peer could see, as one comparable string per projection. */
export function peerProjections(peer: Peer, now: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const thread of THREADS)
    out.set(`thread ${thread.name}`, stableJson(threadView(peer.doc(thread.name), now) ?? null));
  const buckets = peer
    .docNames()
    .map((name) => ({ name, ref: parseDocName(name) }))
    .filter((d) => d.ref?.kind === 'index')
    .map((d) => ({ bucket: d.ref?.kind === 'index' ? d.ref.bucket : '', doc: peer.doc(d.name) }));
  const rows = collectRows(buckets);
  for (const user of USERS) {
    const userDoc = userDocOf(peer, user);
    const mentionedThreads = mentionedThreadIds(userDoc);
    for (const view of VIEWS)
      out.set(
        `inbox ${user} ${stableJson(view)}`,
        stableJson(inboxView(rows, view, { me: user, now, mentionedThreads })),
      );
    out.set(`notifications ${user}`, stableJson(notificationsView(userDoc)));
  }
  return out;
}

/** Repairs every thread's row on every peer and delivers, until a round writes nothing. */
function settle(peers: Peer[], flush: () => void, repair: typeof repairIndexRow): boolean {
  for (let round = 0; round < 10; round += 1) {
    let changed = false;
    for (const peer of peers)
      for (const thread of THREADS)
        if (repair(peer.doc(thread.name), indexDocsOf(peer), { kind: 'relay' })) changed = true;
    flush();
    if (!changed) return true;
  }
  return false;
}

/** [IX1]/[IX2] after settling: each thread has exactly its summary, in exactly its bucket. */
function rowProblem(peer: Peer): string | undefined {
  for (const thread of THREADS) {
    const summary = summarizeThread(peer.doc(thread.name));
    if (!summary) continue;
    const target = bucketFor(summary);
    for (const name of peer.docNames()) {
      const ref = parseDocName(name);
      if (ref?.kind !== 'index' || ref.mailboxId !== thread.mailboxId) continue;
      const row = indexRows(peer.doc(name)).get(thread.threadId);
      if (ref.bucket === target ? stableJson(row) !== stableJson(summary) : row !== undefined)
        return `${peer.name}: row of ${thread.name} in ${name} is ${stableJson(row)}`;
    }
  }
  return undefined;
}

/**
 * Heals the network, delivers everything, repairs until quiet, then checks rows and compares the
 * projections of every peer. Returns the first problem found.
 */
function converge(net: Network, peers: Peer[], now: number, options: FuzzOptions): string | undefined {
  net.heal();
  for (const peer of peers) net.reconnect(peer.name);
  net.flush();
  if (!settle(peers, () => net.flush(), options.repair ?? repairIndexRow))
    return 'index rows did not settle in 10 rounds';
  for (const peer of peers) {
    const problem = rowProblem(peer);
    if (problem) return problem;
  }
  const [first, ...rest] = peers.map((peer) => ({
    peer,
    projections: (options.project ?? peerProjections)(peer, now),
  }));
  for (const other of rest)
    for (const [key, value] of first!.projections)
      if (other.projections.get(key) !== value)
        return `${other.peer.name} differs from ${first!.peer.name} in ${key}:\n${value}\n${other.projections.get(key)}`;
  return undefined;
}

/**
 * A new network holding the same docs as `peers`, every peer offline until `converge` runs. The
 * copies write with client ids of their own: Yjs gives a doc a new random id when a remote update
 * carries its own id, and the run would no longer replay.
 */
function copyPeers(peers: readonly Peer[]): { net: Network; peers: Peer[] } {
  const net = createNetwork({ clientIdBase: 1_000 });
  const copies = peers.map((peer) => {
    const copy = net.peer(peer.name);
    net.disconnect(peer.name);
    for (const name of peer.docNames())
      Y.applyUpdate(copy.doc(name), Y.encodeStateAsUpdate(peer.doc(name)), REMOTE_ORIGIN);
    return copy;
  });
  return { net, peers: copies };
}

export function runFuzz(options: FuzzOptions): FuzzResult {
  const prng = createPrng(options.seed);
  const peerCount = options.peers ?? 3 + prng.int(3);
  const steps = options.steps ?? 150;
  const net = createNetwork({ prng });
  // Starts near a month's end so closes land in two month buckets and rows must move between them.
  const clock: WorldClock = { base: Date.UTC(2026, 10, 30, 22, 30) };
  const devices = createDevices(net, peerCount, clock, prng);
  const trace: string[] = [];
  const result = (problem?: string): FuzzResult => ({
    seed: options.seed,
    peers: peerCount,
    ok: problem === undefined,
    ...(problem === undefined ? {} : { problem }),
    trace,
  });

  const peers = devices.map((d) => d.peer);
  for (let step = 0; step < steps; step += 1) {
    // Halfway, a copy of every peer meets the others: their projections must agree there too.
    // The copy leaves the run itself (and so what each seed exercises) untouched.
    if (step === Math.floor(steps / 2)) {
      const copy = copyPeers(peers);
      const problem = converge(copy.net, copy.peers, clock.base, options);
      if (problem) return result(`at the midpoint: ${problem}`);
    }
    clock.base += prng.int(120_001);
    const roll = prng.next();
    if (roll < 0.55) trace.push(randomOperation(prng, clock, prng.pick(devices)));
    else if (roll < 0.85) for (let n = prng.int(8); n > 0 && net.deliverOne(); n -= 1);
    else if (roll < 0.91) {
      const device = prng.pick(devices);
      net.disconnect(device.peer.name);
      trace.push(`disconnect ${device.peer.name}`);
    } else if (roll < 0.96) {
      const device = prng.pick(devices);
      net.reconnect(device.peer.name);
      trace.push(`reconnect ${device.peer.name}`);
    } else if (roll < 0.98) {
      const names = devices.map((d) => d.peer.name);
      const groups = [names.filter(() => prng.chance(0.5))];
      net.partition(groups);
      trace.push(`partition ${groups[0]!.join(',')} | rest`);
    } else {
      net.heal();
      trace.push('heal');
    }
  }

  return result(converge(net, peers, clock.base, options));
}
