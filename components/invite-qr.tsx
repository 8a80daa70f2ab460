"use client";
import { useEffect, useState } from "react";

/** Light modules around the code, as the QR standard asks, so that cameras find its edges. */
const QUIET_ZONE = 4;

interface Drawn {
  text: string;
  size: number;
  path: string;
}

/** One square per dark module, as a single SVG path. */
function modulesPath(modules: readonly (readonly boolean[])[]): string {
  const parts: string[] = [];
  modules.forEach((row, y) => row.forEach((dark, x) => dark && parts.push(`M${x} ${y}h1v1h-1z`)));
  return parts.join("");
}

/**
 * The QR code of `text` (the invite link), computed in the browser: no request leaves it. The encoder
 * loads on first use, as only an empty room shows a code. Dark modules on white in both colour schemes:
 * cameras read a light-on-dark code less reliably.
 */
export function InviteQr({ text, label }: { text: string; label: string }) {
  const [drawn, setDrawn] = useState<Drawn | null>(null);

  useEffect(() => {
    let current = true;
    import("uqr")
      .then(({ encode }) => {
        const { size, data } = encode(text, { ecc: "M", border: 0 });
        if (current) setDrawn({ text, size, path: modulesPath(data) });
      })
      .catch((error: unknown) => console.error("Could not draw the invite's QR code", error));
    return () => {
      current = false;
    };
  }, [text]);

  const box = "size-36 shrink-0 rounded-lg ring-1 ring-slate-200 dark:ring-slate-700";
  if (drawn === null || drawn.text !== text) return <div aria-hidden="true" className={`${box} bg-white`} />;
  const side = drawn.size + 2 * QUIET_ZONE;
  return (
    <svg role="img" aria-label={label} viewBox={`${-QUIET_ZONE} ${-QUIET_ZONE} ${side} ${side}`} shapeRendering="crispEdges" className={box}>
      <rect x={-QUIET_ZONE} y={-QUIET_ZONE} width={side} height={side} fill="#fff" />
      <path d={drawn.path} fill="#000" />
    </svg>
  );
}
