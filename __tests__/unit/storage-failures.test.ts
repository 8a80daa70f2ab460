import { isDomainError } from "@/lib/errors";
import { isStorageFailure, storageUnavailable } from "@/lib/store/storage-failures";

const withCode = (code: string, message = "boom") => Object.assign(new Error(message), { code });

describe("storage failures (answered unavailable, not internal)", () => {
  it.each([
    ["SQLite: disk full, or SQLITE_MAX_SIZE_MB reached", "SQLITE_FULL"],
    ["SQLite: any I/O error", "SQLITE_IOERR"],
    ["SQLite: a failed write", "SQLITE_IOERR_WRITE"],
    ["SQLite: a failed fsync", "SQLITE_IOERR_FSYNC"],
    ["Node: no space left on the device", "ENOSPC"],
    ["Node: an I/O error", "EIO"],
    ["PostgreSQL disk_full", "53100"],
    ["PostgreSQL insufficient_resources", "53000"],
    ["PostgreSQL io_error", "58030"],
  ])("%s (%s)", (_, code) => {
    expect(isStorageFailure(withCode(code))).toBe(true);
  });

  it("is told to the client as the protocol's unavailable, a DomainError handlers and routes pass on", () => {
    const refusal = storageUnavailable();
    expect(isDomainError(refusal)).toBe(true);
    expect(refusal).toMatchObject({ code: "unavailable", message: expect.stringMatching(/storage is full or failing/) });
  });

  it("finds the code on a wrapped error's cause", () => {
    expect(isStorageFailure(new Error("batch failed", { cause: withCode("SQLITE_FULL") }))).toBe(true);
  });

  it.each([
    ["a unique-key violation", withCode("SQLITE_CONSTRAINT_UNIQUE")],
    ["a busy database", withCode("SQLITE_BUSY")],
    ["PostgreSQL unique_violation", withCode("23505")],
    ["PostgreSQL out_of_memory (not storage)", withCode("53200")],
    ["a refused connection", withCode("ECONNREFUSED")],
    ["an error without a code", new Error("The database write thread stopped")],
    ["a thrown string", "SQLITE_FULL"],
    ["nothing", undefined],
  ])("leaves %s alone", (_, error) => {
    expect(isStorageFailure(error)).toBe(false);
  });
});
