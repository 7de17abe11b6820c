// Bounded polling: waits for a condition instead of sleeping for a guessed time.

/** Resolves when `check` returns true; rejects naming `what` after `timeoutMs` (a bound for a loaded machine, never a measure). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
