import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { RoomScreen } from "@/components/room-screen";
import { requestIp } from "@/lib/http/client-ip";
import { lookUpRoom } from "@/lib/rooms/room-lookup";
import { formatRoomCode } from "@/lib/protocol";
import { isDomainError } from "@/lib/errors";
import { getServices } from "@/lib/registry";

export const dynamic = "force-dynamic";

interface RoomPageProps {
  params: Promise<{ code: string }>;
}

/**
 * The room's canonical code, or null when the URL names no existing room. Cached per request.
 * Unknown codes count against the visitor's address like any lookup; an address over the limit
 * gets "not found" for every code, which tells an enumerator nothing.
 */
const findRoomCode = cache(async (spelling: string): Promise<string | null> => {
  const { rooms, limits } = getServices();
  try {
    return await lookUpRoom(rooms, limits, requestIp(await headers()), spelling);
  } catch (error) {
    if (isDomainError(error)) return null;
    throw error;
  }
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
