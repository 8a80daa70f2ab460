import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page is rendered per request so that its inline scripts carry that response's CSP nonce
// (lib/http/security-headers.ts); a prerendered page's scripts would be blocked.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Roomchat", template: "%s · Roomchat" },
  description: "Quick, private group chat. No sign-up: create a room and share its code.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#0b1120" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="h-full bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">{children}</body>
    </html>
  );
}
