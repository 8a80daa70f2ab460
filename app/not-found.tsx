import { PageNotice } from "@/components/page-notice";

export default function NotFound() {
  return (
    <PageNotice eyebrow="404" title="Page not found">
      There is nothing at this address.
    </PageNotice>
  );
}
