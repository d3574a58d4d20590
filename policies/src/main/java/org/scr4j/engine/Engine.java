package org.scr4j.engine;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.scr4j.Flag;
import org.scr4j.Output;
import org.scr4j.Restart;
import org.scr4j.advice.AutoInterval;
import org.scr4j.ScrException;
import org.scr4j.conf.ConfigException;
import org.scr4j.conf.ConfiguredTiers;
import org.scr4j.conf.Descriptor;
import org.scr4j.conf.ScrConfig;
import org.scr4j.conf.ScrKeys;
import org.scr4j.control.ControlDirectory;
import org.scr4j.control.FlushJournal;
import org.scr4j.control.HaltRecord;
import org.scr4j.control.Index;
import org.scr4j.control.IndexEntry;
import org.scr4j.control.IndexFormatException;
import org.scr4j.dataset.DatasetInfo;
import org.scr4j.dataset.FileEntry;
import org.scr4j.dataset.Manifest;
import org.scr4j.fault.CrashPoints;
import org.scr4j.group.Group;
import org.scr4j.scheme.SchemeOptions;
import org.scr4j.scheme.SchemeRegistry;
import org.scr4j.tier.RelativePaths;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierHealth;
import org.scr4j.tier.TierRegistry;
import org.scr4j.tier.TierSpec;
import org.scr4j.tier.TierUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rank's checkpoint/restart engine: the state machine behind {@link org.scr4j.Scr}. Every
 * public method is collective and leaves the same state on every rank.
 */
public final class Engine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private enum State { IDLE, OUTPUT, RESTART, CLOSED }

    private final ScrConfig config;
    private final Group group;
    private final JobLog log;
    private final List<StorageTier> tiers;
    /** The cache tiers' names, fastest first, as scr.tiers lists them. */
    private final List<String> tierOrder;
    private final StorageTier prefixTier;
    private final ControlDirectory control;
    private final Cache cache;
    private final Prefix prefix;
    private final CacheView view;
    private final Flusher flusher;
    private final CachePlacement placement;
    private final RestartFinder finder;
    private final Rebuilder rebuilder;
    private final Levels levels;
    private final SchemeRegistry schemes;
    private final int nodes;
    private final CheckpointAdvisor advisor;
    private final int flushEvery;
    private final boolean flushAsync;
    private final long haltSeconds;
    private final long endTime;
    private final long heartbeatNanos;
    private long lastBeat = Long.MIN_VALUE;
    /** Rank 0: the last read of the halt file failed (said once, not at every call). */
    private boolean haltUnreadable;
    private final Instant runStart = Instant.now();
    private final Set<Long> failed = new HashSet<>();
    private final Map<Integer, Protection> schemeByDescriptor = new HashMap<>();

    private State state = State.IDLE;
    private OutputPhase output;
    private RestartPhase restart;
    private long nextDatasetId;
    private long nextCheckpointId;
    private long needCalls;
    private Instant lastCheckpointEnd;
    private long costNanos;
    private int costCount;
    private CachedDataset pending;
    private OptionalLong ceiling = OptionalLong.empty();
    private OptionalLong restartedFrom = OptionalLong.empty();

    private Engine(ScrConfig config, Group group, List<StorageTier> tiers, StorageTier prefixTier, ControlDirectory control,
            SchemeRegistry schemes) {
        this.config = config;
        this.group = group;
        this.log = new JobLog(Engine.class, group);
        this.tiers = tiers;
        this.tierOrder = tiers.stream().map(StorageTier::name).toList();
        this.prefixTier = prefixTier;
        this.control = control;
        this.schemes = schemes;
        int buffer = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(4096, config.getBytes("scr.file.buf.size")));
        Map<String, StorageTier> byName = new LinkedHashMap<>();
        tiers.forEach(t -> byName.put(t.name(), t));
        this.cache = new Cache(byName, group.rank(), buffer);
        this.prefix = new Prefix(prefixTier, control, cache, buffer);
        this.view = new CacheView();
        this.flushAsync = config.getBoolean("scr.flush.async") || config.get("scr.flush.type").equalsIgnoreCase("PTHREAD");
        // scr.flush.async.bw is the job's: each rank takes an even share.
        this.flusher = new Flusher(group, prefix, view, config.getInt("scr.prefix.size"),
                Throttle.of((double) config.getBytes("scr.flush.async.bw") / group.size()), d -> levelOf(d).compression());
        this.rebuilder = new Rebuilder(group, cache, this::protectionOf, control.log());
        this.finder = new RestartFinder(group, cache, prefix, view, config.getBoolean("scr.fetch"), this::placeFetched, rebuilder);
        this.placement = new CachePlacement(group, cache, view, tierOrder, this::countLimit,
                flusher, finder::discard, control);
        this.levels = new Levels(config.descriptors());
        this.nodes = new TreeSet<>(group.allGather(group.node())).size();
        this.advisor = new CheckpointAdvisor(config.getInt("scr.checkpoint.interval"), config.getLong("scr.checkpoint.seconds"),
                config.getDouble("scr.checkpoint.overhead"),
                config.getBoolean("scr.checkpoint.interval.auto") ? AutoInterval.fromLog(control.log()) : CheckpointAdvisor.NO_ADVICE);
        this.flushEvery = config.getInt("scr.flush");
        this.haltSeconds = config.getLong("scr.halt.seconds");
        this.endTime = config.getLong("scr.end.time");
        this.heartbeatNanos = Duration.ofSeconds(Math.max(1, config.getLong("scr.heartbeat.seconds"))).toNanos();
        this.lastCheckpointEnd = runStart;
    }

    /**
     * Opens the cache tiers and the prefix, agrees with the other ranks on the datasets every rank
     * holds, and deletes what a crash left half-written.
     */
    public static Engine open(ScrConfig config, Group group, TierRegistry registry, SchemeRegistry schemes, TierContext context) {
        requireNonNull(config, "config is null");
        requireNonNull(group, "group is null");
        ConfiguredTiers configured = new ConfiguredTiers(config, registry);
        configured.check();
        URI prefixUri = prefixUri(config);
        List<List<StorageTier>> opened = new ArrayList<>();
        StorageTier[] prefixTier = new StorageTier[1];
        ControlDirectory[] control = new ControlDirectory[1];
        List<String> problems = Collective.problems(group, () -> {
            opened.add(configured.open(context));
            prefixTier[0] = registry.open(new TierSpec("prefix", "pfs", prefixUri.toString(), OptionalLong.empty(), Map.of()), context);
            control[0] = ControlDirectory.open(prefixUri, config.hadoopConfiguration());
        });
        List<StorageTier> tiers = opened.isEmpty() ? List.of() : opened.get(0);
        if (!problems.isEmpty()) {
            closeQuietly(tiers, prefixTier[0], control[0]);
            throw new ScrException("cannot open the cache tiers and the prefix " + prefixUri + ": " + String.join("; ", problems));
        }
        try {
            checkLocal(tiers);
            Engine engine = new Engine(config, group, tiers, prefixTier[0], control[0], schemes);
            engine.recover();
            return engine;
        } catch (RuntimeException e) {
            closeQuietly(tiers, prefixTier[0], control[0]);
            throw e;
        }
    }

    /** SCR_PREFIX as a URI: a URI as given, a path made absolute against the working directory, else the working directory. */
    public static URI prefixUri(ScrConfig config) {
        String prefix = config.get(ScrKeys.PREFIX);
        if (prefix.isEmpty()) {
            prefix = System.getProperty("user.dir");
        }
        if (prefix.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return URI.create(prefix);
        }
        return Path.of(prefix).toAbsolutePath().normalize().toUri();
    }

    /** The application writes its files itself, so a cache tier must have a local directory. */
    private static void checkLocal(List<StorageTier> tiers) {
        List<String> problems = new ArrayList<>();
        for (StorageTier t : tiers) {
            if (t.localPath("probe", "probe").isEmpty()) {
                problems.add("tier '" + t.name() + "' (" + t.type() + " at " + t.location() + ") cannot hold checkpoints: the"
                        + " application writes its files directly, so a cache tier needs a local directory. Fix: use a ramdisk,"
                        + " ssd or nvram tier; the prefix (SCR_PREFIX) may be on any Hadoop file system");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** Start-up: clears a finished run's halt, reads the index, and agrees on the cached datasets. */
    private void recover() {
        String summary = Collective.onRoot(group, "reading the control files in " + control.path(), () -> {
            HaltRecord halt = control.halt().read();
            if (halt.reason().filter(HaltRecord.FINALIZE_CALLED::equals).isPresent()) {
                control.halt().update(h -> h.withReason(Optional.empty()));
            }
            Index index = control.index().read();
            // Manifests of dropped datasets stay on the prefix; a new dataset must not reuse their id.
            long maxId = Math.max(index.entries().isEmpty() ? 0 : index.entries().lastKey(), prefix.newestManifestId());
            long maxCheckpoint = index.entries().values().stream().mapToLong(IndexEntry::checkpointId).max().orElse(0);
            String flushed = index.entries().values().stream().filter(e -> e.isFlushed() && !e.isFailed())
                    .map(e -> Long.toString(e.id())).collect(Collectors.joining(","));
            String flushing = interruptedFlushes();
            return maxId + " " + maxCheckpoint + " " + flushed + " " + flushing;
        });
        String[] parts = summary.split(" ", 4);
        Set<Long> flushed = ids(parts[2]);
        Set<Long> interrupted = ids(parts[3]);

        List<Manifest> mine = new ArrayList<>();
        Collective.everywhere(group, "scanning the cache", () -> mine.addAll(cache.scan()));
        List<Manifest> settled = PartDuplicates.settle(group, mine, tierOrder, cache, log);
        CacheAgreement agreement = CacheAgreement.reach(group, settled);
        long maxCachedId = 0;
        long maxCachedCheckpoint = 0;
        agreement.disagreements().forEach(d -> log.warn("{}", d));
        for (Manifest m : agreement.unusable()) {
            DatasetInfo d = m.dataset();
            LOG.warn("rank {}: deleting cached {}: it was written by {} ranks and this job has {}", group.rank(), d.label(),
                    d.ranks(), group.size());
            deleteQuietly(d);
        }
        for (DatasetInfo d : agreement.datasets()) {
            Optional<Manifest> held = agreement.mine(d.id());
            Set<Integer> lost = agreement.lost(d.id());
            if (!lost.isEmpty()) {
                Optional<Rebuilder.Outcome> outcome = rebuilder.rebuild(d, lost, held);
                if (outcome.isEmpty()) {
                    continue;
                }
                held = Optional.of(outcome.get().mine());
                recordRebuild(d, lost, outcome.get().seconds());
            }
            view.add(new CachedDataset(d, flushed.contains(d.id())), held.orElseThrow());
            maxCachedId = Math.max(maxCachedId, d.id());
            maxCachedCheckpoint = Math.max(maxCachedCheckpoint, d.checkpointId());
        }
        if (group.rank() == 0) {
            flusher.prune();
        }
        finishInterruptedFlushes(interrupted);
        nextDatasetId = Math.max(Long.parseLong(parts[0]), group.max(Math.max(maxCachedId, agreement.maxId()))) + 1;
        nextCheckpointId = Math.max(Long.parseLong(parts[1]), group.max(maxCachedCheckpoint)) + 1;
        if (group.rank() == 0) {
            LOG.info("scr4j started: {} rank(s) on {} node(s), prefix {}, {} dataset(s) in the cache, next dataset id {}",
                    group.size(), nodes, control.prefix(), view.all().size(), nextDatasetId);
            haltReason().ifPresent(r -> LOG.warn("a halt condition holds ({}): shouldExit() answers true", r));
            recordStart();
            warnNotYetOffered();
        }
        beat();
    }

    /** Rank 0: the ids the flush journal records as being flushed; a damaged journal is only in the way of that. */
    private String interruptedFlushes() {
        try {
            return control.journal().read().values().stream()
                    .filter(e -> e.state() == FlushJournal.State.FLUSHING).map(e -> Long.toString(e.id()))
                    .collect(Collectors.joining(","));
        } catch (IOException e) {
            LOG.warn("cannot read the flush journal; datasets whose flush was cut off are flushed again only when due: {}",
                    e.getMessage());
            return "";
        }
    }

    private static Set<Long> ids(String csv) {
        Set<Long> ids = new HashSet<>();
        Arrays.stream(csv.split(",")).filter(s -> !s.isEmpty()).forEach(s -> ids.add(Long.parseLong(s)));
        return ids;
    }

    /**
     * A flush the journal records as under way was cut off when the last run died: its dataset is
     * still cached, so copy it again, from the start (what reached the prefix is not trusted).
     */
    private void finishInterruptedFlushes(Set<Long> interrupted) {
        for (CachedDataset c : view.all()) {
            if (interrupted.contains(c.info().id()) && !c.flushed()) {
                log.info("the flush of {} was interrupted when the last run ended; flushing it again", c.info().label());
                if (flushAsync) {
                    flusher.start(c.info());
                } else {
                    flusher.flush(c.info());
                }
            }
        }
    }

    /** Rank 0: a run began; interval advice measures the time between failures from these. */
    private void recordStart() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "start");
        event.put("ranks", group.size());
        event.put("nodes", nodes);
        try {
            control.log().append(event);
        } catch (IOException e) {
            LOG.warn("could not record the start of this run in the event log {}: {}", control.log().path(), e.getMessage());
        }
    }

    /**
     * Rank 0 tells the launcher's watchdog that the job is making progress, at most every
     * scr.heartbeat.seconds: every API call passes here, so the cost is one small file write per
     * interval, never one per call.
     */
    private void beat() {
        if (group.rank() != 0) {
            return;
        }
        long now = System.nanoTime();
        if (lastBeat != Long.MIN_VALUE && now - lastBeat < heartbeatNanos) {
            return;
        }
        lastBeat = now;
        try {
            control.heartbeat().write(Instant.now());
        } catch (IOException e) {
            LOG.warn("could not write the heartbeat file {} (a launcher's watchdog may take the job for hung): {}",
                    control.heartbeat().path(), e.getMessage());
        }
    }

    /** Settings SCR has that this version accepts but does not act on yet; silence would mislead. */
    private void warnNotYetOffered() {
        if (config.getBoolean("scr.fetch.bypass")) {
            LOG.warn("SCR_FETCH_BYPASS=1: this version copies a fetched checkpoint into the cache before the restart reads it");
        }
        if (config.getBoolean("scr.global.restart")) {
            LOG.warn("SCR_GLOBAL_RESTART=1: not offered yet; each rank restarts from its own files");
        }
    }

    public int rank() {
        return group.rank();
    }

    public int size() {
        return group.size();
    }

    private void requireIdle(String call) {
        switch (state) {
            case IDLE -> {
            }
            case OUTPUT -> throw new IllegalStateException(call + " was called while dataset " + output.dataset().label()
                    + " is being written; call complete() on its Output first");
            case RESTART -> throw new IllegalStateException(call + " was called during the restart from "
                    + restart.dataset().info().label() + "; call complete() on its Restart first");
            case CLOSED -> throw new IllegalStateException(call + " was called after close(); scr4j is finalized");
        }
    }

    /**
     * Rank 0's view of the halt file: why the job must stop, if it must. Only rank 0 calls it. A
     * prefix that cannot be reached (the parallel file system down) must not end a job that can
     * go on checkpointing to its cache: the time limits are still checked, and the halt file is
     * read again at the next call. A damaged halt file is an error a person must fix.
     */
    private Optional<String> haltReason() throws ScrException {
        HaltRecord halt;
        try {
            halt = control.halt().read();
            haltUnreadable = false;
        } catch (IndexFormatException e) {
            throw new ScrException("cannot read the halt file in " + control.path() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            if (!haltUnreadable) {
                LOG.warn("cannot read the halt file in {} ({}); going on without it until it can be read again", control.path(),
                        e.getMessage());
            }
            haltUnreadable = true;
            halt = HaltRecord.NONE;
        }
        return halt.check(Instant.now(), endTime, haltSeconds);
    }

    public boolean needCheckpoint() {
        requireIdle("needCheckpoint()");
        beat();
        flusher.poll();
        needCalls++;
        Optional<Duration> mean = costCount == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(costNanos / costCount));
        return "1".equals(Collective.onRoot(group, "deciding whether to checkpoint", () ->
                haltReason().isPresent() || advisor.need(needCalls, Instant.now(), lastCheckpointEnd, mean) ? "1" : "0"));
    }

    public boolean shouldExit() {
        requireIdle("shouldExit()");
        beat();
        flusher.poll();
        String reason = Collective.onRoot(group, "checking the halt conditions", () -> haltReason().orElse(""));
        if (!reason.isEmpty() && group.rank() == 0) {
            LOG.info("halt condition: {}", reason);
        }
        return !reason.isEmpty();
    }

    public Output startOutput(String name, Flag... flags) {
        requireIdle("startOutput(" + (name == null ? "null" : "'" + name + "'") + ")");
        beat();
        // Agree first: a check that failed on one rank alone would leave it one collective behind the others.
        agree("startOutput", name + " " + (flags == null ? "null" : new TreeSet<>(Arrays.stream(flags).map(String::valueOf).toList())));
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        set.addAll(Arrays.asList(requireNonNull(flags, "flags is null")));
        if (set.isEmpty()) {
            throw new IllegalArgumentException("startOutput needs at least one flag: Flag.CHECKPOINT, Flag.OUTPUT, or both");
        }
        String dataset = name == null ? "dataset." + nextDatasetId : checkName(name);
        Optional<CachedDataset> same = view.byName(dataset);
        if (same.isPresent()) {
            throw new IllegalArgumentException("dataset name '" + dataset + "' is in use by " + same.get().info().label()
                    + " in the cache; each dataset needs a name of its own, such as 'ckpt.<step>', or delete the old one with delete('"
                    + dataset + "') first");
        }
        pending = null;
        flusher.poll();
        boolean checkpoint = set.contains(Flag.CHECKPOINT);
        long id = nextDatasetId++;
        long checkpointId = checkpoint ? nextCheckpointId++ : 0;
        Descriptor level = checkpoint ? levels.forCheckpoint(checkpointId) : levels.forOutput();
        Protection protection = scheme(level);
        String tier = placement.choose(level.tier(), dataset + " (id " + id + ")");
        DatasetInfo info = new DatasetInfo(id, dataset, checkpointId, checkpoint, set.contains(Flag.OUTPUT), tier,
                protection.scheme().name(), group.size());
        List<String> refused = Collective.problems(group, () -> cache.create(info));
        if (!refused.isEmpty()) {
            // The ranks whose directory was made delete it again: the dataset never started.
            finder.discard(info);
            throw new ScrException("cannot start " + info.label() + " on tier '" + info.tier() + "': " + Collective.join(refused));
        }
        output = new OutputPhase(this, info, protection);
        state = State.OUTPUT;
        return output;
    }

    /** The level a dataset belongs to in this run's configuration. */
    private Descriptor levelOf(DatasetInfo d) {
        return d.checkpoint() ? levels.forCheckpoint(d.checkpointId()) : levels.forOutput();
    }

    /** How a cached dataset is protected again after a rebuild: its own scheme, with its level's options in this run. */
    private Protection protectionOf(DatasetInfo d) {
        Descriptor level = levelOf(d);
        return new Protection(schemes.get(d.scheme()), scheme(level).options());
    }

    private void deleteQuietly(DatasetInfo d) {
        try {
            cache.delete(d);
        } catch (IOException e) {
            LOG.warn("rank {}: could not delete {}: {}", group.rank(), d.label(), e.getMessage());
        }
    }

    /** Rank 0 logs a rebuild in the job's event log, where `scr4j bench` and people read its cost. */
    private void recordRebuild(DatasetInfo d, Set<Integer> lost, double seconds) {
        if (group.rank() != 0) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event", "rebuild");
        event.put("id", d.id());
        event.put("name", d.name());
        event.put("scheme", d.scheme());
        event.put("lostRanks", new TreeSet<>(lost).stream().map(String::valueOf).collect(Collectors.joining(",")));
        event.put("seconds", seconds);
        try {
            control.log().append(event);
        } catch (IOException e) {
            LOG.warn("{} was rebuilt, but the event log in {} could not be updated: {}", d.label(), control.path(), e.getMessage());
        }
    }

    /** The scheme protecting a level on this job's failure groups; a fallback to SINGLE is said once. */
    private Protection scheme(Descriptor level) {
        Protection known = schemeByDescriptor.get(level.id());
        if (known != null) {
            return known;
        }
        // Collective: every rank resolves the same descriptors in the same order.
        SchemeOptions options = new SchemeOptions(level.setSize(), level.setFailures(),
                group.allGather(FailureGroup.of(level.group(), group.node(), System.getenv())));
        SchemeRegistry.Resolved resolved = schemes.resolve(level.scheme(), options);
        resolved.fallback().ifPresent(why -> log.warn("checkpoint level {} asks for {}, but {}; using {}", level.id(),
                level.scheme(), why, resolved.scheme().name()));
        Protection protection = new Protection(resolved.scheme(), options);
        schemeByDescriptor.put(level.id(), protection);
        return protection;
    }

    private static String checkName(String name) {
        RelativePaths.checkDataset(name);
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("dataset name '" + name.replaceAll("\\p{Cntrl}", "?") + "' contains a control"
                    + " character (tab, newline, ...); use letters, digits, '.', '_' or '-'");
        }
        if (name.startsWith(".")) {
            throw new IllegalArgumentException("dataset name '" + name + "' starts with '.'; scr4j keeps such names on the prefix"
                    + " for itself (.scr4j). Fix: use a name such as 'ckpt.10'");
        }
        return name;
    }

    /** Every rank must pass the same arguments to a collective call. */
    private void agree(String call, String arguments) {
        List<String> all = group.allGather(arguments);
        for (int r = 1; r < all.size(); r++) {
            if (!all.get(r).equals(all.get(0))) {
                throw new IllegalArgumentException(call + ": rank " + r + " passed '" + all.get(r) + "' but rank 0 passed '"
                        + all.get(0) + "'; every rank must make the same call with the same arguments");
            }
        }
    }

    private int countLimit(String tier) {
        String key = "scr.tier." + tier + ".count";
        return config.settings().containsKey(key) ? config.getInt(key) : config.getInt(ScrKeys.CACHE_SIZE);
    }

    /** A fetched checkpoint goes to the tier its level names in this job's configuration. */
    private DatasetInfo placeFetched(long id, String name, long checkpointId, boolean output, int ranks) {
        Descriptor level = levels.forCheckpoint(checkpointId);
        Protection protection = scheme(level);
        String tier = placement.choose(level.tier(), name + " (id " + id + ")");
        return new DatasetInfo(id, name, checkpointId, true, output, tier, protection.scheme().name(), ranks);
    }

    Path cachePath(DatasetInfo dataset, String file, boolean create) {
        return cache.path(dataset, file, create);
    }

    boolean completeOutput(OutputPhase phase, boolean valid) {
        beat();
        try {
            return commit(phase, valid);
        } finally {
            state = State.IDLE;
            output = null;
        }
    }

    private boolean commit(OutputPhase phase, boolean valid) {
        DatasetInfo d = phase.dataset();
        List<FileEntry> files = new ArrayList<>();
        String problem = valid ? null : "the application passed valid=false";
        if (valid) {
            try {
                for (String file : new TreeSet<>(phase.routed())) {
                    files.add(cache.seal(d, file));
                }
                problem = overCapacity(d.tier());
            } catch (IOException e) {
                problem = Collective.message(e);
            }
        }
        List<String> problems = Collective.problems(group, problem);
        if (problems.isEmpty()) {
            problems = collisions(files);
        }
        if (!problems.isEmpty()) {
            abandon(d, problems, valid);
            return false;
        }
        Manifest manifest = new Manifest(d, group.rank(), files, phase.started(), Instant.now());
        Protection protection = phase.protection();
        long encodeStart = System.nanoTime();
        problems = Collective.problems(group, () -> protection.scheme().apply(group, cache.part(d), manifest, protection.options()));
        long encodeNanos = System.nanoTime() - encodeStart;
        if (problems.isEmpty()) {
            problems = Collective.problems(group, () -> {
                CrashPoints.reach(CrashPoints.BEFORE_MANIFEST);
                cache.commit(manifest);
                CrashPoints.reach(CrashPoints.AFTER_MANIFEST);
            });
        }
        if (!problems.isEmpty()) {
            abandon(d, problems, true);
            return false;
        }
        view.add(new CachedDataset(d, false), manifest);
        long cost = System.nanoTime() - phase.startNanos();
        long bytes = group.allGather(Long.toString(manifest.bytes())).stream().mapToLong(Long::parseLong).sum();
        if (d.checkpoint()) {
            costNanos += cost;
            costCount++;
            lastCheckpointEnd = Instant.now();
        }
        if (group.rank() == 0) {
            record(d, cost, encodeNanos, bytes);
        }
        if (d.output() || (d.checkpoint() && flushEvery > 0 && d.checkpointId() % flushEvery == 0)) {
            if (flushAsync) {
                flusher.start(d);
            } else {
                flusher.flush(d);
            }
        } else if (group.rank() == 0) {
            flusher.cached(d);
        }
        placement.retain(d.tier());
        exitIfHalted();
        return true;
    }

    /**
     * Null unless this rank's part of the dataset left its tier without room: then the likely
     * reason the dataset failed (the application's write or scr4j's own ran out of space), naming
     * the tier, the part's directory and the fix.
     */
    private String fullTier(DatasetInfo d) {
        String tier = d.tier();
        try {
            TierUsage usage = cache.tier(tier).usage();
            return usage.available() > 0 ? null : "tier '" + tier + "' at " + cache.tier(tier).location() + " is full ("
                    + usage.fsFree() + " bytes free on its file system, " + usage.used() + " used by scr4j) after writing " + d.label()
                    + " into " + cache.directory(d.id()) + " there. Fix: give the tier more room, set its capacity (scr.tier."
                    + tier + ".capacity) so older datasets are evicted first, keep fewer (scr.cache.size), or list a slower tier"
                    + " after it in scr.tiers for datasets that do not fit";
        } catch (IOException e) {
            return null;
        }
    }

    private String overCapacity(String tier) throws IOException {
        StorageTier t = cache.tier(tier);
        if (t.capacity().isEmpty()) {
            return null;
        }
        long used = t.usage().used();
        long capacity = t.capacity().getAsLong();
        return used <= capacity ? null : "tier '" + tier + "' is full: it holds " + used + " bytes, more than its capacity of "
                + capacity + " (scr.tier." + tier + ".capacity). Fix: raise the capacity, keep fewer datasets (scr.cache.size),"
                + " or write less";
    }

    /** Two ranks may not write the same path: on the prefix one would overwrite the other. */
    private List<String> collisions(List<FileEntry> files) {
        List<String> all = group.allGather(files.stream().map(FileEntry::path).collect(Collectors.joining("\n")));
        Map<String, Integer> owner = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int r = 0; r < all.size(); r++) {
            for (String path : all.get(r).split("\n")) {
                if (path.isEmpty()) {
                    continue;
                }
                Integer other = owner.putIfAbsent(path, r);
                if (other != null && problems.size() < 5) {
                    problems.add("ranks " + other + " and " + r + " both wrote '" + path + "'; on the prefix the files of all"
                            + " ranks share one directory, so route per-rank names such as 'rank." + r + "/" + path + "'");
                }
            }
        }
        return problems;
    }

    /** Null if the tier is healthy on this rank, else its problems (read-only, gone, ...), each with its fix. */
    private String unhealthy(String tier) {
        TierHealth health = cache.tier(tier).checkHealth();
        return health.healthy() ? null : String.join("; ", health.problems());
    }

    /**
     * Deletes a dataset that was not committed and says why, once. A rank whose tier it filled, or
     * whose tier is unhealthy (read-only, gone), says so: that is the reason the application's
     * own write failed. After a full tier, placement sends the next dataset to another tier until
     * that one has room again.
     */
    private void abandon(DatasetInfo d, List<String> problems, boolean appSaidValid) {
        // Asked before the dataset's files are deleted: they are what filled the tier.
        String full = fullTier(d);
        List<String> why = new ArrayList<>(problems);
        why.addAll(Collective.problems(group, full != null ? full : unhealthy(d.tier())));
        finder.discard(d);
        if (full != null) {
            placement.ranOutOfRoom(d.tier(), d.label());
        }
        if (group.rank() == 0) {
            String previous = view.newestCheckpoint().map(c -> "; the newest checkpoint, " + c.info().label() + ", is intact")
                    .orElse("");
            if (appSaidValid || why.size() > problems.size()) {
                LOG.error("{} was not committed: {}{}", d.label(), Collective.join(why), previous);
            } else {
                LOG.info("{} was discarded: {}{}", d.label(), Collective.join(why), previous);
            }
        }
    }

    /** Rank 0: the cost log for interval advice, and the halt file's checkpoint countdown. */
    private void record(DatasetInfo d, long costNanos, long encodeNanos, long bytes) {
        try {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("event", d.checkpoint() ? "checkpoint" : "output");
            event.put("id", d.id());
            event.put("name", d.name());
            event.put("checkpointId", d.checkpointId());
            event.put("tier", d.tier());
            event.put("scheme", d.scheme());
            event.put("level", levelOf(d).id());
            event.put("seconds", costNanos / 1e9);
            event.put("encodeSeconds", encodeNanos / 1e9);
            event.put("bytes", bytes);
            event.put("ranks", d.ranks());
            control.log().append(event);
            if (d.checkpoint()) {
                control.halt().update(h -> h.checkpoints().isPresent()
                        ? h.withCheckpoints(java.util.OptionalInt.of(h.checkpoints().getAsInt() - 1)) : h);
            }
        } catch (IOException e) {
            LOG.error("{} is committed, but the log or halt file in {} could not be updated: {}", d.label(), control.path(),
                    e.getMessage());
        }
    }

    /** SCR_HALT_EXIT: leave as soon as a checkpoint is safe and a halt condition holds. */
    private void exitIfHalted() {
        if (!config.getBoolean("scr.halt.exit")) {
            return;
        }
        String reason = Collective.onRoot(group, "checking the halt conditions", () -> haltReason().orElse(""));
        if (!reason.isEmpty()) {
            LOG.info("rank {}: exiting: halt condition {} holds and scr.halt.exit is on", group.rank(), reason);
            close();
            // The process ends here: leave the job group cleanly, so the others see a goodbye, not a death.
            group.close();
            Runtime.getRuntime().exit(0);
        }
    }

    public Optional<String> haveRestart() {
        requireIdle("haveRestart()");
        beat();
        flusher.poll();
        pending = finder.find(ceiling, failed).orElse(null);
        return Optional.ofNullable(pending).map(c -> c.info().name());
    }

    public Restart startRestart(String name) {
        requireIdle("startRestart('" + name + "')");
        agree("startRestart", String.valueOf(name));
        requireNonNull(name, "name is null");
        if (pending == null) {
            haveRestart();
        }
        if (pending == null || !pending.info().name().equals(name)) {
            throw new IllegalArgumentException("startRestart('" + name + "'): no restartable checkpoint has that name; "
                    + (pending == null ? "there is none (haveRestart() returns empty)"
                            : "the newest one is '" + pending.info().name() + "' (to restart from an older one, call current('"
                                    + name + "') before haveRestart())"));
        }
        restart = new RestartPhase(this, pending, view.manifest(pending.info().id()));
        state = State.RESTART;
        return restart;
    }

    boolean completeRestart(RestartPhase phase, boolean valid) {
        beat();
        try {
            CachedDataset d = phase.dataset();
            List<String> refused = Collective.problems(group, valid ? null : "complete(false)");
            pending = null;
            if (refused.isEmpty()) {
                restartedFrom = OptionalLong.of(d.info().id());
                Collective.problems(group, () -> {
                    if (group.rank() == 0) {
                        control.index().update(i -> i.entry(d.info().id()).isPresent() ? i.withCurrent(OptionalLong.of(d.info().id())) : i);
                    }
                }).forEach(p -> log.error("restarted from {}, but could not record it as current in the index: {}", d.info().label(), p));
                if (config.getBoolean("scr.flush.on.restart") && !d.flushed()) {
                    flusher.flush(d.info());
                }
                return true;
            }
            failed.add(d.info().id());
            if (group.rank() == 0) {
                LOG.warn("the application could not restart from {} ({}); it is marked FAILED and haveRestart() offers the next"
                        + " older checkpoint", d.info().label(), String.join("; ", refused));
            }
            finder.discard(d.info());
            finder.markFailed(d.info().id(), "the application's restart from it failed: " + String.join("; ", refused));
            return false;
        } finally {
            state = State.IDLE;
            restart = null;
        }
    }

    /**
     * Before a restart: restart from this checkpoint, not a newer one (newer cached ones are deleted,
     * as SCR does). After one: records that the application loaded this checkpoint itself.
     */
    public void current(String name) {
        requireIdle("current('" + name + "')");
        agree("current", String.valueOf(name));
        requireNonNull(name, "name is null");
        long id = find(name, "current");
        if (restartedFrom.isEmpty()) {
            ceiling = OptionalLong.of(id);
            pending = null;
            for (CachedDataset c : view.all()) {
                if (c.info().checkpoint() && c.info().id() > id) {
                    flusher.settle(c.info().id());
                    LOG.info("rank {}: deleting cached {}: current('{}') restarts from an older checkpoint", group.rank(),
                            c.info().label(), name);
                    finder.discard(c.info());
                }
            }
        } else {
            restartedFrom = OptionalLong.of(id);
        }
        Collective.onRoot(group, "setting the current checkpoint in the index", () -> {
            control.index().update(i -> i.entry(id).isPresent() ? i.withCurrent(OptionalLong.of(id)) : i);
            return "";
        });
    }

    /** The id of a dataset by name, from the cache or the index; an unknown name is an error on every rank. */
    private long find(String name, String call) {
        Optional<CachedDataset> cached = view.byName(name);
        if (cached.isPresent()) {
            return cached.get().info().id();
        }
        String id = Collective.onRoot(group, "looking up '" + name + "' in the index",
                () -> control.index().read().byName(name).map(e -> Long.toString(e.id())).orElse(""));
        if (id.isEmpty()) {
            throw new IllegalArgumentException(call + "('" + name + "'): no dataset has that name in the cache or the index"
                    + " of " + control.prefix());
        }
        return Long.parseLong(id);
    }

    /** Removes a dataset everywhere: every rank's cache, its files and manifests on the prefix, its index entry. */
    public void delete(String name) {
        requireIdle("delete('" + name + "')");
        agree("delete", String.valueOf(name));
        requireNonNull(name, "name is null");
        long id = find(name, "delete");
        flusher.settle(id);
        view.get(id).ifPresent(c -> finder.discard(c.info()));
        Collective.onRoot(group, "deleting '" + name + "' from the prefix", () -> {
            Index index = control.index().update(i -> {
                Index next = i.without(id);
                return next.current().isPresent() && next.current().getAsLong() == id ? next.withCurrent(OptionalLong.empty()) : next;
            });
            prefix.delete(name, id);
            return Integer.toString(index.entries().size());
        });
    }

    /** Forgets a dataset in the index only; its files stay where they are. */
    public void drop(String name) {
        requireIdle("drop('" + name + "')");
        agree("drop", String.valueOf(name));
        requireNonNull(name, "name is null");
        String found = Collective.onRoot(group, "dropping '" + name + "' from the index", () -> {
            Optional<IndexEntry> entry = control.index().read().byName(name);
            if (entry.isEmpty()) {
                return "";
            }
            control.index().update(i -> {
                Index next = i.without(entry.get().id());
                return next.current().isPresent() && next.current().getAsLong() == entry.get().id()
                        ? next.withCurrent(OptionalLong.empty()) : next;
            });
            return "1";
        });
        if (found.isEmpty()) {
            throw new IllegalArgumentException("drop('" + name + "'): the index of " + control.prefix() + " has no dataset of that name");
        }
    }

    /**
     * SCR's scavenge: copies to the prefix what only the cache holds, the newest checkpoint and
     * every output not yet flushed, whatever scr.flush says. Lost parts were rebuilt when the job
     * opened. Returns what happened to each dataset, in id order, the same on every rank.
     */
    public List<String> drain(org.scr4j.DrainProgress progress) {
        requireIdle("drain()");
        flusher.settleAll();
        List<String> report = new ArrayList<>();
        List<CachedDataset> due = new ArrayList<>();
        view.newestCheckpoint().ifPresent(due::add);
        view.all().stream().filter(c -> c.info().output() && !due.contains(c)).forEach(due::add);
        due.sort((a, b) -> Long.compare(a.info().id(), b.info().id()));
        long total = due.stream().filter(c -> !c.flushed()).mapToLong(c -> view.manifest(c.info().id()).bytes()).sum();
        long[] done = {0};
        progress.copied(0, total);
        for (CachedDataset c : due) {
            if (c.flushed()) {
                report.add(c.info().label() + ": on the prefix already");
                continue;
            }
            CrashPoints.reach(CrashPoints.DRAIN_DATASET);
            if (flusher.flush(c.info(), bytes -> progress.copied(done[0] += bytes, total))) {
                report.add(c.info().label() + ": flushed");
            } else {
                report.add(c.info().label() + ": NOT flushed (see the errors above); it stays in the cache");
            }
        }
        if (due.isEmpty()) {
            report.add("the cache holds no checkpoint or output of this job");
        }
        return report;
    }

    /**
     * SCR_Finalize: ends an open phase, flushes what must reach the prefix, and records in the halt
     * file that the job finished, so the launcher does not start it again.
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            if (state == State.OUTPUT) {
                log.warn("close() while {} is being written: it is discarded", output.dataset().label());
                output.complete(false);
            } else if (state == State.RESTART) {
                log.warn("close() during the restart from {}: the restart is abandoned", restart.dataset().info().label());
                state = State.IDLE;
            }
            flusher.settleAll();
            for (CachedDataset c : view.all()) {
                if (c.info().output() && !c.flushed()) {
                    flusher.flush(c.info());
                }
            }
            Optional<CachedDataset> newest = view.newestCheckpoint();
            if (flushEvery > 0 && newest.isPresent() && !newest.get().flushed()) {
                flusher.flush(newest.get().info());
            }
            // Every rank must reach close() alive before the job counts as finished: a job whose group
            // broke (a rank died) is not finished, and the launcher must relaunch it.
            group.barrier();
            Collective.problems(group, () -> {
                if (group.rank() == 0) {
                    control.halt().update(h -> h.withReason(Optional.of(HaltRecord.FINALIZE_CALLED)));
                    control.log().append(Map.of("event", "finalize"));
                }
            }).forEach(p -> log.error("could not record in the halt file that the job finished: {}", p));
        } finally {
            state = State.CLOSED;
            flusher.close();
            closeQuietly(tiers, prefixTier, control);
        }
    }

    private static void closeQuietly(List<StorageTier> tiers, StorageTier prefixTier, ControlDirectory control) {
        List<AutoCloseable> all = new ArrayList<>(tiers);
        if (prefixTier != null) {
            all.add(prefixTier);
        }
        if (control != null) {
            all.add(control.fileSystem());
        }
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", c, e.getMessage());
            }
        }
    }
}
