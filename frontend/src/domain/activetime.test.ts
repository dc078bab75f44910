import { describe, expect, it } from 'vitest';
import { ActiveTime, IDLE_MS } from './activetime';

describe('ActiveTime', () => {
  it('counts nothing before the first activity', () => {
    const time = new ActiveTime(0, true);
    expect(time.peek(30_000)).toBe(0);
  });

  it('counts visible time up to 60 s after the last activity', () => {
    const time = new ActiveTime(0, true);
    time.activity(1_000);
    expect(time.peek(11_000)).toBe(10_000);
    expect(time.peek(1_000 + IDLE_MS + 500_000)).toBe(IDLE_MS);
  });

  it('keeps counting while the person keeps acting', () => {
    const time = new ActiveTime(0, true);
    for (let t = 0; t <= 300_000; t += 30_000) time.activity(t);
    expect(time.take(300_000)).toBe(300_000);
  });

  it('counts nothing while the tab is hidden, however recent the activity', () => {
    const time = new ActiveTime(0, true);
    time.activity(0);
    time.visibility(false, 5_000);
    expect(time.peek(50_000)).toBe(5_000);
    time.activity(50_000); // events while hidden (a timer, say) do not make hidden time count
    expect(time.peek(90_000)).toBe(5_000);
  });

  it('a hidden idle tab counts nothing at all', () => {
    const time = new ActiveTime(0, false);
    expect(time.take(10 * 60_000)).toBe(0);
  });

  it('counts again when the tab is visible and the last activity is recent', () => {
    const time = new ActiveTime(0, true);
    time.activity(0);
    time.visibility(false, 10_000);
    time.visibility(true, 20_000);
    expect(time.peek(70_000)).toBe(10_000 + 40_000); // until 60 s after the activity at 0
  });

  it('take resets, giveBack restores what a failed save took', () => {
    const time = new ActiveTime(0, true);
    time.activity(0);
    const taken = time.take(20_000);
    expect(taken).toBe(20_000);
    expect(time.peek(20_000)).toBe(0);
    time.giveBack(taken);
    expect(time.take(25_000)).toBe(25_000);
  });

  it('a clock that goes back counts nothing for that stretch', () => {
    const time = new ActiveTime(10_000, true);
    time.activity(10_000);
    expect(time.peek(5_000)).toBe(0);
    expect(time.peek(8_000)).toBe(3_000);
  });

  it('an idle stretch longer than the idle limit never takes counted time back', () => {
    const time = new ActiveTime(0, true);
    time.activity(0);
    expect(time.peek(100_000)).toBe(IDLE_MS);
    expect(time.peek(200_000)).toBe(IDLE_MS); // the activity is 200 s old: nothing more, nothing less
    time.visibility(false, 250_000);
    expect(time.peek(300_000)).toBe(IDLE_MS);
  });

  it('giving back nothing or a negative amount changes nothing', () => {
    const time = new ActiveTime(0, true);
    time.activity(0);
    const taken = time.take(10_000);
    time.giveBack(-5_000);
    time.giveBack(0);
    expect(time.peek(10_000)).toBe(0);
    time.giveBack(taken);
    expect(time.peek(10_000)).toBe(10_000);
  });
});

