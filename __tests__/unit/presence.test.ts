import { createMemoryPresence } from "@/lib/rooms/presence";
import { runPresenceContract } from "../presence-contract";

runPresenceContract("in-process", (caps) => Promise.resolve(createMemoryPresence(caps)));
