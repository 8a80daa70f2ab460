/**
 * What a server process costs, read from Linux's /proc: CPU time (utime + stime, in clock ticks) and
 * resident memory (VmRSS now, VmHWM the high-water mark). Linux only, like the rest of the benchmark.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

const CLK_TCK = clockTicksPerSecond();

/** User + system CPU seconds the process has used since it started. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces: count fields from after its closing parenthesis.
  // What follows starts at field 3 (state); utime is field 14, stime field 15 (man 5 proc).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[14 - 3]) + Number(fields[15 - 3])) / CLK_TCK;
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

export function rssMb(pid: number): number {
  return memoryKb(pid).rss / 1024;
}

export interface RssSampler {
  /** The largest VmRSS seen since the sampler started, in MB. */
  peakMb(): number;
  stop(): void;
}

/** Samples VmRSS every `intervalMs` (the process's own VmHWM also counts its start-up, which we do not want). */
export function sampleRss(pid: number, intervalMs = 100): RssSampler {
  let peakKb = 0;
  const sample = () => {
    try {
      peakKb = Math.max(peakKb, memoryKb(pid).rss);
    } catch {
      // The process has exited; keep what was seen.
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    peakMb: () => {
      sample();
      return peakKb / 1024;
    },
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
  serverS: number;
  /** Every core's busy time, whoever used it. */
  machineS: number;
  /** This (the benchmark's parent) process's own CPU time. */
  selfS: number;
}

/** Call once to open a window on `pid`'s CPU use and the machine's; call the result to close it. */
export function openCpuWindow(pid: number): () => CpuWindow {
  const server = cpuSeconds(pid);
  const machine = machineBusySeconds();
  const self = process.cpuUsage();
  return () => {
    const own = process.cpuUsage(self);
    return { serverS: cpuSeconds(pid) - server, machineS: machineBusySeconds() - machine, selfS: (own.user + own.system) / 1e6 };
  };
}
