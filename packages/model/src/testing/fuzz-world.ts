// The little world the fuzz harness plays in: a mail bridge and a few users' devices sharing
// a handful of threads in two mailboxes, each device with its own skewed clock.
import type { Actor, ModelDeps } from '../deps.ts';
import { BRIDGE_ACTOR, userActor } from '../deps.ts';
import { docName } from '../doc-names.ts';
import { mailboxId, threadId, userId } from '../ids.ts';
import type { MailboxId, ThreadId, UserId } from '../ids.ts';
import type { IndexDocs } from '../index-doc/repair.ts';
import type { ThreadOpContext } from '../thread/write.ts';
import type { Network, Peer } from './network.ts';
import type { Prng } from './prng.ts';

export const USERS: readonly UserId[] = ['ann', 'bob', 'cho'].map(userId);
export const TAGS = ['vip', 'sample', 'urgent'] as const;

export interface WorldThread {
  mailboxId: MailboxId;
  threadId: ThreadId;
  name: string;
}

export const THREADS: readonly WorldThread[] = [
  ['sales', 't1'],
  ['sales', 't2'],
  ['info', 't3'],
].map(([m, t]) => ({
  mailboxId: mailboxId(m!),
  threadId: threadId(t!),
  name: docName({ kind: 'thread', mailboxId: mailboxId(m!), threadId: threadId(t!) }),
}));

export interface WorldClock {
  base: number;
}

export interface Device {
  peer: Peer;
  actor: Actor;
  user: UserId | undefined;
  deps: ModelDeps;
}

export function indexDocsOf(peer: Peer): IndexDocs {
  return (mailbox, bucket) => peer.doc(docName({ kind: 'index', mailboxId: mailbox, bucket }));
}

export function userDocOf(peer: Peer, user: UserId) {
  return peer.doc(docName({ kind: 'user', userId: user }));
}

/** A bridge plus `peerCount - 1` user devices; with 5 peers one user has two devices. */
export function createDevices(net: Network, peerCount: number, clock: WorldClock, prng: Prng): Device[] {
  const devices: Device[] = [];
  for (let i = 0; i < peerCount; i += 1) {
    const user = i === 0 ? undefined : USERS[(i - 1) % USERS.length];
    const name = user ? `${user}-${i}` : 'bridge';
    const skew = prng.int(600_001) - 300_000;
    let n = 0;
    devices.push({
      peer: net.peer(name),
      actor: user ? userActor(user) : BRIDGE_ACTOR,
      user,
      deps: { now: () => clock.base + skew, newId: () => `${name}-${(n += 1)}` },
    });
  }
  return devices;
}

/** Some devices hold the index when they write, some do not (then only repair fixes the row). */
export function contextOf(device: Device, prng: Prng): ThreadOpContext {
  const ctx: ThreadOpContext = { deps: device.deps, actor: device.actor };
  if (prng.chance(0.7)) ctx.index = indexDocsOf(device.peer);
  return ctx;
}
