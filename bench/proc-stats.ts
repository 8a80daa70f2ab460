/**
 * What a server process costs, read from Linux's /proc: CPU time (utime + stime, in clock ticks) and
 * resident memory (VmRSS now, VmHWM the high-water mark). Linux only, like the rest of the benchmark.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

const CLK_TCK = clockTicksPerSecond();

/** Fields 3 onwards of /proc/<pid>/stat (state first), so that `field(n)` is man 5 proc's field n. */
function statFields(pid: number): (n: number) => number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces: count fields from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (n) => Number(fields[n - 3]);
}

/** User + system CPU seconds the process has used since it started (utime, stime: fields 14, 15). */
export function cpuSeconds(pid: number): number {
  const field = statFields(pid);
  return (field(14) + field(15)) / CLK_TCK;
}

/**
 * CPU seconds of a process and its children: its own, that of the children it has reaped (cutime,
 * cstime), and that of the children still running. A PostgreSQL server forks a process per
 * connection; counted this way a backend that exits between two readings is neither lost nor
 * counted twice, since its parent's cutime takes it over.
 */
export function treeCpuSeconds(rootPid: number): number {
  const root = statFields(rootPid);
  let ticks = root(14) + root(15) + root(16) + root(17);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const field = statFields(Number(entry));
      if (field(4) === rootPid) ticks += field(14) + field(15) + field(16) + field(17);
    } catch {
      // Gone since the directory was read.
    }
  }
  return ticks / CLK_TCK;
}

export interface MemoryKb {
  rss: number;
  highWaterMark: number;
}

export function memoryKb(pid: number): MemoryKb {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: field("VmRSS"), highWaterMark: field("VmHWM") };
}

/** Resident memory of all the processes together, in MB. */
export function rssMb(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => sum + memoryKb(pid).rss, 0) / 1024;
}

export interface RssSampler {
  /** The largest VmRSS of all the processes together seen since the sampler started, in MB. */
  peakMb(): number;
  /** Each process's own largest VmRSS, in MB, in the order of the pids given. */
  peakMbEach(): number[];
  stop(): void;
}

/** Samples VmRSS every `intervalMs` (a process's own VmHWM also counts its start-up, which we do not want). */
export function sampleRss(pids: readonly number[], intervalMs = 100): RssSampler {
  let peakKb = 0;
  const peakEachKb = pids.map(() => 0);
  const sample = () => {
    let totalKb = 0;
    pids.forEach((pid, i) => {
      try {
        const kb = memoryKb(pid).rss;
        totalKb += kb;
        peakEachKb[i] = Math.max(peakEachKb[i] ?? 0, kb);
      } catch {
        // The process has exited; keep what was seen.
      }
    });
    peakKb = Math.max(peakKb, totalKb);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    peakMb: () => {
      sample();
      return peakKb / 1024;
    },
    peakMbEach: () => peakEachKb.map((kb) => kb / 1024),
    stop: () => clearInterval(timer),
  };
}

/** CPU seconds every core of the machine has spent busy since boot (/proc/stat: all but idle and iowait). */
export function machineBusySeconds(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  // cpu user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq + steal) / CLK_TCK;
}

export interface CpuWindow {
  /** The server's processes together. */
  serverS: number;
  /** The database and Redis that a multi-instance app relies on (0 for a single process). */
  backingS: number;
  /** Every core's busy time, whoever used it. */
  machineS: number;
  /** This (the benchmark's parent) process's own CPU time. */
  selfS: number;
}

/** Several windows (the rounds of one run) as one. */
export function addCpuWindows(windows: readonly CpuWindow[]): CpuWindow {
  const sum = (pick: (window: CpuWindow) => number) => windows.reduce((total, window) => total + pick(window), 0);
  return { serverS: sum((w) => w.serverS), backingS: sum((w) => w.backingS), machineS: sum((w) => w.machineS), selfS: sum((w) => w.selfS) };
}

/**
 * Call once to open a window on the CPU use of `pids` (summed), of the backing services (read with
 * `backingCpuS`) and of the machine; call the result to close it.
 */
export function openCpuWindow(pids: readonly number[], backingCpuS: () => number = () => 0): () => CpuWindow {
  const serverCpu = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const server = serverCpu();
  const backing = backingCpuS();
  const machine = machineBusySeconds();
  const self = process.cpuUsage();
  return () => {
    const own = process.cpuUsage(self);
    return {
      serverS: serverCpu() - server,
      backingS: backingCpuS() - backing,
      machineS: machineBusySeconds() - machine,
      selfS: (own.user + own.system) / 1e6,
    };
  };
}
