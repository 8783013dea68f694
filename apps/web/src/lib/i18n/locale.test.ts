import { describe, expect, it } from 'vitest';
import { formatAge, formatListTime, localeFromLanguages } from './locale.ts';
import { MESSAGES, translate } from './messages.ts';

describe('locale', () => {
  it('picks 简体中文 for any Chinese preference and English otherwise', () => {
    expect(localeFromLanguages(['zh-TW', 'en'])).toBe('zh-CN');
    expect(localeFromLanguages(['zh'])).toBe('zh-CN');
    expect(localeFromLanguages(['en-GB', 'zh-CN'])).toBe('en');
    expect(localeFromLanguages(['de-DE'])).toBe('en');
    expect(localeFromLanguages([])).toBe('en');
  });

  it('formats list times in the given zone: a time today, a day this year', () => {
    const now = Date.UTC(2026, 10, 23, 15, 0);
    const morning = Date.UTC(2026, 10, 23, 1, 30);
    // 01:30 UTC is 09:30 the same day in Shanghai, but 20:30 the day before in New York.
    expect(formatListTime(morning, now, { locale: 'en', timeZone: 'Asia/Shanghai' })).toMatch(/09:30/);
    expect(formatListTime(morning, now, { locale: 'en', timeZone: 'America/New_York' })).toMatch(/Nov 22/);
    expect(formatListTime(morning, now, { locale: 'zh-CN', timeZone: 'America/New_York' })).toMatch(
      /11月22日/,
    );
  });

  it('formats ages with the largest unit', () => {
    expect(formatAge(3 * 3_600_000 + 5, 'en')).toMatch(/^3 hr/);
    expect(formatAge(2 * 86_400_000, 'zh-CN')).toMatch(/^2\s*天/);
  });
});

describe('messages', () => {
  it('every locale has every key, and parameters are filled', () => {
    expect(Object.keys(MESSAGES['zh-CN']).sort()).toEqual(Object.keys(MESSAGES.en).sort());
    expect(translate('zh-CN', 'thread.claimedBy', { name: '李雷' })).toBe('李雷 正在回复');
    expect(translate('en', 'status.saved')).toBe('Saved');
  });
});
