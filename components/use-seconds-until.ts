"use client";
import { useEffect, useState } from "react";

const secondsUntil = (at: number) => Math.max(0, Math.ceil((at - Date.now()) / 1000));

/**
 * Whole seconds left until `at` (epoch ms), never below 0, for a countdown on screen ("retrying in
 * 5 s"). Read four times a second, so the figure changes within a quarter second of the real one; a
 * read that finds the same figure does not re-render. Key the component by `at` to start afresh.
 */
export function useSecondsUntil(at: number): number {
  const [seconds, setSeconds] = useState(() => secondsUntil(at));
  useEffect(() => {
    const timer = setInterval(() => setSeconds(secondsUntil(at)), 250);
    return () => clearInterval(timer);
  }, [at]);
  return seconds;
}
