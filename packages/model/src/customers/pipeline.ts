// The sales pipeline's stages, configurable per workspace (settings key `pipelineStages`: an
// ordered list of `{ id, name: { en, zh } }`). Untrusted doc content: a malformed list falls back
// to the default, a malformed entry is skipped.
import type * as Y from 'yjs';
import type { OpContext } from '../deps.ts';
import { deepFreeze, type DeepReadonly } from '../projections/freeze.ts';
import { ensureSchema } from '../schema/migrations.ts';
import { workspaceSettings } from '../workspace-doc/workspace-doc.ts';

export interface PipelineStage {
  id: string;
  name: { en: string; zh: string };
}

export const DEFAULT_PIPELINE: DeepReadonly<PipelineStage[]> = deepFreeze([
  { id: 'inquiry', name: { en: 'Inquiry', zh: '询盘' } },
  { id: 'samples', name: { en: 'Samples', zh: '样品' } },
  { id: 'negotiation', name: { en: 'Negotiation', zh: '谈判' } },
  { id: 'payment-terms', name: { en: 'Payment terms', zh: '付款条件' } },
  { id: 'order', name: { en: 'Order', zh: '订单' } },
  { id: 'after-sales', name: { en: 'After-sales', zh: '售后' } },
]);

function isStage(value: unknown): value is PipelineStage {
  if (typeof value !== 'object' || value === null) return false;
  const { id, name } = value as Record<string, unknown>;
  if (typeof id !== 'string' || id === '' || typeof name !== 'object' || name === null) return false;
  const { en, zh } = name as Record<string, unknown>;
  return typeof en === 'string' && typeof zh === 'string';
}

export function pipelineStages(workspace: Y.Doc): DeepReadonly<PipelineStage[]> {
  const raw = workspaceSettings(workspace).get('pipelineStages');
  if (!Array.isArray(raw)) return DEFAULT_PIPELINE;
  const seen = new Set<string>();
  const stages = raw.filter(isStage).filter((stage) => !seen.has(stage.id) && seen.add(stage.id));
  return stages.length > 0 ? deepFreeze(structuredClone(stages)) : DEFAULT_PIPELINE;
}

/** Managers and admins only (the relay lets members read the workspace doc, not write it). */
export function setPipelineStages(workspace: Y.Doc, stages: readonly PipelineStage[], ctx: OpContext): void {
  ensureSchema(workspace, 'workspace');
  workspace.transact(
    () => workspaceSettings(workspace).set('pipelineStages', structuredClone(stages)),
    ctx.actor,
  );
}
