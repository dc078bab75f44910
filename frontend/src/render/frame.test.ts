import { describe, expect, it } from 'vitest';
import { FrameTask, type FrameClock } from './frame';

/** A clock whose frames run when the test says so. */
function manualClock() {
  const waiting = new Map<number, FrameRequestCallback>();
  let next = 1;
  const clock: Required<FrameClock> = {
    requestAnimationFrame: (callback) => {
      waiting.set(next, callback);
      return next++;
    },
    cancelAnimationFrame: (handle) => void waiting.delete(handle),
  };
  const tick = () => {
    const callbacks = [...waiting.values()];
    waiting.clear();
    for (const callback of callbacks) callback(0);
  };
  return { clock, waiting, tick };
}

describe('FrameTask', () => {
  it('does the work once in the next frame however often it is scheduled', () => {
    const { clock, waiting, tick } = manualClock();
    let runs = 0;
    const task = new FrameTask(clock, () => runs++);
    task.schedule();
    task.schedule();
    task.schedule();
    expect(waiting.size).toBe(1);
    expect(task.pending).toBe(true);
    expect(runs).toBe(0);
    tick();
    expect(runs).toBe(1);
    expect(task.pending).toBe(false);
    task.schedule();
    tick();
    expect(runs).toBe(2);
  });

  it('flush does the work now, returns its result and drops the waiting frame', () => {
    const { clock, waiting, tick } = manualClock();
    let runs = 0;
    const task = new FrameTask(clock, () => ++runs);
    task.schedule();
    expect(task.flush()).toBe(1);
    expect(waiting.size).toBe(0);
    tick();
    expect(runs).toBe(1);
    expect(task.flush()).toBe(2);
  });

  it('cancel drops the waiting frame without doing the work', () => {
    const { clock, tick } = manualClock();
    let runs = 0;
    const task = new FrameTask(clock, () => runs++);
    task.schedule();
    task.cancel();
    tick();
    expect(runs).toBe(0);
    task.schedule();
    tick();
    expect(runs).toBe(1);
  });

  it('without requestAnimationFrame does the work at once', () => {
    let runs = 0;
    const task = new FrameTask({}, () => runs++);
    task.schedule();
    expect(runs).toBe(1);
    expect(task.pending).toBe(false);
    new FrameTask(null, () => runs++).schedule();
    expect(runs).toBe(2);
  });
});
