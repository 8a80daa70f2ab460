/**
 * Readiness (GET /readyz): may a load balancer send this instance new clients? Yes while every backing
 * service answers and the process is not shutting down. Liveness (/healthz) is a separate question:
 * an instance whose Redis is briefly away should stop receiving traffic, not be restarted.
 */

/**
 * Each check gets this long. A load balancer probes every few seconds with a timeout of its own
 * (Elastic Beanstalk's default is 5 s); a backend that needs longer than this to answer a ping is
 * unfit for chat traffic anyway, and a hung one must not hang the probe.
 */
export const CHECK_TIMEOUT_MS = 1_000;

export type CheckOutcome = "ok" | "failed" | "timed_out";

export interface Readiness {
  status: "ok" | "unavailable" | "stopping";
  /** Each check's outcome by name; never the error itself, which could reveal hosts or credentials. */
  checks: Record<string, CheckOutcome>;
}

/** Whether the process has begun a graceful shutdown; from then on it is not ready for new clients. */
export interface Lifecycle {
  readonly stopping: boolean;
  stop(): void;
}

export function createLifecycle(): Lifecycle {
  let stopping = false;
  return {
    get stopping() {
      return stopping;
    },
    stop() {
      stopping = true;
    },
  };
}

async function runCheck(check: () => Promise<void>, timeoutMs: number): Promise<CheckOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve("timed_out"), timeoutMs);
  });
  try {
    // A check that throws synchronously is as failed as one that rejects.
    const outcome = Promise.resolve()
      .then(check)
      .then((): CheckOutcome => "ok", (): CheckOutcome => "failed");
    return await Promise.race([outcome, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs every check at once, each within `timeoutMs`. */
export async function checkReadiness(
  checks: Record<string, () => Promise<void>>,
  lifecycle: Pick<Lifecycle, "stopping">,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<Readiness> {
  const names = Object.keys(checks);
  const outcomes = await Promise.all(names.map((name) => runCheck(checks[name]!, timeoutMs)));
  const results = Object.fromEntries(names.map((name, i) => [name, outcomes[i]!]));
  if (lifecycle.stopping) return { status: "stopping", checks: results };
  return { status: outcomes.every((outcome) => outcome === "ok") ? "ok" : "unavailable", checks: results };
}
