// The pipeline editor's text form: one stage per line, `id: English / 中文`. Pure, so the parse
// rules are tested without a browser.
import type { PipelineStage } from '@wharf/model';

export function pipelineToText(stages: readonly { id: string; name: { en: string; zh: string } }[]): string {
  return stages.map((stage) => `${stage.id}: ${stage.name.en} / ${stage.name.zh}`).join('\n');
}

export type PipelineParse = { ok: true; stages: PipelineStage[] } | { ok: false; line: number };

/** Blank lines are skipped; a line without `id:` or with a repeated id is an error (1-based line). */
export function pipelineFromText(text: string): PipelineParse {
  const stages: PipelineStage[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^([a-z0-9][a-z0-9-]*)\s*[:：]\s*(.+)$/i.exec(line);
    if (!match) return { ok: false, line: i + 1 };
    const id = match[1]!.toLowerCase();
    const [en, zh] = match[2]!.split(/\s*\/\s*/, 2).map((part) => part.trim());
    if (!en || stages.some((stage) => stage.id === id)) return { ok: false, line: i + 1 };
    stages.push({ id, name: { en, zh: zh || en } });
  }
  return stages.length > 0 ? { ok: true, stages } : { ok: false, line: 1 };
}
