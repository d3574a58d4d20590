package org.scr4j.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.fault.CrashPoints;

@SuppressWarnings("try") // locks are held by try blocks, not used in them
class ControlDirectoryTest {
    @TempDir
    Path tmp;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static List<String> names(Path dir) {
        return Arrays.stream(dir.toFile().list()).sorted().toList();
    }

    @Test
    void theControlDirectoryAndItsMissingParentsAreCreatedPrivate() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        ControlDirectory control = Local.control(tmp.resolve("a/b"));

        assertEquals("rwx------", mode(tmp.resolve("a")));
        assertEquals("rwx------", mode(tmp.resolve("a/b")));
        assertEquals("rwx------", mode(tmp.resolve("a/b/.scr4j")));
        assertEquals("rwxr-xr-x", mode(tmp), "an existing parent is left as it is");
        assertEquals(Local.hadoop(tmp.resolve("a/b/.scr4j")), control.path());
        assertEquals(Local.hadoop(tmp.resolve("a/b/.scr4j/index")), control.index().path());
        assertEquals(Local.hadoop(tmp.resolve("a/b/.scr4j/halt")), control.halt().path());
        assertEquals(Local.hadoop(tmp.resolve("a/b/.scr4j/log")), control.log().path());
    }

    @Test
    void anExistingControlDirectoryIsKept() throws Exception {
        Files.createDirectories(tmp.resolve("p/.scr4j"));
        Files.writeString(tmp.resolve("p/.scr4j/index"), "kept");
        Local.control(tmp.resolve("p"));
        assertEquals("kept", Files.readString(tmp.resolve("p/.scr4j/index")));
    }

    @Test
    void anExistingControlDirectoryOthersMayWriteToIsRefusedAndOneTheyMayReadIsMadePrivate() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("p/.scr4j"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
        Exception e = assertThrows(Exception.class, () -> Local.control(tmp.resolve("p")));
        assertTrue(e.getMessage().startsWith("the control directory " + dir + " has mode rwxrwx---: other users may write to it"),
                e.getMessage());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Local.control(tmp.resolve("p"));
        assertEquals("rwx------", mode(dir));
    }

    @Test
    void theRootOfAFileSystemIsRefusedAsAPrefix() {
        for (String root : List.of("file:///", "file:///tmp/..", "file:///..")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ControlDirectory.open(URI.create(root), new Configuration()));
            assertTrue(e.getMessage().contains("is the root directory of its file system")
                    && e.getMessage().contains("Fix: set SCR_PREFIX to a directory of the job's own"), e.getMessage());
        }
    }

    @Test
    void aFileInThePlaceOfTheControlDirectoryIsAClearError() throws Exception {
        Files.createDirectories(tmp.resolve("p"));
        Files.writeString(tmp.resolve("p/.scr4j"), "not a directory");
        Exception e = assertThrows(Exception.class, () -> Local.control(tmp.resolve("p")));
        assertTrue(e.getMessage().contains(tmp.resolve("p/.scr4j").toString()), e.getMessage());
    }

    @Test
    void openUsesTheRawLocalFileSystemForAPathOrAFileUri() throws Exception {
        Configuration conf = new Configuration();
        ControlDirectory byUri = ControlDirectory.open(tmp.resolve("u").toUri(), conf);
        ControlDirectory byPath = ControlDirectory.open(new URI(null, null, tmp.resolve("p").toString(), null), conf);
        try {
            assertInstanceOf(RawLocalFileSystem.class, byUri.fileSystem());
            assertInstanceOf(RawLocalFileSystem.class, byPath.fileSystem());
            assertEquals(Local.hadoop(tmp.resolve("p")), byPath.prefix());
            assertTrue(Files.isDirectory(tmp.resolve("u/.scr4j")));
            assertTrue(Files.isDirectory(tmp.resolve("p/.scr4j")));
            byUri.replace(byUri.index().path(), "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(List.of("index"), names(tmp.resolve("u/.scr4j")), "no .crc side file");
        } finally {
            byUri.fileSystem().close();
            byPath.fileSystem().close();
        }
        assertThrows(IllegalArgumentException.class, () -> ControlDirectory.open(new URI(null, null, "rel/dir", null), conf));
    }

    @Test
    void replaceOverwritesAndLeavesNoTempFiles() throws Exception {
        ControlDirectory control = Local.control(tmp);
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(control.path(), "state");

        control.replace(target, "one".getBytes(StandardCharsets.UTF_8));
        control.replace(target, "two, longer".getBytes(StandardCharsets.UTF_8));

        assertEquals("two, longer", Files.readString(tmp.resolve(".scr4j/state")));
        assertArrayEquals("two, longer".getBytes(StandardCharsets.UTF_8), control.read(target).orElseThrow());
        assertEquals(List.of("state"), names(tmp.resolve(".scr4j")));
    }

    @Test
    void readOfAMissingFileIsEmpty() throws Exception {
        ControlDirectory control = Local.control(tmp);
        assertEquals(Optional.empty(), control.read(new org.apache.hadoop.fs.Path(control.path(), "nothing")));
    }

    @Test
    void lockNamesAreSimpleFileNames() throws Exception {
        ControlDirectory control = Local.control(tmp);
        assertThrows(IllegalArgumentException.class, () -> control.lock("../index"));
        assertThrows(IllegalArgumentException.class, () -> control.lock(""));
        try (ControlLock lock = control.lock("flush-3")) {
            assertTrue(Files.exists(tmp.resolve(".scr4j/flush-3.lock")));
        }
        assertEquals(List.of(), names(tmp.resolve(".scr4j")));
    }

    /** Run in a child JVM: replaces the index of the prefix in args[0] with args[1]. */
    public static final class ReplaceMain {
        public static void main(String[] args) throws Exception {
            ControlDirectory control = Local.control(Path.of(args[0]));
            control.replace(control.index().path(), args[1].getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aCrashBeforeTheRenameLeavesTheOldContent() throws Exception {
        ControlDirectory control = Local.control(tmp);
        control.replace(control.index().path(), "old".getBytes(StandardCharsets.UTF_8));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-D" + CrashPoints.PROPERTY + "=" + CrashPoints.CONTROL_REPLACE, ReplaceMain.class.getName(),
                tmp.toString(), "new")
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child.out").toFile())
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended");
        assertEquals(CrashPoints.STATUS, child.exitValue(), Files.readString(tmp.resolve("child.out")));

        assertEquals("old", Files.readString(tmp.resolve(".scr4j/index")));
        File[] temps = tmp.resolve(".scr4j").toFile().listFiles((d, n) -> n.startsWith("index.scr4j-tmp-"));
        assertEquals(1, temps.length, "the crash left the written temp copy");
        assertEquals("new", Files.readString(temps[0].toPath()));
    }
}
