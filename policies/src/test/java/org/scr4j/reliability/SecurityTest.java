package org.scr4j.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Scr;
import org.scr4j.control.ControlDirectory;
import org.scr4j.group.GroupProbe;
import org.scr4j.group.Rogue;
import org.scr4j.group.SoloGroup;
import org.scr4j.group.net.JobSecret;
import org.scr4j.testing.RankProcesses;

/**
 * The security suite: what another user on the same nodes and network can try against a job, and
 * that each attempt is refused, said in the log, and changes nothing the job reads. Transport: a
 * rogue without the job secret that joins or sends data, and replays of a rank's recorded
 * handshake to either side. Directories: another user's or a shared directory as a tier's base,
 * the job directory or the control directory, the root of a file system as a tier or prefix, a job
 * secret others can read. Planted symbolic links: a link in place of a cached file or a rank's
 * dataset directory between a checkpoint and a restart, a flush or a demotion, and one the
 * application routes. Records what it did in target/reliability/security.json.
 */
class SecurityTest {
    private static final Tally TALLY = new Tally("security");
    private static final Duration RUN = Duration.ofSeconds(90);
    private static final String[] QUICK_JVM = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"};
    private static final int NOBODY = 65534;

    @AfterAll
    static void writeTally() throws IOException {
        TALLY.write();
    }

    private static boolean root() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon).strip(), Integer.parseInt(hostPort.substring(colon + 1).strip()));
    }

    private static byte[] concat(List<Rogue.Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(f -> out.writeBytes(f.bytes()));
        return out.toByteArray();
    }

    /** Connections of the job group, attacked from outside the job and by replaying what a rank sent. */
    @Nested
    class Transport {
        @TempDir
        Path scratch;

        /** A rogue's attempt: what it sends on a fresh connection to {@code port} of the job. */
        private interface Attempt {
            void run(Rogue rogue) throws IOException;
        }

        /**
         * Makes one attempt and checks that the rank refused it with a REFUSED frame, closed the
         * connection, and logged a WARN naming the rogue's own address and the reason.
         */
        private void refusedAndLogged(String kind, RankProcesses ranks, int rank, InetSocketAddress port, String purpose, String why,
                Attempt attempt) throws Exception {
            TALLY.tried(kind);
            try (Rogue rogue = new Rogue(port)) {
                attempt.run(rogue);
                assertEquals(Rogue.REFUSED, rogue.readUntilClosed(), kind + ": the job did not refuse");
                String from = "refused a " + purpose + " connection from 127.0.0.1:" + rogue.localPort() + ": ";
                ranks.waitForLine(rank, l -> l.contains("WARN") && l.contains(from) && l.contains(why), RUN);
            }
            TALLY.refused();
        }

        @Test
        void roguesWithoutTheSecretAndReplaysOfARanksHandshakeAreRefusedByAddressAndTheJobsDataArrivesIntact() throws Exception {
            Path go = scratch.resolve("go");
            InetSocketAddress hub = new InetSocketAddress("127.0.0.1", freePort());
            try (Wiretap tap = new Wiretap(hub);
                    RankProcesses ranks = RankProcesses.of(GroupProbe.class, List.of("node0", "node1")).args("rogue")
                            .env("PROBE_GO", go.toString()).env("PROBE_DIR", scratch.toString()).env("SCR_GROUP_TIMEOUT", "60")
                            .env("SCR4J_RENDEZVOUS", "127.0.0.1:" + hub.getPort()).env(1, "SCR4J_RENDEZVOUS", tap.address())
                            .jvmOptions(QUICK_JVM).start()) {
                InetSocketAddress data = address(ranks.waitForLine(1, l -> l.startsWith("data "), RUN).substring(5));
                ranks.waitForLine(0, l -> l.startsWith("data "), RUN);
                // What rank 1 sent rank 0 through the tap, and what rank 0 answered: a real rank's handshake and join.
                // Heartbeats may come between them; a replayer takes the handshake and the join.
                List<Rogue.Frame> sent = Rogue.frames(tap.fromClient()).stream().filter(f -> f.type() == Rogue.AUTH_HELLO
                        || f.type() == Rogue.AUTH_PROOF || f.type() == Rogue.JOIN).toList();
                List<Rogue.Frame> answered = Rogue.frames(tap.fromServer());
                assertEquals(List.of(Rogue.AUTH_HELLO, Rogue.AUTH_PROOF, Rogue.JOIN), sent.stream().map(Rogue.Frame::type).toList());
                assertEquals(List.of(Rogue.AUTH_CHALLENGE, Rogue.AUTH_OK), answered.stream().limit(2).map(Rogue.Frame::type).toList());
                byte[] join = sent.get(2).bytes();

                refusedAndLogged("rogue-join", ranks, 0, hub, "control", "it sent a JOIN frame before the handshake was done",
                        rogue -> rogue.raw(join));
                refusedAndLogged("rogue-join", ranks, 0, hub, "control", "its proof does not match the job secret", rogue -> {
                    rogue.handshakeWithWrongSecret(Rogue.CONTROL_PURPOSE);
                    try {
                        rogue.raw(join);
                    } catch (IOException closed) {
                        System.out.println("rogue: the job closed the connection before the join went out: " + closed);
                    }
                });
                refusedAndLogged("rogue-data", ranks, 1, data, "data", "it sent a DATA_HELLO frame before the handshake was done",
                        rogue -> rogue.trySendingData(0));
                refusedAndLogged("rogue-data", ranks, 1, data, "data", "its proof does not match the job secret", rogue -> {
                    rogue.handshakeWithWrongSecret(Rogue.DATA_PURPOSE);
                    rogue.trySendingData(0);
                });

                // Rank 1's recorded hello, proof and join, sent again as they were: rank 0 challenges with a
                // fresh nonce, so the old proof no longer fits.
                byte[] recordedNonce = GenuineHandshake.nonceOf(answered.get(0));
                refusedAndLogged("replayed-handshake", ranks, 0, hub, "control", "its proof does not match the job secret", rogue -> {
                    rogue.raw(concat(sent));
                    Rogue.Frame challenge = rogue.readFrame();
                    assertEquals(Rogue.AUTH_CHALLENGE, challenge.type());
                    assertFalse(Arrays.equals(recordedNonce, GenuineHandshake.nonceOf(challenge)), "rank 0 reused its nonce");
                });

                // The data plane: a handshake made with the real secret (accepted), then the same bytes
                // replayed on a new connection with data frames after them.
                byte[] secret = Files.readAllBytes(ranks.secretFile());
                byte[] recorded;
                try (Rogue genuine = new Rogue(data)) {
                    recorded = GenuineHandshake.prove(genuine, Rogue.DATA_PURPOSE, secret);
                }
                byte[] replay = concat(List.of(new Rogue.Frame(Rogue.DATA_HELLO, 0, new byte[0]),
                        new Rogue.Frame(Rogue.DATA, 1, Rogue.random(64 << 10))));
                refusedAndLogged("replayed-handshake", ranks, 1, data, "data", "its proof does not match the job secret", rogue -> {
                    // As a replayer sends it: the recorded handshake and, at once, data as rank 0.
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    all.writeBytes(recorded);
                    all.writeBytes(replay);
                    rogue.raw(all.toByteArray());
                    assertEquals(Rogue.AUTH_CHALLENGE, rogue.readFrame().type());
                });

                Files.createFile(go);
                List<Integer> codes = ranks.waitForAll(RUN);
                String outputs = ranks.output(0) + "\n--- rank 1 ---\n" + ranks.output(1);
                if (outputs.contains("CRC32C")) {
                    TALLY.silentCorruption();
                }
                // The job's collectives and its 8 MiB exchange, checked by CRC32C on the receiver, came out right.
                assertEquals(List.of(0, 0), codes, outputs);
                assertTrue(ranks.lines(0).contains("rogue ok") && ranks.lines(1).contains("rogue ok"), outputs);
                assertFalse(outputs.contains("two processes claim rank 1"), outputs);

                replayedServerSideIsRefusedByARealRank(answered, sent.get(0), ranks.secretFile());
            }
        }

        /**
         * What rank 0 answered rank 1, replayed to a new rank 1 that connects to a fake rank 0:
         * the rank refuses it (the recorded proof covers another nonce of its own), says why, and
         * never proves itself to the impostor nor sends it anything of the job.
         */
        private void replayedServerSideIsRefusedByARealRank(List<Rogue.Frame> answered, Rogue.Frame recordedHello, Path secret)
                throws Exception {
            TALLY.tried("replayed-handshake");
            try (ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                    RankProcesses victim = RankProcesses.of(GroupProbe.class, List.of("node1")).args("collectives")
                            .env("SCR4J_RANK", "1").env("SCR4J_SIZE", "2").env("SCR4J_RENDEZVOUS", "127.0.0.1:" + impostor.getLocalPort())
                            .env("SCR4J_SECRET_FILE", secret.toString()).env("PROBE_DIR", scratch.toString()).jvmOptions(QUICK_JVM)
                            .start()) {
                impostor.setSoTimeout((int) RUN.toMillis());
                try (Rogue rank = new Rogue(impostor.accept())) {
                    Rogue.Frame hello = rank.readFrame();
                    assertEquals(Rogue.AUTH_HELLO, hello.type());
                    assertFalse(Arrays.equals(recordedHello.body(), hello.body()), "the rank reused its nonce");
                    rank.raw(concat(answered));
                    assertEquals(Rogue.NO_FRAME, rank.readUntilClosed(), "the rank sent the impostor something after its hello");
                }
                assertEquals(3, victim.waitFor(0, RUN), victim.output(0));
                String error = victim.waitForLine(0, l -> l.startsWith("GroupException: "), Duration.ZERO);
                assertTrue(error.contains("rank 1 of 2 on node node1 cannot join the job group: could not open a control connection to"
                        + " 127.0.0.1:" + impostor.getLocalPort() + ": it did not prove it holds the job secret"), error);
            }
            TALLY.refused();
        }

        @Test
        void theSecretIsCreatedForItsOwnerAloneAndOneOthersCanReadOrThatIsAnotherUsersIsRefused() throws Exception {
            Path secret = JobSecret.create(scratch.resolve("job.secret"));
            assertEquals("rw-------", mode(secret));
            for (String loose : List.of("rw-r-----", "rw----r--", "rw-rw-rw-")) {
                TALLY.tried("readable-secret");
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString(loose));
                IOException e = assertThrows(IOException.class, () -> JobSecret.read(secret));
                assertEquals("the job secret " + secret + " has mode " + loose + "; it must be readable by its owner only (0600 or"
                        + " 0400), or any user could join the job. Fix: chmod 600 " + secret, e.getMessage());
                TALLY.refused();
            }
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            JobSecret.read(secret);
            assumeTrue(root(), "only root can give a file to another user");
            TALLY.tried("foreign-owner-secret");
            Files.setAttribute(secret, "unix:uid", NOBODY);
            IOException e = assertThrows(IOException.class, () -> JobSecret.read(secret));
            assertTrue(e.getMessage().startsWith("the job secret " + secret + " belongs to user nobody (uid 65534), not to root (uid 0),"
                    + " who runs this rank") && e.getMessage().contains("Fix: run every rank as that user"), e.getMessage());
            TALLY.refused();
        }
    }

    /** Where a job keeps its files: private to its user, and never a directory another user controls. */
    @Nested
    class Directories {
        @TempDir
        Path dir;

        private Map<String, String> settings() {
            Map<String, String> settings = new HashMap<>();
            settings.put("SCR_PREFIX", dir.resolve("prefix").toString());
            settings.put("SCR_CACHE_BASE", dir.resolve("cache").toString());
            settings.put("SCR_JOB_ID", "job1");
            return settings;
        }

        /** The default tier's directories for this job: base/USER/scr4j/job1/node0. */
        private Path jobDir() {
            return dir.resolve("cache").resolve(System.getProperty("user.name")).resolve("scr4j").resolve("job1");
        }

        /** Starts a job of one rank with these settings, writes a checkpoint and ends; returns what init threw, or null. */
        private RuntimeException start(Map<String, String> settings) throws IOException {
            try (Scr scr = Scr.init(new SoloGroup("node0"), settings)) {
                try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                    Files.write(out.route("state.bin"), new byte[] {1, 2, 3});
                    assertTrue(out.complete(true));
                }
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        }

        private void refused(String kind, Map<String, String> settings, String... expected) throws IOException {
            TALLY.tried(kind);
            RuntimeException e = start(settings);
            assertTrue(e != null, kind + ": the job started");
            for (String part : expected) {
                assertTrue(e.getMessage().contains(part), "'" + part + "' is not in: " + e.getMessage());
            }
            TALLY.refused();
        }

        @Test
        void everyDirectoryAJobCreatesIsPrivateToItsUserAndUnderItsUsersName() throws IOException {
            assertEquals(null, start(settings()));
            Path node = jobDir().resolve("node0");
            List<Path> dirs = new ArrayList<>();
            try (Stream<Path> all = Files.walk(dir.resolve("cache"))) {
                all.filter(Files::isDirectory).forEach(dirs::add);
            }
            // The control directory; what scr4j makes inside it is out of other users' reach through it.
            dirs.add(dir.resolve("prefix/.scr4j"));
            assertTrue(dirs.contains(node.resolve("dataset.1.rank.0/files")), dirs.toString());
            for (Path d : dirs) {
                assertEquals("rwx------", mode(d), d.toString());
                assertEquals(System.getProperty("user.name"), Files.getOwner(d).getName(), d.toString());
            }
        }

        @Test
        void aJobDirectoryTierBaseOrPrefixOfAnotherUserIsRefusedNamingTheOwnerAndTheFix() throws IOException {
            assumeTrue(root(), "only root can give a directory to another user");
            Path job = Files.createDirectories(jobDir());
            Files.setAttribute(job, "unix:uid", NOBODY);
            refused("foreign-owner-dir", settings(), "tier 'ram': base " + job.resolve("node0") + " lies in " + job
                    + ", which belongs to user nobody (uid 65534): that user could replace scr4j's directories there", "Fix: point"
                    + " scr.tier.ram.base at a directory of your own");
            assertEquals(List.of(), Arrays.asList(job.toFile().list()), "nothing was made in another user's directory");

            Files.setAttribute(job, "unix:uid", 0);
            Path base = Files.createDirectories(job.resolve("node0"));
            Files.setAttribute(base, "unix:uid", NOBODY);
            refused("foreign-owner-dir", settings(), "tier 'ram': base " + base + " belongs to user nobody (uid 65534), not to root"
                    + " (uid 0), who runs this job: its owner could plant files or links there. Fix: remove it");
            FileUtils.deleteDirectory(base.toFile());

            Path prefix = Files.createDirectories(dir.resolve("prefix"));
            Files.setAttribute(prefix, "unix:uid", NOBODY);
            refused("foreign-owner-dir", settings(), "tier 'prefix': base " + prefix + " belongs to user nobody (uid 65534)",
                    "(SCR_PREFIX for the prefix) at a directory of your own");
            Files.setAttribute(prefix, "unix:uid", 0);
            Path control = Files.createDirectories(prefix.resolve(".scr4j"));
            Files.setAttribute(control, "unix:uid", NOBODY);
            refused("foreign-owner-dir", settings(), "the control directory " + control + " belongs to user nobody (uid 65534)",
                    "set SCR_PREFIX to a directory of your own");
            assertEquals(List.of(), Arrays.asList(control.toFile().list()), "the job wrote nothing into another user's control directory");
        }

        @Test
        void directoriesOthersMayWriteToAreRefusedAndOnesTheyMayReadAreMadePrivate() throws IOException {
            Path base = Files.createDirectories(jobDir().resolve("node0"));
            Path control = Files.createDirectories(dir.resolve("prefix/.scr4j"));
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
            refused("writable-dir", settings(), "tier 'ram': base " + base + " has mode rwxrwxrwx: other users may write to it",
                    "Fix: check what it holds and run chmod 700 " + base);
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwx-w--w-"));
            refused("writable-dir", settings(), "the control directory " + control + " has mode rwx-w--w-: other users may write");
            Files.setPosixFilePermissions(control, PosixFilePermissions.fromString("rwxr-x---"));
            Files.setPosixFilePermissions(jobDir(), PosixFilePermissions.fromString("rwxrwxrwx"));
            refused("writable-dir", settings(), "lies in " + jobDir() + ", which has mode rwxrwxrwx: other users may write to it",
                    "Fix: chmod +t " + jobDir());
            Files.setPosixFilePermissions(jobDir(), PosixFilePermissions.fromString("rwx------"));

            assertEquals(null, start(settings()));
            assertEquals("rwx------", mode(base));
            assertEquals("rwx------", mode(control));
        }

        @Test
        void theRootOfAFileSystemIsRefusedAsATierBaseOrPrefixForEveryTierType() throws IOException {
            String rootDir = "is the root";
            for (String base : List.of("/", "/tmp/..")) {
                for (String type : List.of("ramdisk", "ssd", "nvram")) {
                    Map<String, String> s = settings();
                    s.put("scr.tier.ram.type", type);
                    s.put("scr.tier.ram.base", base);
                    refused("root-tier", s, "tier 'ram': base '" + base + "' " + rootDir + " directory; scr4j deletes datasets under"
                            + " its base. Fix: use a directory of its own");
                }
            }
            for (String base : List.of("file:///", "file:///tmp/..")) {
                Map<String, String> s = settings();
                s.put("scr.tiers", "ram,global");
                s.put("scr.tier.global.type", "pfs");
                s.put("scr.tier.global.base", base);
                refused("root-tier", s, "tier 'global': base '" + base + "' is the root of its file system");
            }
            for (String prefix : List.of("/", "/tmp/..", "file:///", "file:///tmp/..")) {
                Map<String, String> s = settings();
                s.put("SCR_PREFIX", prefix);
                refused("root-tier", s, "is the root of its file system; scr4j deletes datasets under its base");
                // As the launcher's commands open it.
                TALLY.tried("root-tier");
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> ControlDirectory.open(URI.create(prefix.startsWith("/") ? "file://" + prefix : prefix), new Configuration()));
                assertTrue(e.getMessage().contains("is the root directory of its file system") && e.getMessage().contains(
                        "Fix: set SCR_PREFIX to a directory of the job's own"), e.getMessage());
                TALLY.refused();
            }
            assertFalse(Files.exists(Path.of("/.scr4j")), "a control directory was made at /");
        }
    }

    /** Symbolic links planted in the cache: never followed, whatever reads the cache. */
    @Nested
    class PlantedLinks {
        @TempDir
        Path dir;

        /** Replaces a file with a link to {@code target}; returns the link. */
        private Path plant(Path file, Path target) throws IOException {
            Files.delete(file);
            return Files.createSymbolicLink(file, target);
        }

        /** Moves {@code file} out of the cache to {@code outside} and links it back: the bytes read through the link are right. */
        private Path moveOutAndLink(Path file, Path outside) throws IOException {
            Files.createDirectories(outside.getParent());
            Files.move(file, outside);
            return Files.createSymbolicLink(file, outside);
        }

        private void assertLogged(String output, String... parts) {
            assertTrue(output.lines().anyMatch(l -> Arrays.stream(parts).allMatch(l::contains)),
                    "no line has all of " + Arrays.toString(parts) + ":\n" + output);
        }

        /** Counts a rank's restart: a MISMATCH would be data handed over that is not what was written. */
        private void countRestart(String output, String expected) {
            if (output.contains("MISMATCH")) {
                TALLY.silentCorruption();
            }
            assertTrue(output.contains("RESTARTED " + expected + " OK"), output);
        }

        @Test
        void aLinkInPlaceOfACachedFileOrOfARanksDirectoryIsRefusedAndTheRankRebuiltFromRedundancy() throws Exception {
            try (SecureJob job = new SecureJob(dir, 4, "CKPT=0 INTERVAL=1 STORE=ram TYPE=XOR SET_SIZE=2", "SCR_FLUSH=0")) {
                job.run("write", "1", "2");
                // Links whose targets hold exactly the bytes the manifest records: only refusing to follow
                // them, not the CRC32C, can tell these parts from intact ones.
                Path attacker = job.shm.resolve("attacker");
                TALLY.tried("planted-symlink");
                Path file = moveOutAndLink(job.cached("ram", 2, 1), attacker.resolve("state.bin"));
                TALLY.tried("planted-symlink");
                Path part = moveOutAndLink(job.part("ram", 2, 2), attacker.resolve("dataset.2.rank.2"));
                byte[] outsideBefore = Files.readAllBytes(attacker.resolve("state.bin"));

                List<String> out = job.run("restart");
                for (int r = 0; r < 4; r++) {
                    countRestart(out.get(r), "ckpt.2");
                }
                // Rank 0 speaks for the job; each rank names what it found in its own cache.
                assertLogged(out.get(0), "WARN", "cached checkpoint ckpt.2 (id 2): rank 1: file 'rank.1/state.bin' on tier 'ram' cannot"
                        + " be read", file + " is a symbolic link to " + attacker.resolve("state.bin"), "rebuilding the damaged part(s)");
                assertLogged(out.get(2), "WARN", "rank 2: deleting dataset.2.rank.2 on tier 'ram'", part + " is a symbolic link to "
                        + attacker.resolve("dataset.2.rank.2"));
                assertLogged(out.get(0), "rebuilt the part(s) of rank(s) [1] of ckpt.2");
                assertLogged(out.get(0), "rebuilt the part(s) of rank(s) [2] of ckpt.2");
                TALLY.recovered();
                TALLY.recovered();

                // The rebuilt parts are real files again; what the links pointed to is untouched.
                assertFalse(Files.isSymbolicLink(file) || Files.isSymbolicLink(part));
                assertArrayEquals(SecurityApp.content(1, 2), Files.readAllBytes(file));
                assertArrayEquals(outsideBefore, Files.readAllBytes(attacker.resolve("state.bin")));
                assertTrue(Files.isRegularFile(attacker.resolve("dataset.2.rank.2/manifest.json")));
                for (int r = 0; r < 4; r++) {
                    Path node = job.shm.resolve("ram/node" + r);
                    try (Stream<Path> all = Files.walk(node)) {
                        for (Path p : all.toList()) {
                            assertFalse(Files.isSymbolicLink(p), p + " is a link");
                            if (Files.isDirectory(p)) {
                                assertEquals("rwx------", mode(p), p.toString());
                            }
                        }
                    }
                }
            }
        }

        @Test
        void aFlushNeverCopiesWhatALinkPointsToAndTheRestartFallsBackToTheCheckpointBefore() throws Exception {
            try (SecureJob job = new SecureJob(dir, 2, "CKPT=0 INTERVAL=1 STORE=ram TYPE=SINGLE", "SCR_FLUSH=0")) {
                job.run("write", "1", "2");
                // Rank 0's file now points at a secret of the test; rank 1's at a copy of its own bytes.
                Path secret = JobSecret.create(dir.resolve("job.secret"));
                byte[] secretBytes = Files.readAllBytes(secret);
                Path toSecret = plant(job.cached("ram", 2, 0), secret);
                Path toCopy = moveOutAndLink(job.cached("ram", 2, 1), dir.resolve("attacker/state.bin"));

                TALLY.tried("planted-symlink-flush");
                TALLY.tried("planted-symlink-flush");
                List<String> drained = job.run("drain");
                assertTrue(drained.get(0).contains("DRAIN ckpt.2 (id 2): NOT flushed"), drained.get(0));
                assertLogged(drained.get(0), "ERROR", "ckpt.2 (id 2) was not flushed to the prefix", "rank 0: tier 'ram': " + toSecret
                        + " is a symbolic link to " + secret, "rank 1: tier 'ram': " + toCopy + " is a symbolic link to "
                        + dir.resolve("attacker/state.bin"), "the index does not list it as flushed");
                try (Stream<Path> all = Files.walk(job.prefix)) {
                    for (Path p : all.filter(Files::isRegularFile).toList()) {
                        byte[] bytes = Files.readAllBytes(p);
                        if (Arrays.equals(bytes, secretBytes) || Arrays.equals(bytes, SecurityApp.content(1, 2))) {
                            TALLY.silentCorruption();
                        }
                        assertFalse(p.startsWith(job.prefix.resolve("ckpt.2")), p + " was flushed");
                    }
                }
                TALLY.refused();
                TALLY.refused();

                TALLY.tried("planted-symlink");
                TALLY.tried("planted-symlink");
                List<String> out = job.run("restart");
                countRestart(out.get(0), "ckpt.1");
                countRestart(out.get(1), "ckpt.1");
                assertLogged(out.get(0), "WARN", "skipping cached checkpoint ckpt.2 (id 2)", toSecret + " is a symbolic link",
                        "trying the next older one");
                TALLY.fallback();
                TALLY.fallback();
                assertArrayEquals(secretBytes, Files.readAllBytes(secret));
                assertEquals("rw-------", mode(secret));
            }
        }

        @Test
        void aDemotionRefusesToCopyALinkedFileToTheSlowerTier() throws Exception {
            try (SecureJob job = new SecureJob(dir, 2, "CKPT=0 INTERVAL=1 STORE=ram TYPE=SINGLE", "SCR_FLUSH=0")) {
                job.run("write", "1", "2");
                TALLY.tried("planted-symlink-demotion");
                Path outside = dir.resolve("attacker/state.bin");
                Path link = moveOutAndLink(job.cached("ram", 1, 1), outside);
                // A third checkpoint leaves no room on the RAM tier (COUNT=2): ckpt.1 is to move down to the SSD.
                List<String> out = job.run("write", "3", "3");
                assertTrue(out.get(1).contains("CHECKPOINT ckpt.3 committed"), out.get(1));
                assertLogged(out.get(0), "WARN", "could not move ckpt.1 (id 1) from tier 'ram' to 'ssd'", link + " is a symbolic link");
                assertFalse(Files.exists(job.cached("ssd", 1, 1), LinkOption.NOFOLLOW_LINKS), "the linked file reached the SSD");
                assertTrue(Files.isRegularFile(outside), "what the link pointed to was deleted");
                TALLY.refused();
            }
        }

        @Test
        void aFileTheApplicationReplacesWithALinkAfterRoutingIsRefusedAtComplete() throws IOException {
            Path secret = JobSecret.create(dir.resolve("job.secret"));
            Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
            Files.write(elsewhere.resolve("state.bin"), new byte[] {9});
            Map<String, String> settings = Map.of("SCR_PREFIX", dir.resolve("prefix").toString(), "SCR_CACHE_BASE",
                    dir.resolve("cache").toString(), "SCR_JOB_ID", "job1", "SCR_FLUSH", "1");
            try (Scr scr = Scr.init(new SoloGroup("node0"), settings)) {
                TALLY.tried("escaping-route");
                try (Output out = scr.startOutput("ckpt.1", Flag.CHECKPOINT)) {
                    Files.createSymbolicLink(out.route("state.bin"), secret);
                    assertFalse(out.complete(true), "a checkpoint of a link was committed");
                }
                TALLY.refused();
                TALLY.tried("escaping-route");
                try (Output out = scr.startOutput("ckpt.2", Flag.CHECKPOINT)) {
                    Path routed = out.route("sub/state.bin");
                    Files.write(routed, new byte[] {1});
                    FileUtils.deleteDirectory(routed.getParent().toFile());
                    Files.createSymbolicLink(routed.getParent(), elsewhere);
                    assertFalse(out.complete(true), "a checkpoint through a linked directory was committed");
                }
                TALLY.refused();
                assertEquals(java.util.Optional.empty(), scr.haveRestart());
            }
            try (Stream<Path> all = Files.walk(dir.resolve("prefix"))) {
                assertEquals(List.of(), all.filter(p -> p.toString().contains("ckpt.")).toList(), "nothing reached the prefix");
            }
            assertEquals("rw-------", mode(secret));
        }
    }
}
