import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE } from '@wharf/model';
import { pipelineFromText, pipelineToText } from './pipeline-text.ts';

describe('pipeline text', () => {
  it('round-trips the default pipeline', () => {
    expect(pipelineFromText(pipelineToText(DEFAULT_PIPELINE))).toEqual({
      ok: true,
      stages: DEFAULT_PIPELINE,
    });
  });

  it('reads full-width colons, a missing Chinese name and blank lines', () => {
    expect(pipelineFromText('Lead：Lead / 线索\n\ntrial: Trial order')).toEqual({
      ok: true,
      stages: [
        { id: 'lead', name: { en: 'Lead', zh: '线索' } },
        { id: 'trial', name: { en: 'Trial order', zh: 'Trial order' } },
      ],
    });
  });

  it('names the first bad line: no id, a repeated id, nothing at all', () => {
    expect(pipelineFromText('lead: Lead\njust words')).toEqual({ ok: false, line: 2 });
    expect(pipelineFromText('lead: Lead\nlead: Again')).toEqual({ ok: false, line: 2 });
    expect(pipelineFromText('  \n')).toEqual({ ok: false, line: 1 });
  });
});
