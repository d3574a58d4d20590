package org.scr4j.tier.pfs;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.scr4j.tier.Durability;
import org.scr4j.tier.StorageTier;
import org.scr4j.tier.TierContext;
import org.scr4j.tier.TierException;
import org.scr4j.tier.TierFactory;
import org.scr4j.tier.TierSpec;

/** The parallel file system: any Hadoop FileSystem URI (file://, hdfs://, or any other on the class path). */
public final class PfsTierFactory implements TierFactory {
    private final Configuration hadoopConf;

    @Inject
    public PfsTierFactory(Configuration hadoopConf) {
        this.hadoopConf = requireNonNull(hadoopConf, "hadoopConf is null");
    }

    @Override
    public String description() {
        return "the parallel file system: any Hadoop FileSystem URI (file://, hdfs://, ...)";
    }

    @Override
    public Durability durability() {
        return Durability.GLOBAL;
    }

    @Override
    public Set<String> options() {
        return Set.of();
    }

    @Override
    public StorageTier create(TierSpec spec, TierContext context) throws IOException {
        URI uri = toUri(spec, context.expand(spec.base()));
        FileSystem fs;
        try {
            fs = LocalFileSystems.raw(uri, hadoopConf);
        } catch (UnsupportedFileSystemException e) {
            throw new TierException("tier '" + spec.name() + "': no Hadoop FileSystem for scheme '" + uri.getScheme() + "' of " + uri
                    + ". Fix: put the file system's jar on the class path, or use file:// or hdfs://", e);
        } catch (IOException e) {
            throw new TierException("tier '" + spec.name() + "': cannot reach " + uri + " (" + e.getMessage() + ")", e);
        }
        return new PfsTier(spec, fs, new org.apache.hadoop.fs.Path(uri));
    }

    private static URI toUri(TierSpec spec, String base) throws TierException {
        try {
            URI uri = new URI(base).normalize();
            if (uri.getScheme() == null) {
                Path local = Path.of(base);
                if (!local.isAbsolute()) {
                    throw new TierException("tier '" + spec.name() + "': base '" + base
                            + "' is relative. Fix: give an absolute path or a URI such as hdfs://namenode:8020/scr4j");
                }
                uri = local.normalize().toUri();
            }
            if (uri.getPath() == null || uri.getPath().isEmpty() || Path.of(uri.getPath()).normalize().getNameCount() == 0) {
                throw new TierException("tier '" + spec.name() + "': base '" + base
                        + "' is the root of its file system; scr4j deletes datasets under its base. Fix: use a directory of its own");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new TierException("tier '" + spec.name() + "': base '" + base + "' is not a valid URI (" + e.getMessage() + ")", e);
        }
    }
}
