import { describe, expect, it } from 'vitest';
import { bytes, count, duration, errorText, when } from './format';

describe('dashboard formatting', () => {
  it('counts in the singular or plural', () => {
    expect(count(1, 'document')).toBe('1 document');
    expect(count(0, 'document')).toBe('0 documents');
    expect(count(3, 'person', 'people')).toBe('3 people');
  });

  it('writes durations in seconds, minutes or hours', () => {
    expect(duration(0)).toBe('0 s');
    expect(duration(59.4)).toBe('59 s');
    expect(duration(60)).toBe('1 min');
    expect(duration(3599)).toBe('60 min');
    expect(duration(5400)).toBe('1.5 h');
  });

  it('writes sizes in B, KB or MB', () => {
    expect(bytes(512)).toBe('512 B');
    expect(bytes(2048)).toBe('2.0 KB');
    expect(bytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });

  it('writes a time in the locale, nothing for none or nonsense', () => {
    expect(when('2026-01-02T03:04:05Z', 'en-GB')).toBe(new Date('2026-01-02T03:04:05Z').toLocaleString('en-GB'));
    expect(when(null)).toBe('');
    expect(when('')).toBe('');
    expect(when('not a date')).toBe('');
  });

  it('takes the message of an error, or the text of anything else', () => {
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText('plain')).toBe('plain');
    expect(errorText(404)).toBe('404');
  });
});
