package org.scr4j.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("try") // locks are held by try blocks, not used in them
class ControlLockTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LEASE = Duration.ofSeconds(120);

    @TempDir
    Path tmp;
    private FileSystem fs;
    private org.apache.hadoop.fs.Path lockFile;

    @BeforeEach
    void setUp() {
        fs = Local.fs();
        lockFile = Local.hadoop(tmp.resolve("index.lock"));
    }

    private static List<String> names(Path dir) {
        List<String> names = new ArrayList<>(List.of(dir.toFile().list()));
        names.sort(null);
        return names;
    }

    @Test
    void theLockFileNamesItsOwner() throws Exception {
        try (ControlLock lock = ControlLock.acquire(fs, lockFile, SHORT, LEASE)) {
            JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(tmp.resolve("index.lock")));
            assertEquals(Local.owner(), json.get("owner").textValue());
            assertTrue(json.get("acquired").isIntegralNumber());
        }
        assertFalse(Files.exists(tmp.resolve("index.lock")));
    }

    @Test
    void aSecondAcquireTimesOutNamingTheOwnerAndTheFix() throws Exception {
        try (ControlLock held = ControlLock.acquire(fs, lockFile, SHORT, LEASE)) {
            IOException e = assertThrows(IOException.class, () -> ControlLock.acquire(fs, lockFile, SHORT, LEASE));
            long acquired = new ObjectMapper().readTree(Files.readAllBytes(tmp.resolve("index.lock"))).get("acquired")
                    .longValue();
            assertEquals("Timed out after 300 ms waiting for the lock " + lockFile + ", held by " + Local.owner()
                    + " since " + Instant.ofEpochMilli(acquired) + "; if that process is gone, delete " + lockFile,
                    e.getMessage());
        }
    }

    @Test
    void aReleasedLockCanBeTakenAgainAndCloseIsIdempotent() throws Exception {
        ControlLock first = ControlLock.acquire(fs, lockFile, SHORT, LEASE);
        first.close();
        first.close();
        assertEquals(List.of(), names(tmp));
        try (ControlLock second = ControlLock.acquire(fs, lockFile, SHORT, LEASE)) {
            assertEquals(List.of("index.lock"), names(tmp));
            first.close();
            assertEquals(List.of("index.lock"), names(tmp), "closing the old lock again does not free the new one");
        }
        assertEquals(List.of(), names(tmp));
    }

    @Test
    void aLockOlderThanTheLeaseIsBroken() throws Exception {
        ControlLock dead = ControlLock.acquire(fs, lockFile, SHORT, LEASE);
        fs.setTimes(lockFile, System.currentTimeMillis() - Duration.ofMinutes(10).toMillis(), -1);

        try (ControlLock taken = ControlLock.acquire(fs, lockFile, SHORT, LEASE)) {
            long mtime = fs.getFileStatus(lockFile).getModificationTime();
            assertTrue(System.currentTimeMillis() - mtime < LEASE.toMillis(), "the lock file is the new holder's");
            dead.close();
            assertTrue(Files.exists(tmp.resolve("index.lock")), "the broken holder's close leaves the new lock alone");
        }
        assertFalse(Files.exists(tmp.resolve("index.lock")));
    }

    @Test
    void aLockWithinItsLeaseIsNotBroken() throws Exception {
        try (ControlLock held = ControlLock.acquire(fs, lockFile, SHORT, LEASE)) {
            fs.setTimes(lockFile, System.currentTimeMillis() - Duration.ofSeconds(60).toMillis(), -1);
            assertThrows(IOException.class, () -> ControlLock.acquire(fs, lockFile, SHORT, LEASE));
            assertTrue(Files.exists(tmp.resolve("index.lock")));
        }
    }

    @Test
    void aDamagedLockFileStillTimesOutWithTheFix() throws Exception {
        Files.writeString(tmp.resolve("index.lock"), "");
        IOException e = assertThrows(IOException.class, () -> ControlLock.acquire(fs, lockFile, SHORT, LEASE));
        assertEquals("Timed out after 300 ms waiting for the lock " + lockFile + ", held by an unknown owner (the lock"
                + " file is empty or damaged); if that process is gone, delete " + lockFile, e.getMessage());
    }

    @Test
    void aLockLeftByAKilledProcessOfThisHostIsBrokenAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host = Local.owner().substring(0, Local.owner().lastIndexOf(':'));
        Files.writeString(tmp.resolve("index.lock"), "{\"owner\":\"" + host + ":" + gone.pid() + "\",\"acquired\":"
                + System.currentTimeMillis() + "}");
        try (ControlLock lock = ControlLock.acquire(fs, lockFile, SHORT, LEASE)) {
            JsonNode json = new ObjectMapper().readTree(Files.readAllBytes(tmp.resolve("index.lock")));
            assertEquals(Local.owner(), json.get("owner").textValue());
        }
    }

    @Test
    void aLockOfAProcessOnAnotherHostWaitsForItsLease() throws Exception {
        Files.writeString(tmp.resolve("index.lock"), "{\"owner\":\"elsewhere:1\",\"acquired\":" + System.currentTimeMillis() + "}");
        IOException e = assertThrows(IOException.class, () -> ControlLock.acquire(fs, lockFile, SHORT, LEASE));
        assertTrue(e.getMessage().contains("held by elsewhere:1 since"), e.getMessage());
    }

    @Test
    void anEmptyLockFileLongAfterItWasCreatedIsBroken() throws Exception {
        Path file = tmp.resolve("index.lock");
        Files.writeString(file, "");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        try (ControlLock lock = ControlLock.acquire(fs, lockFile, SHORT, LEASE)) {
            assertEquals(Local.owner(), new ObjectMapper().readTree(Files.readAllBytes(file)).get("owner").textValue());
        }
        assertEquals(List.of(), names(tmp));
    }
}
