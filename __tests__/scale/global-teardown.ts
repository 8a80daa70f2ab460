import { stopSharedCluster } from "./global-setup";

export default function globalTeardown(): void {
  stopSharedCluster();
}
