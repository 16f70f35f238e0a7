import { HandlerTimeDeps } from '../../src/custom-resources/handler-kit';

/**
 * Time, randomness and logging for a custom-resource handler under test: a clock that starts at `start` and moves
 * only when the handler sleeps, a deadline 14 minutes later, no jitter, no timers, and every log line in `logs`.
 */
export function fakeHandlerTime(start: number, logs: string[] = []): HandlerTimeDeps {
  let now = start;
  return {
    deadline: start + 14 * 60_000,
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    random: () => 1,
    log: (message) => logs.push(message),
    setTimer: () => () => undefined,
  };
}
