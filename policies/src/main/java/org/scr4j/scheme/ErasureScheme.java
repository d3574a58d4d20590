package org.scr4j.scheme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.dataset.ManifestCodec;
import org.scr4j.erasure.Coders;
import org.scr4j.erasure.CoderChoice;
import org.scr4j.erasure.Crc32c;
import org.scr4j.erasure.ErasureCode;
import org.scr4j.erasure.ErasureCoder;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Exchange;
import org.scr4j.group.Group;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XOR and RS: each set's data is cut into chunks and coded row by row (see {@link StripeGeometry}),
 * parity spread over the members, RAID-5 style. A row is coded by its first parity holder, which
 * receives the k data chunks and forwards the other m - 1 parity units, so a row costs
 * (k + m - 1) chunks of network. A rebuild reads k surviving units per row, codes each row on one
 * of the lost members and writes their data; when this run forms the same sets it also makes
 * their parity again and nothing else, otherwise the dataset is protected afresh for the new sets.
 */
abstract class ErasureScheme implements RedundancyScheme {
    /** Bytes of each unit coded and sent at once: large enough for few messages, small enough for bounded memory. */
    static final int PIECE = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ErasureScheme.class);
    private static final String PARITY = "parity.";

    private final CoderChoice choice;
    private final int pieceSize;
    private final Map<ErasureCode, ErasureCoder> coders = new ConcurrentHashMap<>();
    private final ProtectionWarnings warnings = new ProtectionWarnings();

    ErasureScheme(CoderChoice choice, int pieceSize) {
        this.choice = choice;
        this.pieceSize = pieceSize;
    }

    /** The parity units per row of a set of {@code members}. */
    abstract int parity(int members, SchemeOptions options);

    abstract ErasureCode code(int data, int parity);

    /** Why some sets get less protection than asked, for the log, or null. */
    abstract String shortSets(SetPlan plan, SchemeOptions options);

    SetPlan plan(SchemeOptions options) {
        return SetPlanner.plan(options.failureGroups(), options.setSize(), ErasureCode.MAX_UNITS);
    }

    @Override
    public Optional<String> cannotProtect(SchemeOptions options) {
        return SetPlanner.cannotProtect(options, () -> plan(options), "a redundancy set needs",
                "so no set of ranks on distinct failure groups exists");
    }

    @Override
    public void apply(Group group, RankPart part, Manifest manifest, SchemeOptions options) throws IOException {
        SetPlan plan = plan(options);
        warnings.warn(LOG, group, name(), plan, options, shortSets(plan, options));
        Optional<RedundancySet> set = plan.setOf(group.rank());
        Throwable failure = null;
        try (Exchange meta = group.exchange(); Exchange sources = group.exchange(); Exchange outputs = group.exchange()) {
            Workers workers = new Workers(group.rank(), name() + " of " + part.dataset().label(), List.of(meta, sources, outputs));
            AtomicReference<Coding> coding = new AtomicReference<>();
            workers.run(() -> {
                PartFiles.clear(part);
                PartFiles.createRedundancyDirectory(part);
                if (set.isPresent()) {
                    coding.set(encode(workers, meta, sources, outputs, part, manifest, set.get(), options));
                }
            });
            PartFiles.writeHeader(part, set.isEmpty() ? SchemeHeader.unprotected(name(), part.dataset().id(), part.rank())
                    : coding.get().header(name(), part, set.get()));
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        Agreement.check(group, failure, name() + " could not protect " + part.dataset().label(), IOException::new);
    }

    /** What a pass wrote on this rank, to be made durable and described in its header. */
    private record Coding(StripeGeometry geometry, int member, List<Manifest> manifests, MemberUnits units, List<String> parity) {
        SchemeHeader header(String scheme, RankPart part, RedundancySet set) throws IOException {
            List<SchemeHeader.StoredFile> stored = new ArrayList<>();
            for (int t = 0; t < parity.size(); t++) {
                PartFiles.sync(part, parity.get(t));
                int unit = t;
                long crc = units.writtenCrc(t).orElseThrow(() -> new IOException("parity unit " + unit + " of rank " + part.rank()
                        + " was not written completely"));
                stored.add(new SchemeHeader.StoredFile(parity.get(t), geometry.parityRow(member, t), geometry.chunk(), crc));
            }
            return new SchemeHeader(scheme, part.dataset().id(), part.rank(), Optional.of(set), Optional.of(geometry), stored,
                    manifests);
        }
    }

    private Coding encode(Workers workers, Exchange meta, Exchange sources, Exchange outputs, RankPart part, Manifest manifest,
            RedundancySet set, SchemeOptions options) throws IOException {
        int me = set.indexOf(part.rank());
        List<Manifest> manifests = gatherManifests(workers, meta, set, me, manifest);
        StripeGeometry g = StripeGeometry.of(parity(set.size(), options), manifests.stream().map(Manifest::bytes).toList());
        List<String> names = parityNames(part, g.parity());
        List<Path> paths = names.stream().map(n -> PartFiles.local(part, n)).toList();
        RankBytes.create(paths);
        MemberUnits units = new MemberUnits(g, me, PartFiles.dataFiles(part, manifest.files()), PartFiles.sizes(manifest.files()),
                paths, names, null);
        new StripeRun(coder(g), choice == CoderChoice.HADOOP_JAVA, g, RowPlan.encode(g), set, me, pieceSize,
                CrashPoints.ENCODE_SENT).start(workers, sources, outputs, units);
        return new Coding(g, me, manifests, units, names);
    }

    /** Every member's manifest, in member order: each member's header keeps them all to rebuild any of them. */
    private static List<Manifest> gatherManifests(Workers workers, Exchange meta, RedundancySet set, int me, Manifest mine)
            throws IOException {
        byte[] bytes = ManifestCodec.encode(mine);
        List<Integer> peers = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (i != me) {
                peers.add(i);
            }
        }
        workers.start("send manifest", () -> {
            for (int peer : peers) {
                Messages.sendBytes(meta, set.rank(peer), bytes);
            }
        });
        List<Manifest> all = new ArrayList<>(java.util.Collections.nCopies(set.size(), mine));
        for (int peer : peers) {
            int rank = set.rank(peer);
            Manifest m = ManifestCodec.decode(Messages.receiveBytes(meta, rank), "the manifest rank " + rank + " sent");
            if (m.rank() != rank || m.dataset().id() != mine.dataset().id()) {
                throw new IOException("rank " + rank + " sent the manifest of rank " + m.rank() + " of dataset " + m.dataset().id()
                        + " in the " + mine.dataset().label() + " exchange: the ranks are not applying the same dataset");
            }
            all.set(peer, m);
        }
        return all;
    }

    private List<String> parityNames(RankPart part, int parity) {
        List<String> names = new ArrayList<>();
        for (int t = 0; t < parity; t++) {
            names.add(part.redundancy(PARITY + t));
        }
        return names;
    }

    private ErasureCoder coder(StripeGeometry g) {
        return coders.computeIfAbsent(code(g.data(), g.parity()), code -> Coders.create(code, choice));
    }

    @Override
    public Manifest recover(Group group, RankPart part, Optional<Manifest> mine, Set<Integer> lost, SchemeOptions options)
            throws IOException {
        LossSurvey survey = LossSurvey.take(group, part, mine, lost, name(), options.failureGroups());
        Optional<String> fatal = survey.unrecoverable(part.dataset().label(), this::exceeded);
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
        boolean regenerate = survey.unchanged(now, size -> parity(size, options));
        boolean isLost = lost.contains(group.rank());
        AtomicReference<Rebuilt> rebuilt = new AtomicReference<>();
        Throwable failure = null;
        try (Exchange meta = group.exchange(); Exchange sources = group.exchange(); Exchange outputs = group.exchange()) {
            Workers workers = new Workers(group.rank(), name() + " rebuild of " + part.dataset().label(),
                    List.of(meta, sources, outputs));
            workers.run(() -> rebuilt.set(rebuild(workers, meta, sources, outputs, part, mine, survey, regenerate)));
            if (isLost) {
                verify(part, rebuilt.get());
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        try {
            Agreement.check(group, failure, name() + " could not rebuild " + survey.lostText() + " of " + part.dataset().label());
        } catch (NotRecoverableException e) {
            if (isLost) {
                PartFiles.discard(part);
            }
            throw e;
        }
        Manifest manifest = rebuilt.get().manifest();
        failure = null;
        if (!regenerate) {
            apply(group, part, manifest, options); // the same outcome on every rank
            return manifest;
        }
        try {
            rewriteHeader(part, rebuilt.get(), now);
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        Agreement.check(group, failure, name() + " rebuilt " + part.dataset().label() + " but could not protect it again");
        return manifest;
    }

    private Optional<String> exceeded(RedundancySet set, Set<Integer> unavailable, Set<Integer> lost, int parity) {
        return unavailable.size() <= parity ? Optional.empty() : Optional.of(name() + " with " + parity + " parity unit(s) per"
                + " row rebuilds at most " + parity + " lost member(s) of a set");
    }

    /**
     * What a rebuild pass did on this rank. {@code header} is the one it worked from (a lost rank's
     * comes from a survivor of its set); {@code units} is null on ranks that sat the pass out.
     */
    private record Rebuilt(Manifest manifest, boolean lost, Optional<SchemeHeader> header, int member, MemberUnits units,
            List<String> parity) {
    }

    private Rebuilt rebuild(Workers workers, Exchange meta, Exchange sources, Exchange outputs, RankPart part,
            Optional<Manifest> mine, LossSurvey survey, boolean regenerate) throws IOException {
        int rank = part.rank();
        LossSurvey.State state = survey.status(rank).state();
        Optional<RedundancySet> found = survey.setOf(rank);
        Set<Integer> lostMembers = found.map(s -> survey.members(s, LossSurvey.State.LOST)).orElse(Set.of());
        if (found.isEmpty() || lostMembers.isEmpty() || state == LossSurvey.State.BROKEN) {
            return new Rebuilt(mine.orElseThrow(), false, survey.header(), -1, null, List.of());
        }
        RedundancySet set = found.get();
        int me = set.indexOf(rank);
        Set<Integer> unavailable = new TreeSet<>(lostMembers);
        unavailable.addAll(survey.members(set, LossSurvey.State.BROKEN));
        int speaker = 0;
        while (unavailable.contains(speaker)) {
            speaker++;
        }
        SchemeHeader header;
        if (state == LossSurvey.State.LOST) {
            int from = set.rank(speaker);
            header = HeaderCodec.decode(Messages.receiveBytes(meta, from), "the header rank " + from + " sent");
        } else {
            header = survey.header().orElseThrow();
            if (me == speaker) {
                byte[] bytes = HeaderCodec.encode(header);
                workers.start("send header", () -> {
                    for (int m : lostMembers) {
                        Messages.sendBytes(meta, set.rank(m), bytes);
                    }
                });
            }
        }
        StripeGeometry g = header.geometry().orElseThrow(() -> new IOException("the " + name() + " header of rank "
                + header.rank() + " has no stripe geometry"));
        Manifest manifest = state == LossSurvey.State.LOST ? header.manifestOf(rank).orElseThrow(() -> new IOException(
                "the header of rank " + header.rank() + " holds no manifest for rank " + rank)) : mine.orElseThrow();
        List<Path> data = PartFiles.dataFiles(part, manifest.files());
        List<String> names = parityNames(part, g.parity());
        List<Path> paths = names.stream().map(n -> PartFiles.local(part, n)).toList();
        long[] expected = null;
        if (state == LossSurvey.State.LOST) {
            PartFiles.discard(part);
            PartFiles.createRedundancyDirectory(part);
            RankBytes.create(data);
            if (regenerate) {
                RankBytes.create(paths);
            }
        } else {
            expected = storedCrcs(header, g, me, names);
        }
        MemberUnits units = new MemberUnits(g, me, data, PartFiles.sizes(manifest.files()), paths, names, expected);
        RowPlan plan = RowPlan.rebuild(g, unavailable, lostMembers, regenerate);
        new StripeRun(coder(g), choice == CoderChoice.HADOOP_JAVA, g, plan, set, me, pieceSize, CrashPoints.REBUILD_SENT)
                .start(workers, sources, outputs, units);
        return new Rebuilt(manifest, state == LossSurvey.State.LOST, Optional.of(header), me, units, names);
    }

    /** The CRC32C of each parity unit t from the header, checking that it holds the row the geometry says. */
    private static long[] storedCrcs(SchemeHeader header, StripeGeometry g, int me, List<String> names) throws IOException {
        long[] crcs = new long[g.parity()];
        for (int t = 0; t < crcs.length; t++) {
            int row = g.parityRow(me, t);
            String name = names.get(t);
            crcs[t] = header.stored().stream().filter(f -> f.path().equals(name) && f.row() == row).findFirst()
                    .orElseThrow(() -> new IOException("the header of rank " + header.rank() + " does not list " + name
                            + " (row " + row + ")")).crc32c();
        }
        return crcs;
    }

    /**
     * A rebuilt rank's files must match its manifest bit for bit before anyone may use them. The
     * CRC32C of each file comes from the pieces as they were written, combined, so the files are
     * not read again; their sizes are checked on disk.
     */
    private static void verify(RankPart part, Rebuilt rebuilt) throws IOException {
        long[] crcs = rebuilt.units().writtenDataCrcs();
        List<FileEntry> files = rebuilt.manifest().files();
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            long size = Files.size(PartFiles.local(part, part.file(f.path())));
            if (size != f.size() || crcs[i] != f.crc32c()) {
                throw new IOException("rebuilt file '" + f.path() + "' of rank " + part.rank() + " has " + size + " bytes and CRC32C "
                        + Crc32c.hex(crcs[i]) + ", but its manifest says " + f.size() + " bytes and " + f.crcHex() + ": the data"
                        + " or parity of a surviving member is damaged, so it was not kept");
            }
            PartFiles.sync(part, part.file(f.path()));
        }
    }

    /** After a rebuild into the same sets: a lost rank records its new parity, every member its set's failure groups now. */
    private void rewriteHeader(RankPart part, Rebuilt rebuilt, SetPlan now) throws IOException {
        Optional<RedundancySet> set = now.setOf(part.rank());
        if (set.isEmpty() || rebuilt.header().isEmpty()) {
            return;
        }
        SchemeHeader old = rebuilt.header().get();
        if (rebuilt.lost()) {
            Coding coding = new Coding(old.geometry().orElseThrow(), rebuilt.member(), old.manifests(), rebuilt.units(),
                    rebuilt.parity());
            PartFiles.writeHeader(part, coding.header(name(), part, set.get()));
        } else if (!old.set().equals(set)) {
            PartFiles.writeHeader(part, old.withSet(set.get()));
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
        return HeaderGroups.erasure(part, name());
    }
}
