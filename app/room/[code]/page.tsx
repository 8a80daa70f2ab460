import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { RoomScreen } from "@/components/room-screen";
import { formatRoomCode, normalizeRoomCode } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

interface RoomPageProps {
  params: Promise<{ code: string }>;
}

/** The room's canonical code, or null when the URL names no existing room. Cached per request. */
const findRoomCode = cache(async (spelling: string): Promise<string | null> => {
  const code = normalizeRoomCode(spelling);
  if (code === null) return null;
  const room = await (await getServices()).rooms.findRoom(code);
  return room === null ? null : room.code;
});

export async function generateMetadata({ params }: RoomPageProps): Promise<Metadata> {
  const code = await findRoomCode((await params).code);
  // Rooms are private: keep them out of search engines.
  return { title: code === null ? "Room not found" : formatRoomCode(code), robots: { index: false, follow: false } };
}

export default async function RoomPage({ params }: RoomPageProps) {
  const { code: spelling } = await params;
  const code = await findRoomCode(spelling);
  if (code === null) notFound();
  const formatted = formatRoomCode(code);
  if (spelling !== formatted) redirect(`/room/${formatted}`);
  return <RoomScreen key={code} code={code} />;
}
