package org.scr4j.scheme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.scr4j.erasure.CoderChoice;

class SchemeFailuresTest {
    private static final Supplier<RedundancyScheme> XOR = () -> new XorScheme(CoderChoice.AUTO, XorSchemeTest.PIECE);
    private static final Supplier<RedundancyScheme> RS = () -> new RsScheme(CoderChoice.AUTO, XorSchemeTest.PIECE);
    private static final Supplier<RedundancyScheme> PARTNER = PartnerScheme::new;
    /** A broken exchange must end a test quickly; this only catches a hang. */
    private static final Duration HANG = Duration.ofSeconds(60);

    @Test
    void aDamagedParityFileFailsTheXorRebuildAndLeavesNoRebuiltFile() throws Exception {
        try (SchemeJob job = new SchemeJob(XOR.get(), SchemeJob.spread(4, 4))) {
            job.write().apply();
            job.corrupt(3, "redundancy/parity.0");
            Set<Integer> lost = job.lose(Set.of("n2"), Map.of());
            String message = LossDrill.expectRefusal(job, lost, "XOR with a damaged parity file");
            assertTrue(message.contains("parity file redundancy/parity.0 is damaged"), message);
            assertTrue(message.contains("rank 3"), message);
            assertEquals(List.of(), job.part(2).tier().listFiles(job.part(2).directory()), "rank 2 keeps nothing it rebuilt");
        }
    }

    @Test
    void aDamagedParityFileFailsTheRsRebuildOfTwoLostNodes() throws Exception {
        try (SchemeJob job = new SchemeJob(RS.get(), SchemeJob.spread(4, 4))) {
            job.write().apply();
            job.corrupt(0, "redundancy/parity.1");
            Set<Integer> lost = job.lose(Set.of("n2", "n3"), Map.of());
            String message = LossDrill.expectRefusal(job, lost, "RS with a damaged parity file");
            assertTrue(message.contains("rank 0") && message.contains("redundancy/parity.1 is damaged"), message);
            for (int r : lost) {
                assertEquals(List.of(), job.part(r).tier().listFiles(job.part(r).directory()));
            }
        }
    }

    @Test
    void aDamagedPartnerCopyFailsTheRebuildWithoutKeepingTheBadFile() throws Exception {
        try (SchemeJob job = new SchemeJob(PARTNER.get(), SchemeJob.spread(4, 4))) {
            job.write().apply();
            assertTrue(job.redundancyFiles(3).contains("redundancy/partner/state.0.bin"), job.redundancyFiles(3).toString());
            job.corrupt(3, "redundancy/partner/state.0.bin");
            Set<Integer> lost = job.lose(Set.of("n2"), Map.of());
            String message = LossDrill.expectRefusal(job, lost, "PARTNER with a damaged copy");
            assertTrue(message.contains("file 'state.0.bin' of rank 2 from rank 3's copy") && message.contains("damaged"), message);
            assertEquals(List.of(), job.part(2).tier().listFiles(job.part(2).directory()));
        }
    }

    @Test
    void aDatasetWithoutBytesIsProtectedAndRebuiltByEveryScheme() throws Exception {
        for (Supplier<RedundancyScheme> scheme : List.of(XOR, RS, PARTNER)) {
            try (SchemeJob job = new SchemeJob(scheme.get(), SchemeJob.spread(4, 4))) {
                job.sizes(r -> r == 2 ? List.of() : List.of(0L, 0L)).write().apply();
                LossDrill.expectRebuilt(job, job.lose(Set.of("n2"), Map.of()), job.scheme.name() + " without bytes, rank 2 without files");
                LossDrill.expectRebuilt(job, job.lose(Set.of("n0"), Map.of()), job.scheme.name() + " without bytes, then n0");
            }
        }
    }

    @Test
    void oneLostNodeMoreThanXorSurvivesIsRefusedOnEveryRankNamingTheLostRanksAndNodes() throws Exception {
        try (SchemeJob job = new SchemeJob(XOR.get(), SchemeJob.spread(4, 4))) {
            job.write().apply();
            Set<Integer> lost = job.lose(Set.of("n1", "n3"), Map.of("n1", "spare1"));
            String message = LossDrill.expectRefusal(job, lost, "XOR losing two nodes");
            assertTrue(message.contains("lost rank 1 (n1), rank 3 (n3)"), message);
            assertTrue(message.contains("Lost ranks: 1 (now on spare1), 3 (now on n3)"), message);
        }
    }

    @Test
    void aSurvivorWithoutItsHeaderCountsAsALossForXor() throws Exception {
        try (SchemeJob job = new SchemeJob(XOR.get(), SchemeJob.spread(4, 4))) {
            job.write().apply();
            Files.delete(job.local(0, "redundancy/header.json"));
            Set<Integer> lost = job.lose(Set.of("n2"), Map.of());
            String message = LossDrill.expectRefusal(job, lost, "XOR with a header missing");
            assertTrue(message.contains("rank 0 (n0, its redundancy unreadable)"), message);
        }
    }

    @Test
    void rsRebuildsAroundASurvivorWithoutItsHeaderAndProtectsEveryRankAgain() throws Exception {
        try (SchemeJob job = new SchemeJob(RS.get(), SchemeJob.spread(4, 4))) {
            job.write().apply();
            Files.delete(job.local(0, "redundancy/header.json"));
            Set<Integer> lost = job.lose(Set.of("n2"), Map.of());
            LossDrill.expectRebuilt(job, lost, "RS with a header missing");
            assertTrue(job.redundancyFiles(0).contains("redundancy/header.json"), "rank 0 is protected again");
            LossDrill.expectRebuilt(job, job.lose(Set.of("n0", "n1"), Map.of()), "RS, then two more nodes");
        }
    }

    @Test
    void aRankWhoseSendsFailInTheMiddleOfApplyMakesEveryRankFailWithItsReason() throws Exception {
        for (Supplier<RedundancyScheme> scheme : List.of(XOR, RS, PARTNER)) {
            // Two sets of four: ranks of the other set finish their part, and still fail with the reason.
            try (SchemeJob job = new SchemeJob(scheme.get(), SchemeJob.spread(8, 8)).setSize(4)) {
                job.write();
                SchemeOptions options = job.options();
                List<Object> results = assertTimeoutPreemptively(HANG, () -> job.run((g, part) -> {
                    try {
                        job.scheme.apply(g.rank() == 2 ? new FaultyGroup(g, 4, "injected: disk error on node n2") : g, part,
                                job.original(g.rank()), options);
                        return "applied";
                    } catch (Exception e) {
                        return e;
                    }
                }));
                for (int r = 0; r < 8; r++) {
                    Exception e = assertInstanceOf(Exception.class, results.get(r), job.scheme.name() + " rank " + r);
                    assertTrue(e.getMessage().contains("injected: disk error on node n2"), job.scheme.name() + " rank " + r + ": "
                            + e.getMessage());
                }
            }
        }
    }

    @Test
    void aRankWhoseSendsFailInTheMiddleOfARebuildFailsEveryRankTheSame() throws Exception {
        try (SchemeJob job = new SchemeJob(XOR.get(), SchemeJob.spread(4, 4))) {
            job.write().apply();
            Set<Integer> lost = job.lose(Set.of("n0"), Map.of());
            SchemeOptions options = job.options();
            List<Object> results = assertTimeoutPreemptively(HANG, () -> job.run((g, part) -> {
                try {
                    return job.scheme.recover(g.rank() == 3 ? new FaultyGroup(g, 3, "injected: read error") : g, part,
                            lost.contains(g.rank()) ? java.util.Optional.empty() : java.util.Optional.of(job.original(g.rank())),
                            lost, options);
                } catch (Exception e) {
                    return e;
                }
            }));
            String message = assertInstanceOf(NotRecoverableException.class, results.get(0)).getMessage();
            assertTrue(message.contains("rank 3") && message.contains("injected: read error"), message);
            for (Object r : results) {
                assertEquals(message, assertInstanceOf(NotRecoverableException.class, r).getMessage());
            }
            assertEquals(List.of(), job.part(0).tier().listFiles(job.part(0).directory()));
        }
    }
}
