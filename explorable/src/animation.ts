/**
 * A walk's animation, paced by the clock rather than by ticks: it ends on time
 * however long a redraw takes, one step per tick for short walks and at most a few
 * seconds for long ones.
 */
const TICK_MS = 40;
const LONGEST_SECONDS = 8;

/** Shows steps `from` + 1 .. `to` one tick apart, then calls `done`; returns the interval's handle (to clear it). */
export function animateSteps(from: number, to: number, show: (step: number) => void, done: () => void): number {
  const started = performance.now();
  const duration = Math.min(LONGEST_SECONDS * 1000, (to - from) * TICK_MS);
  const timer = window.setInterval(() => {
    const elapsed = duration > 0 ? (performance.now() - started) / duration : 1;
    const step = Math.min(to, from + Math.ceil((to - from) * elapsed));
    show(step);
    if (step < to) return;
    clearInterval(timer);
    done();
  }, TICK_MS);
  return timer;
}
