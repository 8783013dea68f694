import { describe, expect, it } from 'vitest';
import { insertMention, matchMembers, mentionQuery, mentionsIn } from './mentions.ts';

const li = { id: 'u1', name: '李雷', email: 'li@example.com' };
const anna = { id: 'u2', name: 'Anna Smith', email: 'anna@example.com' };

describe('mentions', () => {
  it('finds the partial name being typed after @', () => {
    expect(mentionQuery('hello @An', 9)).toEqual({ start: 6, query: 'An' });
    expect(mentionQuery('@李', 2)).toEqual({ start: 0, query: '李' });
    expect(mentionQuery('mail@example', 12)).toBeUndefined();
  });

  it('matches members by name or email and inserts the chosen one', () => {
    expect(matchMembers([li, anna], 'an')).toEqual([anna]);
    expect(matchMembers([li, anna], '李')).toEqual([li]);
    expect(insertMention('ask @An now', 4, 7, anna)).toEqual({ text: 'ask @Anna Smith  now', caret: 16 });
  });

  it('keeps only mentions still present in the text', () => {
    expect(mentionsIn('thanks @李雷', [li, anna])).toEqual(['u1']);
  });
});
