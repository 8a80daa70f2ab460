import { PageNotice } from "@/components/page-notice";

export default function RoomNotFound() {
  return (
    <PageNotice eyebrow="404" title="Room not found">
      There is no room with that code. Check the link with the person who shared it, or start a new room.
    </PageNotice>
  );
}
