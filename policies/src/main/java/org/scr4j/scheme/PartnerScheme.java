package org.scr4j.scheme;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Exchange;
import org.scr4j.group.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full copy of each rank's files on its partner: the next member of its redundancy set, a ring
 * over distinct failure groups. Costs as much space as the data and survives any losses that
 * never take a rank and its partner together. A rebuild streams the copy back to the lost rank,
 * and its left-hand neighbour sends it a fresh copy to hold.
 */
public final class PartnerScheme implements RedundancyScheme {
    public static final String NAME = "PARTNER";
    private static final Logger LOG = LoggerFactory.getLogger(PartnerScheme.class);
    private static final String COPY = "partner/";

    private final ProtectionWarnings warnings = new ProtectionWarnings();

    @Override
    public String name() {
        return NAME;
    }

    SetPlan plan(SchemeOptions options) {
        return SetPlanner.plan(options.failureGroups(), options.setSize(), Integer.MAX_VALUE);
    }

    @Override
    public Optional<String> cannotProtect(SchemeOptions options) {
        return SetPlanner.cannotProtect(options, () -> plan(options), "a partner needs a set of",
                "so no rank has a partner on another");
    }

    /** Where a rank keeps its copy of its left-hand neighbour's file. */
    private static String copyPath(RankPart part, FileEntry f) {
        return part.redundancy(COPY + f.path());
    }

    private static List<java.nio.file.Path> copyFiles(RankPart part, Manifest held) {
        return held.files().stream().map(f -> PartFiles.local(part, copyPath(part, f))).toList();
    }

    @Override
    public void apply(Group group, RankPart part, Manifest manifest, SchemeOptions options) throws IOException {
        SetPlan plan = plan(options);
        warnings.warn(LOG, group, NAME, plan, options, null);
        Optional<RedundancySet> set = plan.setOf(group.rank());
        Throwable failure = null;
        try (Exchange exchange = group.exchange()) {
            Workers workers = new Workers(group.rank(), NAME + " of " + part.dataset().label(), List.of(exchange));
            AtomicReference<Manifest> held = new AtomicReference<>();
            workers.run(() -> {
                PartFiles.clear(part);
                PartFiles.createRedundancyDirectory(part);
                if (set.isPresent()) {
                    int me = set.get().indexOf(group.rank());
                    int next = set.get().rank((me + 1) % set.get().size());
                    int prev = set.get().rank((me + set.get().size() - 1) % set.get().size());
                    workers.start("send to rank " + next, () -> PartnerStreams.send(exchange, next, manifest,
                            PartFiles.dataFiles(part, manifest.files()), CrashPoints.ENCODE_SENT));
                    held.set(PartnerStreams.receive(exchange, prev, part, f -> copyPath(part, f), "rank " + prev + "'s transfer"));
                }
            });
            PartFiles.writeHeader(part, header(part, set, held.get()));
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        Agreement.check(group, failure, NAME + " could not protect " + part.dataset().label(), IOException::new);
    }

    private static SchemeHeader header(RankPart part, Optional<RedundancySet> set, Manifest held) {
        return set.isEmpty() ? SchemeHeader.unprotected(NAME, part.dataset().id(), part.rank())
                : new SchemeHeader(NAME, part.dataset().id(), part.rank(), set, Optional.empty(), List.of(), List.of(held));
    }

    @Override
    public Manifest recover(Group group, RankPart part, Optional<Manifest> mine, Set<Integer> lost, SchemeOptions options)
            throws IOException {
        LossSurvey survey = LossSurvey.take(group, part, mine, lost, NAME, options.failureGroups());
        Optional<String> fatal = survey.unrecoverable(part.dataset().label(), PartnerScheme::exceeded);
        if (fatal.isPresent()) {
            throw new NotRecoverableException(fatal.get());
        }
        if (survey.whole()) {
            return mine.orElseThrow();
        }
        if (group.rank() == 0) {
            survey.rebuildingAround(part.dataset().label()).ifPresent(w -> LOG.warn("{}", w));
        }
        SetPlan now = plan(options);
        boolean regenerate = survey.unchanged(now, size -> 0);
        boolean isLost = lost.contains(group.rank());
        AtomicReference<Manifest> rebuilt = new AtomicReference<>(mine.orElse(null));
        AtomicReference<Manifest> held = new AtomicReference<>(survey.header().flatMap(h -> h.manifests().stream().findFirst())
                .orElse(null));
        Throwable failure = null;
        try (Exchange copies = group.exchange(); Exchange fresh = group.exchange()) {
            Workers workers = new Workers(group.rank(), NAME + " rebuild of " + part.dataset().label(),
                    List.of(copies, fresh));
            workers.run(() -> rebuild(workers, copies, fresh, part, mine, survey, regenerate, rebuilt, held));
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        try {
            Agreement.check(group, failure, NAME + " could not rebuild " + survey.lostText() + " of " + part.dataset().label());
        } catch (NotRecoverableException e) {
            if (isLost) {
                PartFiles.discard(part);
            }
            throw e;
        }
        if (!regenerate) {
            apply(group, part, rebuilt.get(), options); // the same outcome on every rank
            return rebuilt.get();
        }
        failure = null;
        try {
            Optional<RedundancySet> set = now.setOf(group.rank());
            if (set.isPresent() && (isLost || !survey.header().flatMap(SchemeHeader::set).equals(set))) {
                PartFiles.writeHeader(part, header(part, set, held.get()));
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        Agreement.check(group, failure, NAME + " rebuilt " + part.dataset().label() + " but could not protect it again");
        return rebuilt.get();
    }

    /** A lost rank is rebuilt from its partner, the next member, which must have survived with its header. */
    private static Optional<String> exceeded(RedundancySet set, Set<Integer> unavailable, Set<Integer> lost, int parity) {
        for (int i : lost) {
            int holder = (i + 1) % set.size();
            if (unavailable.contains(holder)) {
                return Optional.of("the copy of rank " + set.rank(i) + " was on rank " + set.rank(holder) + " ("
                        + set.members().get(holder).failureGroup() + "), which is lost or unreadable too; PARTNER survives only"
                        + " losses that never take a rank and its partner together");
            }
        }
        return Optional.empty();
    }

    /**
     * Lost ranks receive their files from their partner and, when the sets are unchanged, a fresh
     * copy of their left-hand neighbour's files; survivors send what their lost neighbours need.
     */
    private static void rebuild(Workers workers, Exchange copies, Exchange fresh, RankPart part, Optional<Manifest> mine,
            LossSurvey survey, boolean regenerate, AtomicReference<Manifest> rebuilt, AtomicReference<Manifest> held)
            throws IOException {
        int rank = part.rank();
        LossSurvey.State state = survey.status(rank).state();
        Optional<RedundancySet> found = survey.setOf(rank);
        if (found.isEmpty() || state == LossSurvey.State.BROKEN) {
            return;
        }
        RedundancySet set = found.get();
        int me = set.indexOf(rank);
        int next = set.rank((me + 1) % set.size());
        int prev = set.rank((me + set.size() - 1) % set.size());
        boolean prevLost = survey.status(prev).state() == LossSurvey.State.LOST;
        boolean nextLost = survey.status(next).state() == LossSurvey.State.LOST;
        if (state == LossSurvey.State.LOST) {
            PartFiles.discard(part);
            PartFiles.createRedundancyDirectory(part);
            if (regenerate) {
                workers.start("receive a copy from rank " + prev, () -> held.set(PartnerStreams.receive(fresh, prev, part,
                        f -> copyPath(part, f), "rank " + prev + "'s transfer")));
            }
            rebuilt.set(PartnerStreams.receive(copies, next, part, f -> part.file(f.path()), "rank " + next + "'s copy"));
            return;
        }
        if (prevLost) {
            Manifest copy = held.get();
            if (copy == null || copy.rank() != prev) {
                throw new IOException("rank " + rank + "'s " + NAME + " header holds no manifest of rank " + prev
                        + ", whose copy it keeps");
            }
            workers.start("send rank " + prev + " its copy", () -> PartnerStreams.send(copies, prev, copy, copyFiles(part, copy),
                    CrashPoints.REBUILD_SENT));
        }
        if (regenerate && nextLost) {
            Manifest own = mine.orElseThrow();
            workers.start("send a copy to rank " + next, () -> PartnerStreams.send(fresh, next, own,
                    PartFiles.dataFiles(part, own.files()), CrashPoints.REBUILD_SENT));
        }
    }

    @Override
    public void remove(RankPart part) throws IOException {
        PartFiles.clear(part);
    }

    @Override
    public List<String> files(RankPart part) throws IOException {
        return PartFiles.list(part);
    }

    @Override
    public List<RecoveryGroup> recoveryGroups(RankPart part) throws IOException {
        return HeaderGroups.partner(part, NAME);
    }
}
