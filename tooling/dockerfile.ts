/**
 * Reads the project's Dockerfile into stages and instructions, enough for the container test to run
 * what the image would run. It understands the forms the Dockerfile uses (continuation lines, exec-form
 * CMD, KEY=value ENV, COPY with flags) and throws on anything else rather than guess.
 */
import { readFileSync } from "node:fs";

export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  name: string;
  instructions: Instruction[];
}

export interface Copy {
  from: string | undefined;
  sources: string[];
  destination: string;
}

export function readDockerfile(file: string): Stage[] {
  const logical = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args: args.replace(/\s+/g, " ") };
    if (instruction.keyword === "FROM") {
      stages.push({ name: /\bAS\s+(\S+)$/i.exec(args)?.[1] ?? String(stages.length), instructions: [] });
    } else if (instruction.keyword !== "ARG" || stages.length > 0) {
      const stage = stages.at(-1);
      if (stage === undefined) throw new Error(`${keyword} before the first FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

export function stage(stages: Stage[], name: string): Stage {
  const found = stages.find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no stage named ${name}`);
  return found;
}

export function args(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
}

/** Every ENV of the stage, later ones winning. Values are unquoted KEY=value words. */
export function env(stage: Stage): Record<string, string> {
  const entries = args(stage, "ENV").flatMap((line) =>
    line.split(" ").map((word) => {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=([^"'\s]*)$/.exec(word);
      if (match === null) throw new Error(`ENV word not in KEY=value form: ${word}`);
      return [match[1]!, match[2]!] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** An exec-form command: CMD ["node", "x.js"], or the CMD part of HEALTHCHECK [options] CMD [...]. */
export function execForm(text: string): string[] {
  const json = /(?:^|\bCMD )(\[.*\])$/.exec(text)?.[1];
  if (json === undefined) throw new Error(`not an exec-form command: ${text}`);
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === "string")) throw new Error(`not a list of strings: ${json}`);
  return parsed;
}

export function copies(stage: Stage): Copy[] {
  return args(stage, "COPY").map((line) => {
    const words = line.split(" ");
    const flags = words.filter((word) => word.startsWith("--"));
    const paths = words.filter((word) => !word.startsWith("--"));
    const destination = paths.pop();
    if (destination === undefined || paths.length === 0) throw new Error(`COPY without sources: ${line}`);
    const from = flags.find((flag) => flag.startsWith("--from="))?.slice("--from=".length);
    return { from, sources: paths, destination };
  });
}

/** Splits an npm script such as "A=1 B=2 node x.js && other" into its commands, with leading env assignments apart. */
export function scriptCommands(script: string): Array<{ env: Record<string, string>; argv: string[] }> {
  return script.split("&&").map((command) => {
    const words = command.trim().split(/\s+/);
    const assignments = words.filter((word, i) => /^[A-Z_][A-Z0-9_]*=/.test(word) && words.slice(0, i).every((w) => w.includes("=")));
    const environment = Object.fromEntries(assignments.map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]));
    return { env: environment, argv: words.slice(assignments.length) };
  });
}
