/**
 * Polls `probe` until it returns something other than undefined, and returns that; past `timeoutMs` it fails with
 * `what`. A probe that throws fails at once: polling waits for a state to arrive, it never retries a wrong answer.
 * For state the server reaches on its own time (a call metered after its client left), without a fixed sleep.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 5000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
