import "@testing-library/jest-dom";
import { loadMarkdown } from "@/lib/client/load-markdown";

// Message lists load the Markdown reader on their first render; loaded here, it is there at once, as
// it is in a room the reader has been in for a moment (message-text.test.tsx covers the time before).
beforeAll(() => loadMarkdown());
