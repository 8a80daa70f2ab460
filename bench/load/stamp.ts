/**
 * What a benchmark message carries in its text so that every receiver can measure it on its own:
 * the send time (performance.timeOrigin + performance.now(), which all processes on one machine
 * share) and the index of the server process the sender is connected to, so that a receipt is
 * counted as same-instance or cross-instance.
 */
export interface Stamp {
  sentAtMs: number;
  instance: number;
}

export const nowMs = () => performance.timeOrigin + performance.now();

export function stampText(instance: number, author: string): string {
  return `${nowMs().toFixed(3)} ${instance} benchmark message from ${author}`;
}

export function readStamp(text: string): Stamp {
  const [sentAt = "", instance = ""] = text.split(" ", 2);
  return { sentAtMs: Number.parseFloat(sentAt), instance: Number.parseInt(instance, 10) };
}
