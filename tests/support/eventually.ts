/**
 * Waits for something asynchronous the test cannot be told about directly (a publish showing on a
 * server, a counter catching up): polls `check` until it holds, or fails naming what it waited for.
 * The one polling loop of the suites. A check that throws is retried (the server may not answer
 * yet), except with `GiveUp`: then waiting longer cannot help (the process being waited on died).
 */
export class GiveUp extends Error {}

export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 90_000, everyMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
      lastError = null;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  const cause = lastError instanceof Error ? ` (last: ${lastError.message})` : '';
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for: ${what}${cause}`);
}
